"""The loss of the course: half the squared error, averaged over the batch.

    L = (1/N) Σᵢ ½‖yᵢ − tᵢ‖²        eq-mse
    ∂L/∂Y = (Y − T) / N             eq-dL-dy

Y and T have shape (N, k): one row per sample. Because the 1/N sits in ∂L/∂Y,
every gradient that backpropagation computes from it is already a batch mean.
(The *reported* metric of the case study is scikit-learn's ``mean_squared_error``,
which has no ½; see the case-study chapter.)
"""
import numpy as np


def mse_loss(Y, T):
    """L = (1/N) Σᵢ ½‖yᵢ − tᵢ‖², eq-mse. Y, T: (N, k). Returns a float."""
    N = Y.shape[0]
    return float(0.5 * np.sum((Y - T) ** 2) / N)  # eq-mse


def mse_loss_grad(Y, T):
    """∂L/∂Y = (Y − T)/N, eq-dL-dy. Y, T: (N, k). Returns dY, shape (N, k)."""
    N = Y.shape[0]
    return (Y - T) / N  # eq-dL-dy
