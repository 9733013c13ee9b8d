"""Test inputs for the checkers, and the helpers that build wrong answers.

Every test case is rebuilt from its seed whenever it is needed, so the learner's
function, the reference and each planted mistake all get their own fresh copy of
the same numbers: a function that changes its inputs cannot change what it is
compared with.

Shapes are small but never square where a transpose could hide it, and weights
are random normal (never zero).
"""
import numpy as np

from ..activations import ACTIVATIONS

# (N samples, n inputs, m hidden units, k outputs), one tuple per seed: every
# dimension differs from the others, so a transposed matrix always shows.
SIZES = {0: (5, 3, 4, 2), 1: (6, 4, 2, 3), 2: (7, 2, 5, 3)}


def sizes(seed):
    """(N, n, m, k) for a seed: the shapes of test case ``seed``."""
    return SIZES[seed % len(SIZES)]


def rng(seed, exercise):
    """A generator for one exercise and seed (different exercises get different numbers)."""
    return np.random.default_rng([seed, sum(map(ord, exercise))])


class Derivative:
    """The σ′ handed to a learner's function: call it on a pre-activation z.

    A new object for every call, so nothing a learner does to it can leak into
    the reference. ``sigma`` is the activation itself, used to build the
    mistake "σ′ applied to a = σ(z) instead of z".
    """

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __call__(self, z):
        return ACTIVATIONS[self.name].df(z)

    def sigma(self, z):
        return ACTIVATIONS[self.name].f(z)

    def __repr__(self):
        return f"<derivative of {self.name}>"


class Constant:
    """A stand-in derivative that returns a constant: ``Constant(1)`` is "no σ′ at all"."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __call__(self, z):
        return np.full(np.shape(z), self.value, dtype=float)


def without_derivative(_sigma_prime):
    """σ′ replaced by 1: the planted mistake "σ′ forgotten"."""
    return Constant(1.0)


def derivative_at_activation(sigma_prime):
    """σ′ evaluated at a = σ(z) instead of at z."""
    return lambda z: sigma_prime(sigma_prime.sigma(z))


def activation_not_derivative(sigma_prime):
    """σ(z) used where σ′(z) belongs."""
    return sigma_prime.sigma


def a_times_one_minus_a_of_z(_sigma_prime):
    """The sigmoid's shortcut a(1 − a) fed with z instead of a = σ(z)."""
    return lambda z: z * (1.0 - z)


def negated(fn):
    """The planted mistake "wrong sign": every output of ``fn`` times −1."""
    return lambda *args: _map_arrays(lambda a: -a, fn(*args))


def scaled(fn, factor):
    """Every output of ``fn`` times ``factor(args)`` (e.g. a 1/N applied twice)."""
    return lambda *args: _map_arrays(lambda a: a * factor(args), fn(*args))


def zeroed(fn):
    """Every output replaced by zeros of the same shape (a gradient left at 0)."""
    return lambda *args: _map_arrays(np.zeros_like, fn(*args))


def _map_arrays(f, value):
    if isinstance(value, (list, tuple)):
        return type(value)(_map_arrays(f, v) for v in value)
    return f(value)


def shape_text(value):
    """``(5, 2) array``, ``function`` ... : how an argument is described in a report."""
    if isinstance(value, np.ndarray):
        return f"{value.shape} array"
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, np.ndarray) for v in value):
        return f"{type(value).__name__} of {len(value)} arrays " + ", ".join(str(v.shape) for v in value)
    if isinstance(value, (Derivative, Constant)) or callable(value):
        return "function"
    if isinstance(value, float):
        return f"number {value:g}"
    return type(value).__name__
