"""The benchmark runs and reports; the fast training loop computes the plain equations.

No timing is asserted here: speed is measured by ``python -m mlp_lib.bench``,
not by a unit test on a shared machine.
"""
import subprocess
import sys

import numpy as np
import pytest

from mlp_lib import MLP, bench
from mlp_lib.activations import ACTIVATIONS, derivative_of_output
from mlp_lib.losses import mse_loss, mse_loss_grad
from mlp_lib.optimizers import SGD, sgd_step
from mlp_lib.seed_port import SeedNN

EXPECTED = [
    r"California housing: 16512 training rows, 4128 test rows; network 8-20-10-1",
    r"1 epoch, 1 repeat of \(a\), \(b\), \(c\) in turn; median of the repeats",
    r"machine: \d+ cores, .* numpy \d",
    r"BLAS \(numpy.s\): ",
    r"ms/epoch +min +max +CPU ms +predict rows/s +test MSE",
    r"\(a\) mlp_lib MLP\.fit +\d+\.\d +\d+\.\d +\d+\.\d +\d+\.\d +[\d,]+ +\d\.\d{4}",
    r"\(b\) scikit-learn MLPRegressor\(sgd\) +\d+\.\d",
    r"\(c\) seed notebook port \(SeedNN\) +\d+\.\d",
    r"ratio \(a\)/\(b\): \d+\.\d{3} \(CPU time: \d+\.\d{3}\)",
    r"ratio \(a\)/\(c\): \d+\.\d{3} \(CPU time: \d+\.\d{3}\)",
    r"matrix-product FLOPs per epoch: 36\.7 M \(forward 12\.2 M, backward 24\.4 M\); "
    r"\(a\) achieves \d+\.\d\d GFLOP/s",
    r"BLAS on one 1000×1000 matrix product: \d+\.\d GFLOP/s",
]


