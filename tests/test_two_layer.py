"""two_layer.backward, the seed's six equations spelled out, equals MLP.backward."""
import numpy as np
import pytest

from mlp_lib import MLP, two_layer
from mlp_lib.activations import ACTIVATIONS
from mlp_lib.losses import mse_loss_grad


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize("output", ["identity", "sigmoid"])
def test_two_layer_backward_equals_mlp_backward(hidden, output, rng):
    net = MLP([4, 6, 3], hidden_activation=hidden, output_activation=output, seed=5)
    X, T = rng.standard_normal((7, 4)), rng.standard_normal((7, 3))
    W1, W2 = net.weights
    b1, b2 = net.biases
    Z1, A1, Z2, Y = two_layer.forward(X, W1, b1, W2, b2, hidden, output)
    dW1, db1, dW2, db2 = two_layer.backward(X, Z1, A1, Z2, W2, mse_loss_grad(Y, T), hidden, output)

    _, dW, db = net.loss_and_gradients(X, T)
    for mine, theirs, name in [(dW1, dW[0], "dW1"), (db1, db[0], "db1"),
                               (dW2, dW[1], "dW2"), (db2, db[1], "db2")]:
        assert mine.shape == theirs.shape, name
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-15, err_msg=name)


def test_two_layer_backward_shapes_follow_the_parameters(rng):
    N, n, m, k = 5, 2, 3, 1
    W1, b1 = rng.standard_normal((m, n)), rng.standard_normal(m)
    W2, b2 = rng.standard_normal((k, m)), rng.standard_normal(k)
    X = rng.standard_normal((N, n))
    Z1, A1, Z2, Y = two_layer.forward(X, W1, b1, W2, b2)
    grads = two_layer.backward(X, Z1, A1, Z2, W2, np.ones((N, k)))
    assert [g.shape for g in grads] == [W1.shape, b1.shape, W2.shape, b2.shape]
