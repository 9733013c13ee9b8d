"""The MLP: shapes, determinism, one SGD step by hand, and the source notebook's epoch."""
import numpy as np
import pytest

from mlp_lib import MLP, TrainingDiverged, two_layer
from mlp_lib.losses import mse_loss, mse_loss_grad
from mlp_lib.seed_port import SeedNN


@pytest.mark.parametrize("sizes", [[8, 20, 10, 1], [3, 4], [5, 7, 6, 4, 2]])
def test_parameter_and_output_shapes(sizes, rng):
    net = MLP(sizes, seed=0)
    assert [W.shape for W in net.weights] == [(o, i) for i, o in zip(sizes[:-1], sizes[1:])]
    assert [b.shape for b in net.biases] == [(o,) for o in sizes[1:]]
    X, T = rng.standard_normal((11, sizes[0])), rng.standard_normal((11, sizes[-1]))
    Z, A = net.forward(X)
    assert [z.shape for z in Z] == [(11, n) for n in sizes[1:]]
    assert [a.shape for a in A] == [(11, n) for n in sizes]
    loss, dW, db = net.loss_and_gradients(X, T)
    assert [g.shape for g in dW] == [W.shape for W in net.weights]
    assert [g.shape for g in db] == [b.shape for b in net.biases]
    assert isinstance(loss, float) and loss >= 0
    assert net.predict(X).shape == (11, sizes[-1])
    assert net.predict(X[:1]).shape == (1, sizes[-1])


def test_same_seed_same_network_and_training(rng):
    X, t = rng.standard_normal((50, 3)), rng.standard_normal(50)
    a, b = MLP([3, 4, 1], seed=7), MLP([3, 4, 1], seed=7)
    assert all(np.array_equal(Wa, Wb) for Wa, Wb in zip(a.weights, b.weights))
    ha = a.fit(X, t, epochs=3, batch_size=8)
    hb = b.fit(X, t, epochs=3, batch_size=8)
    assert ha.train_loss == hb.train_loss
    assert all(np.array_equal(Wa, Wb) for Wa, Wb in zip(a.weights, b.weights))
    c = MLP([3, 4, 1], seed=8)
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_no_global_numpy_random_state_is_used(rng):
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    MLP([3, 4, 1], seed=1).fit(rng.standard_normal((20, 3)), rng.standard_normal(20), epochs=2)
    assert np.array_equal(np.random.get_state()[1], before)


def test_one_sgd_step_by_hand_and_fit_reproduces_it():
    """A 2-2-1 sigmoid network, one batch of 2 samples, every quantity written out."""
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    T = np.array([[1.0], [0.0]])
    W1 = np.array([[0.1, -0.2], [0.3, 0.4]]); b1 = np.array([0.05, -0.05])
    W2 = np.array([[0.7, -0.6]]); b2 = np.array([0.2])
    eta = 0.5
    sig = lambda z: 1 / (1 + np.exp(-z))
    # forward, one line per equation
    Z1 = X @ W1.T + b1; A1 = sig(Z1); Z2 = A1 @ W2.T + b2; Y = Z2
    # backward: dL/dY = (Y - T)/N, linear output
    dZ2 = (Y - T) / 2
    dW2 = dZ2.T @ A1; db2 = dZ2.sum(0)
    dZ1 = (dZ2 @ W2) * A1 * (1 - A1)
    dW1 = dZ1.T @ X; db1 = dZ1.sum(0)
    expected = [W1 - eta * dW1, b1 - eta * db1, W2 - eta * dW2, b2 - eta * db2]

    net = MLP([2, 2, 1], hidden_activation="sigmoid", output_activation="identity", seed=0)
    net.weights = [W1.copy(), W2.copy()]
    net.biases = [b1.copy(), b2.copy()]
    history = net.fit(X, T, epochs=1, batch_size=2, learning_rate=eta, shuffle=False)
    got = [net.weights[0], net.biases[0], net.weights[1], net.biases[1]]
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=0, atol=1e-15)
    assert history.train_loss[0] == pytest.approx(0.5 * np.sum((Y - T) ** 2) / 2)


