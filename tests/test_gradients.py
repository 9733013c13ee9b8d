"""Backpropagation against central differences, for every activation and depth."""
import numpy as np
import pytest

from mlp_lib import MLP
from mlp_lib.activations import ACTIVATIONS
from mlp_lib.gradcheck import gradient_check, numerical_gradient, relative_error

ARCHITECTURES = {
    1: [3, 5, 2],
    2: [3, 5, 4, 2],
    3: [3, 5, 4, 6, 2],
}


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize("n_hidden", [1, 2, 3])
def test_backprop_matches_central_differences(hidden, n_hidden, rng):
    sizes = ARCHITECTURES[n_hidden]
    net = MLP(sizes, hidden_activation=hidden, output_activation="identity", seed=n_hidden)
    X = rng.standard_normal((7, sizes[0]))
    T = rng.standard_normal((7, sizes[-1]))
    report = gradient_check(net, X, T)
    assert len(report.rows) == 2 * (n_hidden + 1)
    assert report.max_rel_error < 1e-7, str(report)


@pytest.mark.parametrize("output", sorted(ACTIVATIONS))
def test_every_output_activation(output, rng):
    net = MLP([4, 6, 3], hidden_activation="tanh", output_activation=output, seed=1)
    X, T = rng.standard_normal((9, 4)), rng.standard_normal((9, 3))
    assert gradient_check(net, X, T).max_rel_error < 1e-7


def test_gradcheck_catches_a_missing_sigma_prime(rng):
    """A plausible bug: backprop that forgets σ′ in the hidden layer."""
    net = MLP([3, 5, 2], hidden_activation="sigmoid", seed=0)
    X, T = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    Z, A = net.forward(X)
    dY = (A[-1] - T) / len(X)
    dZ2 = dY
    dA1 = dZ2 @ net.weights[1]
    dZ1_wrong = dA1  # missing ∘ σ′(Z1)
    dW = [dZ1_wrong.T @ X, dZ2.T @ A[1]]
    db = [dZ1_wrong.sum(0), dZ2.sum(0)]
    report = gradient_check(net, X, T, gradients=(dW, db))
    assert not report.passed
    verdicts = {r.name: r.verdict for r in report.rows}
    assert verdicts["W2"] == "ok" and verdicts["W1"] == "WRONG", str(report)


def test_numerical_gradient_of_a_known_function():
    theta = np.array([1.0, -2.0, 3.0])
    g = numerical_gradient(lambda: float(np.sum(theta ** 3)), theta)
    assert relative_error(g, 3 * theta ** 2) < 1e-9
    assert np.array_equal(theta, [1.0, -2.0, 3.0]), "theta must be restored"


def test_relative_error_is_symmetric_and_zero_safe():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    a, b = np.array([1.0, 2.0]), np.array([1.0, 2.5])
    assert relative_error(a, b) == pytest.approx(relative_error(b, a))