def test_quick_benchmark_prints_every_line(capsys):
    assert bench.main(["--quick", "--epochs", "1", "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    import re
    for pattern in EXPECTED:
        assert re.search(pattern, out), f"missing line matching {pattern!r} in:\n{out}"


def test_command_line_entry_point_and_help():
    done = subprocess.run([sys.executable, "-m", "mlp_lib.bench", "--help"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for option in ("--epochs", "--repeats", "--quick", "--float32", "--blas-threads"):
        assert option in done.stdout
    bad = subprocess.run([sys.executable, "-m", "mlp_lib.bench", "--epochs", "0"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--epochs must be an integer ≥ 1" in bad.stderr


def test_flop_count_follows_the_layer_sizes():
    forward, backward, total = bench.flops_per_epoch([8, 20, 10, 1], 16512)
    assert forward == 2 * 16512 * (8 * 20 + 20 * 10 + 10 * 1) == 12_218_880
    assert backward == 2 * forward and total == 3 * forward


def test_fit_equals_the_source_notebook_loop_to_1e_12(rng):
    """Three epochs of the fast loop against the plain port of the notebook, weights and losses."""
    X = rng.standard_normal((200, 8))           # 6 full batches of 32 and one of 8
    T = rng.standard_normal((200, 1))
    net = MLP([8, 20, 10, 1], hidden_activation="sigmoid", output_activation="identity", seed=5)
    seed_nn = SeedNN(net.weights, net.biases, learning_rate=0.1, batch_size=32)
    seed_losses = [seed_nn.fit_epoch(X, T) for _ in range(3)]
    history = net.fit(X, T, epochs=3, batch_size=32, learning_rate=0.1, shuffle=False)
    for ours, theirs in zip(net.weights + net.biases, seed_nn.weights + seed_nn.biases):
        np.testing.assert_allclose(ours, theirs.reshape(ours.shape), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(history.train_loss, seed_losses, rtol=1e-12)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_read_off_the_output_equals_the_derivative_of_z(name):
    act = ACTIVATIONS[name]
    z = np.linspace(-40, 40, 801)
    of_output = derivative_of_output(act)
    expected = act.df(z)
    got = np.ones_like(z) if of_output is None else of_output(act.f(z))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize("output", ["identity", "sigmoid"])
def test_backward_equals_the_plain_equations(hidden, output, rng):
    """MLP.backward (σ′ from A, linear layers skipped, 1ᵀ by a product) against a
    direct transcription of eq-dZ, eq-dW, eq-db, eq-dA with σ′(Z) and sum()."""
    net = MLP([5, 7, 6, 3], hidden_activation=hidden, output_activation=output, seed=1)
    X, T = rng.standard_normal((9, 5)), rng.standard_normal((9, 3))
    loss, dW, db = net.loss_and_gradients(X, T)
    Z, A = net.forward(X)
    assert loss == pytest.approx(mse_loss(A[-1], T), rel=1e-12)
    dA = mse_loss_grad(A[-1], T)
    for l in reversed(range(3)):
        dZ = dA * net.activations[l].df(Z[l])
        np.testing.assert_allclose(dW[l], dZ.T @ A[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db[l], dZ.sum(axis=0), rtol=1e-12, atol=1e-15)
        dA = dZ @ net.weights[l]


def test_the_optimizer_seam(rng):
    """fit takes any object with step(weights, biases, dW, db); SGD is the default."""
    X, t = rng.standard_normal((40, 3)), rng.standard_normal(40)
    a, b = MLP([3, 4, 1], seed=2), MLP([3, 4, 1], seed=2)
    a.fit(X, t, epochs=2, batch_size=8, learning_rate=0.05, shuffle=False)
    b.fit(X, t, epochs=2, batch_size=8, shuffle=False, optimizer=SGD(0.05))
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))

    class Recorder:
        learning_rate = 0.05
        steps = 0

        def step(self, weights, biases, dW, db):
            self.steps += 1
            sgd_step(weights, biases, dW, db, self.learning_rate)

    rec = Recorder()
    c = MLP([3, 4, 1], seed=2)
    c.fit(X, t, epochs=2, batch_size=8, shuffle=False, optimizer=rec)
    assert rec.steps == 2 * 5
    # SGD.step runs the update through BLAS axpy, sgd_step through NumPy: same
    # arithmetic, equal up to rounding (axpy may fuse the multiply and the add).
    for p, q in zip(a.weights + a.biases, c.weights + c.biases):
        np.testing.assert_allclose(p, q, rtol=1e-13, atol=1e-15)
    with pytest.raises(TypeError, match="optimizer must have a method step"):
        c.fit(X, t, optimizer="adam")
    with pytest.raises(ValueError, match="learning_rate"):
        SGD(-1.0)


def test_predict_in_blocks_equals_one_forward_pass(rng):
    from mlp_lib.network import PREDICT_ROWS

    net = MLP([8, 20, 10, 1], seed=3)
    X = rng.standard_normal((2 * PREDICT_ROWS + 37, 8))     # two full blocks and a short one
    Y = net.predict(X)
    assert Y.shape == (len(X), 1)
    np.testing.assert_allclose(Y, net.forward(X)[1][-1], rtol=1e-12, atol=1e-15)


def test_benchmark_figures_show_the_measured_values():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mlp_lib.plotting import describe_figure, plot_batch_size_times, plot_benchmark

    result = bench.BenchResult(epochs=2, repeats=2, n_train=10, n_test=5, dtype="float64",
                               seconds={"a": [0.02, 0.04], "b": [0.1, 0.1], "c": [0.06, 0.08]},
                               cpu_seconds={"a": [0.02, 0.04], "b": [0.1, 0.1], "c": [0.06, 0.08]})
    text = describe_figure(plot_benchmark(result, {"forward": 10.0, "backward": 8.0}))
    assert "bars n=3: height min=15 max=50 mean=33.33" in text      # ms per epoch, medians
    assert "bars n=2: height min=8 max=10 mean=9" in text
    assert result.ratio("a", "b") == pytest.approx(0.3)
    text = describe_figure(plot_batch_size_times({8: 40.0, 32: 12.0}, compute_ms=1.0))
    assert "n=2 x min=8 max=32" in text and "y min=12 max=40" in text
    plt.close("all")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sgd_step_object_equals_the_plain_equation(dtype, rng):
    """SGD.step (BLAS axpy) makes the update of sgd_step, also for a parameter that is
    a non-contiguous view (where ravel() would copy and axpy would update the copy)."""
    W = rng.standard_normal((6, 4)).astype(dtype)
    W_view = rng.standard_normal((4, 6)).astype(dtype).T       # non-contiguous (6, 4)
    b = rng.standard_normal(6).astype(dtype)
    grads = [rng.standard_normal((6, 4)).astype(dtype) for _ in range(2)], [rng.standard_normal(6).astype(dtype)] * 2
    plain = [W.copy(), W_view.copy()], [b.copy(), b.copy()]
    sgd_step(*plain, *grads, 0.3)
    fast_W, fast_b = [W.copy(), W_view], [b.copy(), b.copy()]
    SGD(0.3).step(fast_W, fast_b, *grads)
    tol = 1e-6 if dtype == np.float32 else 1e-13
    for p, q in zip(plain[0] + plain[1], fast_W + fast_b):
        np.testing.assert_allclose(q, p, rtol=tol, atol=tol)


# ---- one parameter vector θ (eq-sgd-theta) -------------------------------------
def test_weights_and_biases_are_views_of_one_vector_in_order():
    net = MLP([3, 4, 2], seed=0)
    params = net.weights + net.biases
    assert net._packed()
    np.testing.assert_array_equal(net._theta, np.concatenate([p.ravel() for p in params]))
    net.weights[1][1, 3] = 7.0                          # writing to W_2 writes to θ ...
    assert net._theta[3 * 4 + 1 * 4 + 3] == 7.0
    net._theta[-1] = -2.0                               # ... and the other way round
    assert net.biases[1][-1] == -2.0
    dW_views, db_views = net._gradient_views
    assert [g.shape for g in dW_views + db_views] == [p.shape for p in params]
    assert all(g.base is net._gradient for g in dW_views + db_views)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_training_theta_in_one_call_equals_training_array_by_array(dtype, rng):
    """The one-vector SGD step (one axpy on θ, gradients written into ∇L(θ)) against the
    per-array path that a network takes once its weights were replaced by new arrays."""
    X = rng.standard_normal((90, 5)).astype(dtype)
    t = rng.standard_normal(90).astype(dtype)
    packed = MLP([5, 6, 4, 1], seed=4, dtype=dtype)
    loose = MLP([5, 6, 4, 1], seed=4, dtype=dtype)
    loose.weights = [W.copy() for W in loose.weights]   # as the labs do: no longer part of θ
    loose.biases = [b.copy() for b in loose.biases]
    assert packed._packed() and not loose._packed()
    before = [W.copy() for W in loose.weights]
    h1 = packed.fit(X, t, epochs=3, batch_size=16, learning_rate=0.2, seed=1)
    h2 = loose.fit(X, t, epochs=3, batch_size=16, learning_rate=0.2, seed=1)
    assert packed._packed(), "training must keep W_l and b_l as the views of θ"
    assert not np.allclose(loose.weights[0], before[0]), "the per-array path must update"
    tol = 1e-5 if dtype == np.float32 else 1e-12
    for p, q in zip(packed.weights + packed.biases, loose.weights + loose.biases):
        np.testing.assert_allclose(p, q, rtol=tol, atol=tol)
    np.testing.assert_allclose(h1.train_loss, h2.train_loss, rtol=tol)


def test_a_copied_network_still_trains(rng):
    """A deep copy gets its own arrays, which are no longer views of its θ: stepping θ
    alone would leave the copy's weights untouched, so training must notice."""
    import copy

    X, t = rng.standard_normal((40, 3)), rng.standard_normal(40)
    net = MLP([3, 4, 1], seed=2)
    twin = copy.deepcopy(net)
    assert not twin._packed()
    net.fit(X, t, epochs=2, batch_size=8, shuffle=False)
    twin.fit(X, t, epochs=2, batch_size=8, shuffle=False)
    for p, q in zip(net.weights + net.biases, twin.weights + twin.biases):
        np.testing.assert_allclose(q, p, rtol=1e-12, atol=1e-15)


def test_a_subclass_of_sgd_has_its_own_step_called(rng):
    X, t = rng.standard_normal((40, 3)), rng.standard_normal(40)

    class Halved(SGD):
        calls = 0

        def step(self, weights, biases, dW, db):
            self.calls += 1
            sgd_step(weights, biases, dW, db, self.learning_rate / 2)

    opt = Halved(0.2)
    a, b = MLP([3, 4, 1], seed=2), MLP([3, 4, 1], seed=2)
    a.fit(X, t, epochs=1, batch_size=8, shuffle=False, optimizer=opt)
    b.fit(X, t, epochs=1, batch_size=8, shuffle=False, learning_rate=0.1)
    assert opt.calls == 5
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(p, q, rtol=1e-13, atol=1e-15)


def test_backward_into_given_arrays_equals_backward_into_new_ones(rng):
    net = MLP([5, 7, 3], seed=1)
    X = rng.standard_normal((9, 5))
    Z, A = net.forward(X)
    dY = rng.standard_normal((9, 3))
    dW, db = net.backward(Z, A, dY)
    out = net._gradient_views
    dW2, db2 = net.backward(Z, A, dY, out=out)
    assert all(g is o for g, o in zip(dW2 + db2, out[0] + out[1]))   # written in place
    for g, h in zip(dW + db, dW2 + db2):
        np.testing.assert_array_equal(g, h)
    assert not any(np.shares_memory(g, net._gradient) for g in dW + db)  # new arrays by default
