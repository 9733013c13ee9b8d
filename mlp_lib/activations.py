"""Activation functions and their derivatives, keyed by name.

Each entry is a pair (f, f′). Both take the pre-activation ``z`` (any shape) and
return a *new* array of the same shape: ``a = f(z)`` is equation eq-forward-a, and
``f′(z)`` is the σ′(z) of the backward pass (eq-dZ).
"""
from typing import Callable, NamedTuple

import numpy as np
from scipy.special import expit


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
    """identity(z) = z: the linear output layer of a regression network."""
    return np.array(z, copy=True)


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
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(
            f"{argument} must be one of {sorted(ACTIVATIONS)}; got {name!r}. "
            f"Pass one of those names, e.g. {argument}='sigmoid'."
        )
    return ACTIVATIONS[name]
