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
    """‖g − ĝ‖ / max(‖g‖ + ‖ĝ‖, tiny), eq-rel-error. Works for any matching shapes."""
    g, g_hat = np.asarray(g, dtype=float), np.asarray(g_hat, dtype=float)
    denom = max(np.linalg.norm(g) + np.linalg.norm(g_hat), np.finfo(float).tiny)
    return float(np.linalg.norm(g - g_hat) / denom)  # eq-rel-error


def numerical_gradient(f, theta, eps=1e-6):
    """Central-difference gradient of the scalar function f() w.r.t. array theta.

    theta is perturbed in place, one entry at a time, and restored. This loops
    over *parameters* (it has to), never over samples.
    """
    grad = np.zeros_like(theta, dtype=float)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + eps
        L_plus = f()
        theta[i] = old - eps
        L_minus = f()
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
    X, T = check.check_X_T(net, X, T)
    eps = check.check_positive_float(eps, "eps")
    dW, db = gradients if gradients is not None else net.loss_and_gradients(X, T)[1:]

    def loss():
        return mse_loss(net.forward(X)[1][-1], T)

    rows = []
    for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
        rows.append(ParamCheck(f"W{l}", W.shape, relative_error(dW[l - 1], numerical_gradient(loss, W, eps))))
        rows.append(ParamCheck(f"b{l}", b.shape, relative_error(db[l - 1], numerical_gradient(loss, b, eps))))
    return GradCheckReport(rows)
