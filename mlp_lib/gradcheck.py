"""Gradient checking: compare backprop with central differences.

    ∂L/∂θ ≈ (L(θ + ε) − L(θ − ε)) / (2ε)                     eq-central-diff
    rel(g, ĝ) = ‖g − ĝ‖ / max(‖g‖ + ‖ĝ‖, tiny)                eq-rel-error

Thresholds taught in the book (float64, ε = 1e-6): below 1e-7 the gradients
agree; 1e-7 to 1e-4 look closer; above 1e-4 something is wrong.
"""
from dataclasses import dataclass

import numpy as np

from . import _validation as check
from .losses import mse_loss

THRESHOLD_OK = 1e-7
THRESHOLD_WRONG = 1e-4


def relative_error(g, g_hat):
    """‖g − ĝ‖ / max(‖g‖ + ‖ĝ‖, tiny), eq-rel-error. g and ĝ must have the same shape."""
    g = check.as_float_array(g, "g")
    g_hat = check.as_float_array(g_hat, "g_hat")
    if g.shape != g_hat.shape:
        raise ValueError(
            f"g and g_hat must have the same shape (compare each gradient with the "
            f"numerical gradient of the same parameter); got g with shape {g.shape} and "
            f"g_hat with shape {g_hat.shape}."
        )
    denom = max(np.linalg.norm(g) + np.linalg.norm(g_hat), np.finfo(float).tiny)
    return float(np.linalg.norm(g - g_hat) / denom)  # eq-rel-error


def _loss_value(f, context):
    """Call f() and return its value as a float, refusing non-scalars and NaN/inf."""
    value = f()
    arr = np.asarray(value) if isinstance(value, (np.ndarray, np.generic)) else value
    if isinstance(arr, np.ndarray):
        if arr.size != 1 or arr.dtype.kind not in "biuf":
            raise TypeError(
                f"f must return the loss as one number; got {check._describe(arr)}. "
                f"Return a float, e.g. float(loss)."
            )
        value = arr.reshape(()).item()
    if not check._is_real(value):
        raise TypeError(
            f"f must return the loss as one number; got {check._describe(value)}. "
            f"Return a float, e.g. float(loss)."
        )
    if not np.isfinite(value):
        raise ValueError(f"f returned {value} {context}; the loss must be finite.")
    return float(value)


def numerical_gradient(f, theta, eps=1e-6):
    """Central-difference gradient of the scalar function f() w.r.t. array theta.

    theta must be the float NumPy array that f reads: it is perturbed in place, one
    entry at a time, and restored. This loops over *parameters* (it has to), never
    over samples.
    """
    if not callable(f):
        raise TypeError(
            f"f must be a function with no arguments that returns the loss; got "
            f"{check._describe(f)}. Wrap it, e.g. f = lambda: mse_loss(net.predict(X), T)."
        )
    if not isinstance(theta, np.ndarray):
        raise TypeError(
            f"theta must be the NumPy array that f reads (it is perturbed in place); got "
            f"{check._describe(theta)}. Pass the parameter array itself, e.g. net.weights[0]."
        )
    if theta.dtype.kind != "f":
        raise TypeError(
            f"theta must be a float array; got dtype {theta.dtype}, where adding "
            f"eps={eps!r} would be rounded away. Use a float array, e.g. "
            f"theta = theta.astype(float), and make f read that array."
        )
    if not theta.flags.writeable:
        raise ValueError("theta must be writeable (it is perturbed in place); got a read-only array.")
    eps = check.check_positive_float(eps, "eps")
    _loss_value(f, "at the unperturbed theta")
    grad = np.zeros_like(theta, dtype=float)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        L_plus = _loss_value(f, f"with theta{list(i)} increased by eps")
        theta[i] = old - eps
        L_minus = _loss_value(f, f"with theta{list(i)} decreased by eps")
        theta[i] = old
        grad[i] = (L_plus - L_minus) / (2 * eps)  # eq-central-diff
    return grad


@dataclass
class ParamCheck:
    name: str
    shape: tuple
    rel_error: float

    @property
    def verdict(self):
        if self.rel_error < THRESHOLD_OK:
            return "ok"
        return "suspicious" if self.rel_error < THRESHOLD_WRONG else "WRONG"


@dataclass
class GradCheckReport:
    """One row per parameter (W1, b1, W2, ...), with its relative error."""

    rows: list

    @property
    def max_rel_error(self):
        return max(r.rel_error for r in self.rows)

    @property
    def passed(self):
        return all(r.rel_error < THRESHOLD_OK for r in self.rows)

    def __str__(self):
        lines = [f"{'param':<6}{'shape':<12}{'rel. error':>12}  verdict"]
        for r in self.rows:
            lines.append(f"{r.name:<6}{str(r.shape):<12}{r.rel_error:>12.1e}  {r.verdict}")
        return "\n".join(lines)

    __repr__ = __str__


def gradient_check(net, X, T, eps=1e-6, gradients=None):
    """Compare analytic gradients with central differences for every parameter.

    net: an MLP. X (N, n_0), T (N, k). gradients: optional (dW, db) to check
    instead of ``net.loss_and_gradients`` (for testing your own backprop).
    Returns a GradCheckReport.
    """
    check.check_network(net)
    X, T = check.check_X_T(net, X, T)
    eps = check.check_positive_float(eps, "eps")
    dtypes = {p.dtype for p in net.weights + net.biases}
    if dtypes != {np.dtype(np.float64)}:
        raise ValueError(
            f"gradient_check needs a float64 network; got parameters of dtype "
            f"{sorted(str(d) for d in dtypes)}. In float32, rounding (about 1e-7 relative) "
            f"swamps central differences with eps={eps:g}, so every parameter would look "
            f"wrong. Build the network with dtype=np.float64 (the default)."
        )
    if gradients is not None:
        dW, db = check.check_gradients(net, gradients)
    else:
        dW, db = net.loss_and_gradients(X, T)[1:]

    def loss():
        return mse_loss(net.forward(X)[1][-1], T)

    rows = []
    for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
        rows.append(ParamCheck(f"W{l}", W.shape, relative_error(dW[l - 1], numerical_gradient(loss, W, eps))))
        rows.append(ParamCheck(f"b{l}", b.shape, relative_error(db[l - 1], numerical_gradient(loss, b, eps))))
    return GradCheckReport(rows)
