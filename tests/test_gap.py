"""Chapter 8 (closing the gap): initialisations, optimisers, weight decay, early
stopping, Fourier features, the two exercises, and the cached experiment."""
import numpy as np
import pytest

from mlp_lib import MLP
from mlp_lib import experiments_gap as gap
from mlp_lib.exercises import EXERCISES, check, reference
from mlp_lib.exercises.gap import ADAM_MISTAKES, FOURIER_MISTAKES
from mlp_lib.features import (CALIFORNIA_COLUMNS, HousingFeatures, fourier_features,
                              rotated_coordinates, skewness)
from mlp_lib.gradcheck import numerical_gradient, relative_error
from mlp_lib.network import INITIALISATIONS
from mlp_lib.optimizers import SGD, Adam, Momentum, l2_gradients, l2_penalty
from mlp_lib.training import validation_rows


# ---------------------------------------------------------------------------
# initialisation
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("init, expected_std", [
    ("normal", lambda n_in, n_out: np.sqrt(1 / n_in)),
    ("he", lambda n_in, n_out: np.sqrt(2 / n_in)),
    ("xavier", lambda n_in, n_out: np.sqrt(2 / (n_in + n_out))),
])
def test_init_scales(init, expected_std):
    net = MLP([400, 300, 50], hidden_activation="relu", seed=0, init=init)
    for W in net.weights:
        n_out, n_in = W.shape
        assert abs(W.mean()) < 0.1 * expected_std(n_in, n_out)
        assert W.std() == pytest.approx(expected_std(n_in, n_out), rel=0.03)
    assert all(not b.any() for b in net.biases)


def test_init_rescales_the_same_draws_and_default_is_unchanged():
    normal = MLP([30, 20, 1], seed=4)
    default = MLP([30, 20, 1], seed=4, init="normal")
    he = MLP([30, 20, 1], seed=4, init="he")
    for a, b, c in zip(normal.weights, default.weights, he.weights):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(c, np.sqrt(2) * a, rtol=1e-14)
    assert set(INITIALISATIONS) == {"normal", "he", "xavier"}
    assert "init='he'" in repr(he) and "init" not in repr(normal)


@pytest.mark.parametrize("bad, error", [("glorot", ValueError), (None, TypeError), (2, TypeError)])
def test_init_is_validated(bad, error):
    with pytest.raises(error, match="init must be one of"):
        MLP([3, 2, 1], init=bad)


# ---------------------------------------------------------------------------
# L2 weight decay
# ---------------------------------------------------------------------------
def test_gradient_check_with_weight_decay(rng):
    lam = 0.3
    net = MLP([3, 5, 4, 2], hidden_activation="tanh", seed=2)
    X, T = rng.standard_normal((7, 3)), rng.standard_normal((7, 2))
    _, dW, db = net.loss_and_gradients(X, T)
    dW_total = l2_gradients(net.weights, dW, lam)

    def penalised_loss():
        return net.loss_and_gradients(X, T)[0] + l2_penalty(net.weights, lam)

    for W, g in zip(net.weights, dW_total):
        assert relative_error(g, numerical_gradient(penalised_loss, W)) < 1e-7
    for b, g in zip(net.biases, db):   # biases are not decayed: their gradient is unchanged
        assert relative_error(g, numerical_gradient(penalised_loss, b)) < 1e-7
    assert l2_penalty(net.weights, lam) == pytest.approx(
        0.5 * lam * sum(np.sum(W ** 2) for W in net.weights))


def test_fit_with_weight_decay_takes_the_decayed_step(rng):
    X, T = rng.standard_normal((6, 3)), rng.standard_normal((6, 1))
    net = MLP([3, 4, 1], hidden_activation="sigmoid", seed=1)
    W0, b0 = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    _, dW, db = net.loss_and_gradients(X, T)
    eta, lam = 0.2, 0.05
    net.fit(X, T, epochs=1, batch_size=6, learning_rate=eta, shuffle=False, weight_decay=lam)
    for W, W_0, g in zip(net.weights, W0, dW):
        np.testing.assert_allclose(W, (1 - eta * lam) * W_0 - eta * g, rtol=0, atol=1e-15)
    for b, b_0, g in zip(net.biases, b0, db):
        np.testing.assert_allclose(b, b_0 - eta * g, rtol=0, atol=1e-15)


