"""Property tests (hypothesis): what must hold for *every* network, not just the examples.

- backprop agrees with central differences on random architectures and activations;
- forward shapes follow layer_sizes, and a batch is the stack of its rows;
- the loss is never negative, and is zero exactly when the targets are the outputs;
- fit is deterministic for a fixed seed;
- bad input of any shape or content gives TypeError or ValueError, never a crash
  deep inside NumPy.

The examples are derandomised (the same on every run) and few, so the file is
fast and never flaky; the data inside an example comes from a drawn seed.
"""
import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mlp_lib import MLP
from mlp_lib.activations import ACTIVATIONS
from mlp_lib.gradcheck import numerical_gradient
from mlp_lib.losses import mse_loss

FAST = settings(max_examples=30, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

activation = st.sampled_from(sorted(ACTIVATIONS))
unit_count = st.integers(1, 5)
# [n_0, hidden..., k]: 1 to 3 hidden layers, every size 1..5
architecture = st.lists(unit_count, min_size=3, max_size=5)
seed = st.integers(0, 2**32 - 1)


def data(sizes, n, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, sizes[0])), rng.standard_normal((n, sizes[-1]))


@FAST
@given(sizes=architecture, hidden=activation, output=activation, n=st.integers(1, 6), seed=seed)
def test_backprop_matches_central_differences(sizes, hidden, output, n, seed):
    net = MLP(sizes, hidden_activation=hidden, output_activation=output, seed=seed % 1000)
    X, T = data(sizes, n, seed)
    Z, _ = net.forward(X)
    # relu has a kink at z = 0, where the derivative jumps and central differences
    # straddle it. A parameter step of eps = 1e-6 moves every z by at most
    # eps · (largest |a| · fan-out products), well below 1e-3 for these unit-scale
    # networks; so keeping every relu pre-activation at least 1e-3 away from 0 means
    # no difference quotient crosses the kink.
    for l, z in enumerate(Z):
        name = output if l == len(Z) - 1 else hidden
        if name == "relu":
            assume(np.min(np.abs(z)) > 1e-3)
    loss, dW, db = net.loss_and_gradients(X, T)

    def L():
        return mse_loss(net.forward(X)[1][-1], T)

    for analytic, params in ((dW, net.weights), (db, net.biases)):
        for g, p in zip(analytic, params):
            numeric = numerical_gradient(L, p)
            # rounding error of a difference quotient ~ 1e-16·L / 1e-6, truncation ~ eps²
            np.testing.assert_allclose(g, numeric, rtol=1e-5, atol=1e-8 * max(1.0, loss))


@FAST
@given(sizes=st.lists(unit_count, min_size=2, max_size=5), n=st.integers(1, 9), seed=seed,
       hidden=activation, output=activation)
def test_forward_shapes_follow_layer_sizes(sizes, n, seed, hidden, output):
    net = MLP(sizes, hidden_activation=hidden, output_activation=output, seed=seed % 1000)
    X, T = data(sizes, n, seed)
    Z, A = net.forward(X)
    assert [z.shape for z in Z] == [(n, m) for m in sizes[1:]]
    assert [a.shape for a in A] == [(n, m) for m in sizes]
    Y = net.predict(X)
    assert Y.shape == (n, sizes[-1]) and Y.dtype == np.float64
    _, dW, db = net.loss_and_gradients(X, T)
    assert [g.shape for g in dW] == [W.shape for W in net.weights]
    assert [g.shape for g in db] == [b.shape for b in net.biases]
    # a batch is the stack of its rows: no sample influences another's output
    rows = np.vstack([net.predict(X[i:i + 1]) for i in range(n)])
    np.testing.assert_allclose(rows, Y, rtol=1e-12, atol=1e-14)


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@FAST
@given(shape=st.tuples(st.integers(1, 6), st.integers(1, 4)), data=st.data())
def test_loss_is_never_negative(shape, data):
    n = shape[0] * shape[1]
    Y = np.array(data.draw(st.lists(finite, min_size=n, max_size=n))).reshape(shape)
    T = np.array(data.draw(st.lists(finite, min_size=n, max_size=n))).reshape(shape)
    assert mse_loss(Y, T) >= 0.0
    assert mse_loss(Y, Y) == 0.0


@FAST
@given(sizes=architecture, hidden=activation, n=st.integers(1, 8), seed=seed)
def test_network_loss_is_never_negative_and_zero_on_its_own_outputs(sizes, hidden, n, seed):
    net = MLP(sizes, hidden_activation=hidden, seed=seed % 1000)
    X, T = data(sizes, n, seed)
    loss, _, _ = net.loss_and_gradients(X, 100 * T)
    assert loss >= 0.0
    loss_self, dW, db = net.loss_and_gradients(X, net.predict(X))
    assert loss_self == 0.0
    assert all(not g.any() for g in dW + db)  # at a perfect fit every gradient is zero


@FAST
@given(sizes=architecture, hidden=activation, n=st.integers(1, 20), seed=seed,
       epochs=st.integers(1, 3), batch_size=st.integers(1, 8), shuffle=st.booleans(),
       fit_seed=st.none() | st.integers(0, 1000))
def test_fit_is_deterministic_for_a_fixed_seed(sizes, hidden, n, seed, epochs, batch_size,
                                               shuffle, fit_seed):
    X, T = data(sizes, n, seed)
    histories, params = [], []
    for _ in range(2):
        net = MLP(sizes, hidden_activation=hidden, seed=seed % 1000)
        h = net.fit(X, T, epochs=epochs, batch_size=min(batch_size, n), learning_rate=0.05,
                    shuffle=shuffle, seed=fit_seed)
        histories.append(h.train_loss)
        params.append(net.weights + net.biases)
    assert histories[0] == histories[1] and len(histories[0]) == epochs
    assert all(np.array_equal(a, b) for a, b in zip(*params))


@FAST
@given(sizes=architecture, n=st.integers(1, 6), seed=seed)
def test_float32_input_gives_the_numbers_of_its_float64_copy(sizes, n, seed):
    net = MLP(sizes, seed=seed % 1000)
    X32 = data(sizes, n, seed)[0].astype(np.float32)
    Y = net.predict(X32)
    assert Y.dtype == np.float64
    assert np.array_equal(Y, net.predict(X32.astype(np.float64)))


# anything a learner might pass as X: nested lists of numbers, NaN, None, text, bools,
# with random (possibly ragged) lengths and depth
cell = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**30, 10**30),
    st.none(), st.text(max_size=3), st.booleans(), st.complex_numbers(max_magnitude=10),
)
row = st.one_of(st.lists(cell, max_size=4), cell)
garbage = st.one_of(st.lists(row, max_size=4), cell,
                    st.lists(st.lists(st.lists(cell, max_size=2), max_size=2), max_size=2))


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(X=garbage)
def test_any_bad_input_gets_type_or_value_error(X):
    net = MLP([3, 2, 1], seed=0)
    try:
        Y = net.predict(X)
    except (TypeError, ValueError) as exc:
        assert str(exc).startswith("X ") or "X " in str(exc), str(exc)
    else:
        assert Y.shape[1] == 1 and np.isfinite(Y).all()
