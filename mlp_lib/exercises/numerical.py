"""Exercise on gradient checking: the central difference (lab 04).

The learner's ``numerical_gradient(f, theta, eps)`` perturbs ``theta`` in place,
one entry at a time, and calls ``f()``, which reads the current ``theta``. The
checker hands it a smooth test function of ``theta`` with real curvature, so a
one-sided difference is visibly different from a central one.
"""
import numpy as np

from .cases import rng
from .registry import Exercise, Mistake, Output, register

SHAPES = ((3, 4), (4, 2), (5,))
STEPS = (1e-3, 1e-4, 1e-6)   # large steps first: there one-sided differences stand out most


def numerical_gradient(f, theta, eps=1e-6):
    grad = np.zeros_like(theta, dtype=float)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        f_plus = f()
        theta[i] = old - eps
        f_minus = f()
        theta[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)  # eq-central-diff
    return grad


class ScalarFunction:
    """f() = Σ c·sin(2θ) + ½‖Bθ‖²/size, evaluated at the *current* values of theta."""

    def __init__(self, theta, c, B):
        self._theta, self._c, self._B = theta, c, B

    def __call__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError("f takes no arguments: it reads theta, the array you were given, each "
                            "time it is called. Change an entry of theta, then call f().")
        v = self._theta.ravel()
        return float(np.sum(self._c * np.sin(2.0 * v)) + 0.5 * np.sum((self._B @ v) ** 2) / v.size)

    def __repr__(self):
        return "<f(): a scalar function of theta>"


def _args(seed):
    g = rng(seed, "central-difference")
    shape = SHAPES[seed % 3]
    theta = g.normal(size=shape)
    size = theta.size
    f = ScalarFunction(theta, g.normal(size=size), g.normal(size=(3, size)))
    return f, theta, STEPS[seed % 3]


def _theta_restored(before, after):
    """The check's rule on inputs: theta must be exactly as it was (up to rounding)."""
    old, new = before[1], after[1]
    if not isinstance(new, np.ndarray) or new.shape != old.shape:
        return "theta itself was replaced or reshaped: perturb its entries and put them back."
    with np.errstate(all="ignore"):
        changed = ~np.isclose(new, old, rtol=1e-12, atol=1e-14)
    if changed.any():
        return (f"theta was not restored: after your function returned, {int(changed.sum())} of "
                f"its {old.size} entries were different. The gradient check perturbs the "
                f"network's real parameters, so each entry must be put back to its old value "
                f"after its two evaluations (eq-central-diff).")
    return None


def _differences(step):
    """A wrong numerical_gradient built from ``step(f, theta, i, eps) -> one entry``."""
    def wrong(f, theta, eps):
        grad = np.zeros_like(theta, dtype=float)
        for i in np.ndindex(theta.shape):
            grad[i] = step(f, theta, i, eps)
        return grad
    return wrong


def _at(f, theta, i, value):
    old = theta[i]
    theta[i] = value
    result = f()
    theta[i] = old
    return result


def _forward(f, theta, i, eps):
    return (_at(f, theta, i, theta[i] + eps) - f()) / eps


def _backward(f, theta, i, eps):
    return (f() - _at(f, theta, i, theta[i] - eps)) / eps


def _central(f, theta, i, eps):
    return (_at(f, theta, i, theta[i] + eps) - _at(f, theta, i, theta[i] - eps)) / (2 * eps)


def _all_at_once(f, theta, eps):
    old = theta.copy()
    theta += eps
    f_plus = f()
    theta[...] = old - eps
    f_minus = f()
    theta[...] = old
    return np.full(theta.shape, (f_plus - f_minus) / (2 * eps))


register(Exercise(
    id="central-difference",
    title="A numerical gradient by central differences",
    lab="04-gradcheck-lab",
    function_name="numerical_gradient",
    parameters=("f", "theta", "eps"),
    returns=Output("grad", like="theta", eq="eq-central-diff"),
    doc="""Central-difference estimate of ∂f/∂θ for every entry of theta (eq-central-diff).

f: a function of no arguments that returns a number computed from the current
values of theta; theta: a float array of any shape; eps: the step ε.
Perturb theta in place, one entry at a time, and restore it.
Returns grad, an array shaped like theta.""",
    reference=numerical_gradient,
    make_args=_args,
    describe=lambda args: f"theta of shape {args[1].shape}, eps = {args[2]:g}",
    inspect_args=_theta_restored,
    read_only=False,
    mistakes=(
        Mistake("one-sided difference", _differences(_forward),
                "{name} matches the one-sided difference (f(θ+ε) − f(θ))/ε. Its error shrinks "
                "only in proportion to ε. The central difference evaluates on both sides, at θ+ε "
                "and θ−ε, and divides by the distance 2ε between them; its error shrinks like ε² "
                "(eq-central-diff)."),
        Mistake("one-sided difference (backward)", _differences(_backward),
                "{name} matches the one-sided difference (f(θ) − f(θ−ε))/ε. Its error shrinks "
                "only in proportion to ε; evaluate on both sides, at θ+ε and θ−ε, as in "
                "eq-central-diff."),
        Mistake("divided by ε instead of 2ε", _differences(lambda f, t, i, e: 2 * _central(f, t, i, e)),
                "{name} is twice too large: θ+ε and θ−ε are 2ε apart, so the difference of the "
                "two values is divided by 2ε (eq-central-diff)."),
        Mistake("wrong sign", _differences(lambda f, t, i, e: -_central(f, t, i, e)),
                "{name} has the wrong sign: the value at θ−ε is subtracted from the value at θ+ε "
                "(eq-central-diff)."),
        Mistake("all entries at once", _all_at_once,
                "{name} has the same value in every entry: all entries of θ were moved at once. "
                "Move one entry at a time, keeping the others fixed, so that each difference "
                "measures one partial derivative (eq-central-diff)."),
        Mistake("perturbed a copy", lambda f, theta, eps: np.zeros_like(theta),
                "{name} is all zeros: f never saw your changes. f reads the array theta you were "
                "given, so change the entries of that very array (and put them back), not of a "
                "copy (eq-central-diff)."),
        Mistake("step not taken from eps", _differences(lambda f, t, i, e: _central(f, t, i, 1e-6)),
                "{name} looks computed with a step other than the eps it was given: use the eps "
                "argument for the perturbation and in the denominator (eq-central-diff)."),
    ),
))