# ---------------------------------------------------------------------------
# optimisers
# ---------------------------------------------------------------------------
def test_adam_two_steps_by_hand_with_bias_correction():
    """One weight, gradients 0.5 then −1.0, every number written out."""
    eta, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    W, b = np.array([[1.0]]), np.array([0.0])
    opt = Adam(eta, b1, b2, eps)
    opt.step([W], [b], [np.array([[0.5]])], [np.array([0.0])])
    # t = 1: m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025
    #        m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25, step = 0.1·0.5/(0.5 + 1e-8)
    assert opt.m[0][0, 0] == pytest.approx(0.05, rel=1e-14)
    assert opt.v[0][0, 0] == pytest.approx(0.00025, rel=1e-14)
    assert W[0, 0] == pytest.approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), rel=1e-14)
    W1 = W[0, 0]
    opt.step([W], [b], [np.array([[-1.0]])], [np.array([0.0])])
    # t = 2: m = 0.9·0.05 + 0.1·(−1) = −0.055,  v = 0.999·0.00025 + 0.001·1 = 0.00124975
    m, v = -0.055, 0.999 * 0.00025 + 0.001
    m_hat, v_hat = m / (1 - 0.9 ** 2), v / (1 - 0.999 ** 2)
    assert opt.t == 2
    assert W[0, 0] == pytest.approx(W1 - eta * m_hat / (np.sqrt(v_hat) + eps), rel=1e-14)
    assert b[0] == 0.0   # a zero gradient does not move a parameter


def test_adam_first_step_has_size_eta_whatever_the_gradient_scale():
    for scale in (1e-2, 1.0, 1e4):   # ε = 1e-8 is negligible next to |g|
        W = np.zeros((2, 3))
        Adam(0.01).step([W], [np.zeros(2)], [scale * np.ones((2, 3))], [np.zeros(2)])
        np.testing.assert_allclose(W, -0.01, rtol=1e-5)


def test_adam_matches_the_exercise_reference(rng):
    theta, g = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    W, m, v = theta.copy(), np.zeros_like(theta), np.zeros_like(theta)
    opt = Adam(0.01)
    for t in range(1, 4):
        opt.step([W], [np.zeros(1)], [g * t], [np.zeros(1)])
        theta, m, v = reference("adam-step")(theta, g * t, m, v, t, 0.01, 0.9, 0.999, 1e-8)
        np.testing.assert_allclose(W, theta, rtol=1e-13)
        np.testing.assert_allclose(opt.m[0], m, rtol=1e-13)


def test_momentum_by_hand():
    W, b = np.array([[2.0]]), np.array([1.0])
    opt = Momentum(0.1, beta=0.5)
    opt.step([W], [b], [np.array([[1.0]])], [np.array([-2.0])])
    assert (W[0, 0], b[0]) == pytest.approx((2.0 - 0.1 * 1.0, 1.0 + 0.1 * 2.0))
    opt.step([W], [b], [np.array([[1.0]])], [np.array([0.0])])
    # v_W = 0.5·1 + 1 = 1.5; v_b = 0.5·(−2) + 0 = −1
    assert (W[0, 0], b[0]) == pytest.approx((1.9 - 0.15, 1.2 + 0.1))


def test_momentum_with_beta_zero_is_sgd(rng):
    X, t = rng.standard_normal((40, 3)), rng.standard_normal(40)
    a, b = MLP([3, 5, 1], seed=3), MLP([3, 5, 1], seed=3)
    a.fit(X, t, epochs=3, batch_size=8, optimizer=SGD(0.05), seed=1)
    b.fit(X, t, epochs=3, batch_size=8, optimizer=Momentum(0.05, beta=0.0), seed=1)
    for Wa, Wb in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(Wa, Wb, rtol=1e-14)


