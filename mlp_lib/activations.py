"""Activation functions and their derivatives, keyed by name.

Each entry is a pair (f, f′). Both take the pre-activation ``z`` (any shape) and
return an array of the same shape: ``a = f(z)`` is equation eq-forward-a, and
``f′(z)`` is the σ′(z) of the backward pass (eq-dZ). The result is a new array,
except for ``identity``, which returns z itself.

The backward pass has already stored every activation a = σ(z), and for each
activation here σ′(z) can be written with a alone (for the sigmoid,
σ′(z) = a(1 − a), eq-sigmoid-prime). ``derivative_of_output`` gives that form, so
training never evaluates σ twice. It is the same number, computed from a value
already at hand; it is not an approximation.
"""
from typing import Callable, NamedTuple

import numpy as np
from scipy.special import expit

from ._validation import check_activation_name


class Activation(NamedTuple):
    """An activation f and its derivative f′, both functions of z."""

    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), eq-sigmoid.

    ``scipy.special.expit`` evaluates it without overflow for any float input
    (the naive formula overflows ``np.exp(-z)`` for z < −709).
    """
    return expit(z)


def sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z)), eq-sigmoid-prime."""
    s = expit(z)
    return s * (1.0 - s)


def tanh(z):
    """tanh(z)."""
    return np.tanh(z)


def tanh_prime(z):
    """tanh′(z) = 1 − tanh²(z)."""
    return 1.0 - np.tanh(z) ** 2


def relu(z):
    """relu(z) = max(0, z)."""
    return np.maximum(z, 0.0)


def relu_prime(z):
    """relu′(z) = 1 where z > 0, else 0 (we take 0 at z = 0)."""
    return (z > 0).astype(np.result_type(z, np.float32))


def identity(z):
    """identity(z) = z: the linear output layer of a regression network.

    Returns z itself, not a copy (the one exception to "a new array" above): for a
    linear layer A_l and Z_l are the same numbers, and copying them would cost a call.
    """
    return z


def identity_prime(z):
    """identity′(z) = 1, eq-identity-prime: why a linear output passes ∂L/∂y straight through."""
    return np.ones_like(z)


ACTIVATIONS = {
    "sigmoid": Activation(sigmoid, sigmoid_prime),
    "tanh": Activation(tanh, tanh_prime),
    "relu": Activation(relu, relu_prime),
    "identity": Activation(identity, identity_prime),
}


def get_activation(name, argument="activation"):
    """Look up an activation by name, with an error that lists the valid names."""
    check_activation_name(name, argument, ACTIVATIONS)
    return ACTIVATIONS[name]


# ---- σ′ from the stored output a = σ(z) (used by the training loop) -------
def sigmoid_prime_of_output(a):
    """σ′(z) = a(1 − a) with a = σ(z): eq-sigmoid-prime without calling σ again."""
    return a * (1.0 - a)


def tanh_prime_of_output(a):
    """tanh′(z) = 1 − a² with a = tanh(z)."""
    return 1.0 - a * a


def relu_prime_of_output(a):
    """relu′(z) = 1 where a > 0, else 0 (a = max(0, z) > 0 exactly when z > 0)."""
    return (a > 0).astype(a.dtype)


_OF_OUTPUT = {
    sigmoid_prime: sigmoid_prime_of_output,
    tanh_prime: tanh_prime_of_output,
    relu_prime: relu_prime_of_output,
    identity_prime: None,          # σ′ = 1 (eq-identity-prime): ∂L/∂Z = ∂L/∂A, nothing to multiply
}


def derivative_of_output(activation):
    """σ′ as a function of the activation's output a = σ(z), for an Activation.

    Returns a function of a, or None for the identity, whose σ′ is 1 everywhere.
    An activation added to ``ACTIVATIONS`` must also be added here.
    """
    try:
        return _OF_OUTPUT[activation.df]
    except KeyError:
        raise ValueError(
            f"activation {activation!r} has no entry in mlp_lib.activations._OF_OUTPUT; "
            f"add its derivative written as a function of its output a = f(z)."
        ) from None