def test_one_epoch_without_shuffling_equals_the_source_notebook(rng):
    X = rng.standard_normal((100, 8))          # 100 rows: 3 full batches of 32 and one of 4
    T = rng.standard_normal((100, 1))
    net = MLP([8, 20, 10, 1], hidden_activation="sigmoid", output_activation="identity", seed=3)
    seed_nn = SeedNN(net.weights, net.biases, learning_rate=0.1, batch_size=32)
    seed_nn.fit_epoch(X, T)
    net.fit(X, T[:, 0], epochs=1, batch_size=32, learning_rate=0.1, shuffle=False)
    for ours, theirs in zip(net.weights + net.biases, seed_nn.weights + seed_nn.biases):
        np.testing.assert_allclose(ours, theirs.reshape(ours.shape), rtol=1e-12, atol=1e-14)


def test_two_layer_module_matches_mlp(rng):
    net = MLP([4, 6, 3], hidden_activation="tanh", output_activation="sigmoid", seed=2)
    X = rng.standard_normal((5, 4))
    Z1, A1, Z2, Y = two_layer.forward(X, net.weights[0], net.biases[0], net.weights[1],
                                      net.biases[1], "tanh", "sigmoid")
    Z, A = net.forward(X)
    for mine, theirs in [(Z1, Z[0]), (A1, A[1]), (Z2, Z[1]), (Y, A[2])]:
        np.testing.assert_allclose(mine, theirs, rtol=1e-14)


def test_fit_accepts_lists_and_1d_targets_and_records_validation():
    X = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
    t = [1.0, 1.0, 0.0, 0.0]
    net = MLP([2, 3, 1], seed=0)
    h = net.fit(X, t, epochs=4, batch_size=2, validation_data=(X, t))
    assert h.epochs == 4 and len(h.val_loss) == 4
    # val loss after the last epoch is the loss of the final network
    assert h.val_loss[-1] == pytest.approx(mse_loss(net.predict(X), np.array(t)[:, None]))


def test_training_reduces_the_loss(rng):
    X = rng.uniform(-1, 1, (200, 1)); T = np.sin(np.pi * X)
    net = MLP([1, 16, 1], hidden_activation="tanh", seed=0)
    h = net.fit(X, T, epochs=30, batch_size=16, learning_rate=0.1)
    assert h.train_loss[-1] < 0.5 * h.train_loss[0]


def test_mse_gradient_is_the_derivative_of_the_loss(rng):
    Y, T = rng.standard_normal((6, 2)), rng.standard_normal((6, 2))
    eps = 1e-6
    E = np.zeros_like(Y); E[4, 1] = eps
    numeric = (mse_loss(Y + E, T) - mse_loss(Y - E, T)) / (2 * eps)
    assert mse_loss_grad(Y, T)[4, 1] == pytest.approx(numeric, rel=1e-7)


def test_divergence_stops_with_epoch_and_batch(rng):
    X = rng.standard_normal((64, 3)) * 10; t = rng.standard_normal(64) * 10
    net = MLP([3, 8, 1], hidden_activation="relu", seed=0)
    with pytest.raises(TrainingDiverged, match=r"epoch \d+, batch \d+.*smaller learning_rate") as info:
        net.fit(X, t, epochs=50, batch_size=16, learning_rate=50.0)
    assert isinstance(info.value.history.train_loss, list)


def test_float32_option(rng):
    net = MLP([3, 4, 1], seed=0, dtype=np.float32)
    X = rng.standard_normal((10, 3))
    assert net.predict(X).dtype == np.float32
    net.fit(X, rng.standard_normal(10), epochs=2)
    assert all(W.dtype == np.float32 for W in net.weights)


def test_network_loss_and_gradient_agree_with_losses_module(rng):
    """_loss_and_gradients computes eq-mse and eq-dL-dy from one residual instead of
    calling losses.py (fewer calls per batch); the two must stay the same equations."""
    net = MLP([3, 5, 2], hidden_activation="tanh", seed=4)
    X, T = rng.standard_normal((9, 3)), rng.standard_normal((9, 2))
    loss, dW, db = net.loss_and_gradients(X, T)
    Z, A = net.forward(X)
    assert loss == pytest.approx(mse_loss(A[-1], T), rel=1e-14)
    dW_ref, db_ref = net.backward(Z, A, mse_loss_grad(A[-1], T))
    for g, r in zip(dW + db, dW_ref + db_ref):
        np.testing.assert_allclose(g, r, rtol=1e-14, atol=1e-16)