def test_optimiser_arguments_and_reuse_are_checked():
    with pytest.raises(ValueError, match="beta1"):
        Adam(beta1=1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        Momentum(learning_rate=-1)
    opt = Adam()
    opt.step([np.zeros((2, 2))], [np.zeros(2)], [np.ones((2, 2))], [np.ones(2)])
    with pytest.raises(ValueError, match="create a new one"):
        opt.step([np.zeros((3, 2))], [np.zeros(3)], [np.ones((3, 2))], [np.ones(3)])


# ---------------------------------------------------------------------------
# early stopping
# ---------------------------------------------------------------------------
def _overfitting_problem():
    r = np.random.default_rng(0)
    X = r.uniform(-1, 1, size=(24, 1))
    T = np.sin(3 * X) + 0.5 * r.standard_normal((24, 1))
    X_val = r.uniform(-1, 1, size=(200, 1))
    return X, T, X_val, np.sin(3 * X_val)


def test_early_stopping_restores_the_best_weights():
    X, T, X_val, T_val = _overfitting_problem()
    net = MLP([1, 64, 64, 1], hidden_activation="relu", init="he", seed=0)
    h = net.fit(X, T, epochs=400, batch_size=8, optimizer=Adam(0.01), seed=0,
                validation_data=(X_val, T_val), patience=15)
    assert h.stopped_early and h.epochs < 400
    assert h.epochs == h.best_epoch + 15
    best = min(h.val_loss)
    assert h.val_loss[h.best_epoch - 1] == best and h.val_loss[-1] > best
    final = 0.5 * np.mean((net.predict(X_val) - T_val) ** 2)
    assert final == pytest.approx(best, rel=1e-12)
    # the restored network is exactly the one trained for best_epoch epochs
    again = MLP([1, 64, 64, 1], hidden_activation="relu", init="he", seed=0)
    again.fit(X, T, epochs=h.best_epoch, batch_size=8, optimizer=Adam(0.01), seed=0)
    for a, b in zip(net.weights + net.biases, again.weights + again.biases):
        np.testing.assert_array_equal(a, b)
    assert f"best_epoch={h.best_epoch}" in repr(h)


def test_without_restore_the_last_weights_stay():
    X, T, X_val, T_val = _overfitting_problem()
    net = MLP([1, 64, 64, 1], hidden_activation="relu", init="he", seed=0)
    h = net.fit(X, T, epochs=400, batch_size=8, optimizer=Adam(0.01), seed=0,
                validation_data=(X_val, T_val), patience=15, restore_best=False)
    final = 0.5 * np.mean((net.predict(X_val) - T_val) ** 2)
    assert final == pytest.approx(h.val_loss[-1], rel=1e-12)


def test_early_stopping_arguments_are_checked(rng):
    X, t = rng.standard_normal((10, 2)), rng.standard_normal(10)
    net = MLP([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match="validation_data"):
        net.fit(X, t, patience=5)
    with pytest.raises(ValueError, match="patience"):
        net.fit(X, t, patience=0, validation_data=(X, t))
    with pytest.raises(ValueError, match="weight_decay"):
        net.fit(X, t, weight_decay=-0.1)


def test_validation_rows_partition_the_training_rows():
    fit, val = validation_rows(100, 0.15, seed=3)
    assert len(val) == 15 and len(fit) == 85
    assert sorted(np.concatenate([fit, val]).tolist()) == list(range(100))
    np.testing.assert_array_equal(val, validation_rows(100, 0.15, seed=3)[1])
    assert not np.array_equal(val, validation_rows(100, 0.15, seed=4)[1])
    with pytest.raises(ValueError, match="fraction"):
        validation_rows(10, 0.01)


# ---------------------------------------------------------------------------
# Fourier features
# ---------------------------------------------------------------------------
def test_fourier_features_values_and_layout():
    u = np.array([0.0, 0.25, 0.5])
    gamma = fourier_features(u, [1.0, 2.0])
    assert gamma.shape == (3, 4)
    expected = np.array([[0, 0, 1, 1],          # sin(0), sin(0), cos(0), cos(0)
                         [1, 0, 0, -1],         # sin(π/2), sin(π), cos(π/2), cos(π)
                         [0, 0, -1, 1]])        # sin(π), sin(2π), cos(π), cos(2π)
    np.testing.assert_allclose(gamma, expected, atol=1e-12)
    U = np.stack([u, 2 * u], axis=1)            # (N, c) = (3, 2): γ(u₁), γ(u₂) side by side
    both = fourier_features(U, [1.0, 2.0])
    assert both.shape == (3, 8)
    np.testing.assert_allclose(both[:, :4], gamma)
    np.testing.assert_allclose(both[:, 4:], fourier_features(2 * u, [1.0, 2.0]))
    np.testing.assert_allclose(fourier_features(u, [0.5, 3.0]),
                               reference("fourier-features")(u, np.array([0.5, 3.0])))
    assert fourier_features(u, []).shape == (3, 0)


def test_fourier_features_reject_bad_input():
    with pytest.raises(ValueError, match="frequencies"):
        fourier_features(np.zeros(3), [[1.0, 2.0]])
    with pytest.raises(ValueError, match="u"):
        fourier_features(np.zeros((2, 2, 2)), [1.0])
    with pytest.raises(ValueError, match="finite"):
        fourier_features(np.array([np.nan, 1.0]), [1.0])


def test_rotated_coordinates_are_a_rotation():
    lat, lon = np.array([34.0, 38.0]), np.array([-118.0, -122.0])
    R = rotated_coordinates(lat, lon)
    assert R.shape == (2, 2)
    np.testing.assert_allclose(np.sum(R ** 2, axis=1), lat ** 2 + lon ** 2)


def test_housing_features_learn_only_from_the_rows_given_to_fit(rng):
    X = np.abs(rng.standard_normal((200, 8))) + 0.1
    X[:, 4] = rng.lognormal(3, 1.5, size=200)              # Population: strongly skewed
    X[:, 6], X[:, 7] = rng.uniform(33, 41, 200), rng.uniform(-124, -115, 200)
    hf = HousingFeatures(frequencies=[0.5, 1, 2], rotate=True, log_skewed=True).fit(X[:150])
    assert "Population" in hf.log_columns and skewness(X[:150])[4] > 1
    Z = hf.transform(X)
    assert Z.shape == (200, 8 + 2 * 3 * 4) == (200, hf.n_features)
    assert len(hf.feature_names) == hf.n_features and hf.feature_names[4] == "log Population"
    np.testing.assert_allclose(Z[:150, :8].mean(axis=0), 0, atol=1e-12)   # fit rows: mean 0
    assert np.abs(Z[150:, :8].mean(axis=0)).max() > 1e-3                     # others: not forced
    np.testing.assert_allclose(Z[:, 8:14], fourier_features(X[:, 6], [0.5, 1, 2]))
    plain = HousingFeatures().fit(X)
    assert plain.transform(X).shape == (200, 8) and plain.log_columns == ()
    assert list(CALIFORNIA_COLUMNS[6:]) == ["Latitude", "Longitude"]
    with pytest.raises(ValueError, match="fitted"):
        HousingFeatures().transform(X)


# ---------------------------------------------------------------------------
# the two exercises
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("ex_id", ["adam-step", "fourier-features"])
def test_exercise_is_registered_and_its_reference_passes(ex_id):
    ex = EXERCISES[ex_id]
    assert ex.lab == "08-closing-the-gap-lab"
    assert check(ex_id, ex.reference).passed
    namespace = {}
    exec(ex.blank, namespace)
    result = check(ex_id, namespace[ex.function_name])
    assert not result.passed and "NotImplementedError" in result.message


@pytest.mark.parametrize("ex_id, mistake", [("adam-step", m) for m in ADAM_MISTAKES]
                         + [("fourier-features", m) for m in FOURIER_MISTAKES],
                         ids=lambda v: getattr(v, "name", v))
def test_each_typical_mistake_gets_its_own_diagnosis(ex_id, mistake):
    result = check(ex_id, mistake.implementation)
    assert not result.passed
    first_sentence = mistake.explanation.split("{name}")[-1].strip(" :")[:40]
    assert first_sentence in result.message, result.message


def test_adam_checker_names_a_transposed_or_in_place_answer():
    ref = reference("adam-step")

    def in_place(theta, g, m, v, t, eta, b1, b2, eps):
        new = ref(theta, g, m, v, t, eta, b1, b2, eps)
        theta[...] = new[0]
        return new

    result = check("adam-step", in_place)
    assert result.passed and "in place" in result.message
    result = check("fourier-features", lambda u, f: reference("fourier-features")(u, f).T)
    assert not result.passed and "transposed" in result.message


# ---------------------------------------------------------------------------
# the cached experiment (book/data/gap_results.json)
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cache():
    return gap.load_cache()


@pytest.fixture(scope="module")
def data():
    return gap.GapData()


def test_cache_matches_the_code_and_this_library_version(cache):
    assert cache["config"] == gap.load_cache()["config"]
    assert cache["versions"]["mlp_lib"] == gap.library_versions()["mlp_lib"], (
        "regenerate with: python -m mlp_lib.experiments_gap --write-cache")
    names = [r["name"] for r in cache["ablation"]]
    assert names[:len(gap.ABLATION)] == [n for n, _ in gap.ABLATION]
    for row in cache["ablation"][:len(gap.ABLATION)]:
        assert len(row["test_mse"]) == len(row["val_mse"]) == len(gap.SEEDS)


def test_the_cached_result_meets_the_target(cache):
    rows = {r["name"]: r for r in cache["ablation"]}
    fourier = rows["mlp_lib + Fourier features of lat/lon"]
    hgb = rows[gap.HGB_NAME]
    assert np.mean(fourier["test_mse"]) <= 0.200
    assert np.mean(fourier["test_mse"]) < hgb["test_mse"][0]
    assert max(fourier["cpu_seconds"]) <= gap.TIME_LIMIT
    assert fourier["config"] == cache["final"]
    chosen = [t for t in cache["search"] if t["chosen"]]
    assert len(chosen) == len(gap.SEARCH) + 1      # one per searched setting, + SGD's η
    assert all("test_mse" not in t for t in cache["search"])   # the search never saw the test set


def test_a_fresh_short_run_reproduces_the_cached_check_run(cache, data):
    fresh = gap.check_run(cache["final"], data)
    cached = cache["check_run"]
    assert fresh["epochs"] == cached["epochs"] and fresh["seed"] == cached["seed"]
    np.testing.assert_allclose(fresh["val_loss"], cached["val_loss"], rtol=0, atol=1e-9)
    assert fresh["test_mse"] == pytest.approx(cached["test_mse"], rel=0, abs=1e-9), (
        "the library no longer reproduces the cache; if that is on purpose, regenerate it "
        "with: python -m mlp_lib.experiments_gap --write-cache, and re-execute the lab")


def test_a_fresh_full_run_reproduces_a_cached_ablation_entry(cache, data):
    row = cache["ablation"][0]                    # the seed network: a full run in seconds
    fresh = gap.run_network(row["config"], row["seeds"][0], data)
    assert fresh["test_mse"] == pytest.approx(row["test_mse"][0], rel=0, abs=1e-9)
    assert fresh["val_mse"] == pytest.approx(row["val_mse"][0], rel=0, abs=1e-9)
    assert fresh["epochs"] == row["epochs"][0]


def test_a_fresh_full_run_of_the_final_model_reproduces_the_cache(cache, data):
    """The headline row, one full seed (the one that trained fewest epochs: ~20 s)."""
    from threadpoolctl import threadpool_limits

    row = next(r for r in cache["ablation"] if "Fourier" in r["name"])
    i = int(np.argmin(row["epochs"]))
    with threadpool_limits(1):
        fresh = gap.run_network(row["config"], row["seeds"][i], data)
    assert (fresh["epochs"], fresh["best_epoch"]) == (row["epochs"][i], row["best_epoch"][i])
    assert fresh["test_mse"] == pytest.approx(row["test_mse"][i], rel=0, abs=1e-9)
    assert fresh["val_mse"] == pytest.approx(row["val_mse"][i], rel=0, abs=1e-9)


def test_ablation_table_text(cache):
    text = gap.format_ablation(cache["ablation"])
    lines = text.splitlines()
    assert any("Fourier" in line for line in lines)
    assert any(line.startswith(gap.HGB_NAME) for line in lines)
    assert len({len(line) for line in lines if line and not line.endswith(":")}) <= 2


def test_stale_cache_is_refused(tmp_path, cache):
    import json
    path = tmp_path / "gap.json"
    path.write_text(json.dumps(dict(cache, config=dict(cache["config"], seeds=[0]))))
    with pytest.raises(ValueError, match="--write-cache"):
        gap.load_cache(path)
    with pytest.raises(FileNotFoundError, match="--write-cache"):
        gap.load_cache(tmp_path / "missing.json")
