"""The multilayer perceptron: forward pass, backward pass, and nothing else.

Book notation → code (layers are numbered l = 1..L in the book, 0..L−1 in lists):

    W_l  → weights[l-1], shape (n_l, n_{l-1})      b_l → biases[l-1], shape (n_l,)
    Z_l  → Z[l-1], shape (N, n_l)                  A_l → A[l], shape (N, n_l), A[0] = X
    dv   → ∂L/∂v, same shape as v

Samples are rows, so the book's z = W x + b becomes Z = X Wᵀ + 1bᵀ for a batch
(eq-batch-forward). The update step lives in ``optimizers.py`` and the training
loop in ``training.py``.
"""
import numpy as np

from . import _validation as check
from .activations import get_activation
from .losses import mse_loss, mse_loss_grad


class MLP:
    """A fully connected network with any number of layers.

    Parameters
    ----------
    layer_sizes : list of int
        ``[n_0, n_1, ..., n_L]``: input size, hidden sizes, output size k.
    hidden_activation, output_activation : str
        Names from ``mlp_lib.activations.ACTIVATIONS``.
    seed : int or None
        Seeds the network's own ``np.random.default_rng``, used for the initial
        weights and, unless ``fit`` gets its own seed, for shuffling.
    dtype : np.float64 (default) or np.float32

    Weights start as in the source notebook: W_l ~ Normal(0, 1/√n_{l-1}),
    b_l = 0 (eq-init-normal).
    """

    def __init__(self, layer_sizes, hidden_activation="sigmoid",
                 output_activation="identity", seed=None, dtype=np.float64):
        self.layer_sizes = check.check_layer_sizes(layer_sizes)
        self.hidden_activation = hidden_activation
        self.output_activation = output_activation
        L = len(self.layer_sizes) - 1
        self.activations = (
            [get_activation(hidden_activation, "hidden_activation")] * (L - 1)
            + [get_activation(output_activation, "output_activation")]
        )
        self.seed = check.check_seed(seed)
        if np.dtype(dtype) not in (np.float64, np.float32):
            raise ValueError(f"dtype must be np.float64 or np.float32; got {dtype!r}.")
        self.dtype = np.dtype(dtype)
        self.rng = np.random.default_rng(self.seed)
        self.weights = [
            self.rng.normal(0.0, n_in ** -0.5, size=(n_out, n_in)).astype(self.dtype)  # eq-init-normal
            for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:])
        ]
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.layer_sizes[1:]]

    def __repr__(self):
        return (f"MLP({self.layer_sizes}, hidden_activation={self.hidden_activation!r}, "
                f"output_activation={self.output_activation!r}, seed={self.seed})")

    # ---- forward ---------------------------------------------------------
    def forward(self, X):
        """Run a batch through the network, keeping every Z_l and A_l.

        X: (N, n_0). Returns (Z, A) with Z[l-1] = Z_l (N, n_l) and A[l] = A_l
        (N, n_l); A[0] is X and A[-1] is the output Y.
        """
        A, Z = [X], []
        for W, b, act in zip(self.weights, self.biases, self.activations):
            Z.append(A[-1] @ W.T + b)  # eq-batch-forward: Z_l = A_{l-1} W_lᵀ + 1 b_lᵀ
            A.append(act.f(Z[-1]))     # eq-forward-a:     A_l = σ_l(Z_l)
        return Z, A

    # ---- backward, right next to forward --------------------------------
    def backward(self, Z, A, dY):
        """Turn ∂L/∂Y into ∂L/∂W_l and ∂L/∂b_l for every layer, from the last one down.

        Z, A: as returned by ``forward``. dY: ∂L/∂Y, shape (N, k).
        Returns (dW, db), lists aligned with ``weights`` and ``biases``.
        """
        L = len(self.weights)
        dW, db = [None] * L, [None] * L
        dA = dY                                            # A_L is Y
        for l in reversed(range(L)):
            dZ = dA * self.activations[l].df(Z[l])         # eq-dZ:  ∂L/∂Z_l = ∂L/∂A_l ∘ σ′(Z_l)
            dW[l] = dZ.T @ A[l]                            # eq-dW:  ∂L/∂W_l = (∂L/∂Z_l)ᵀ A_{l-1}
            db[l] = dZ.sum(axis=0)                         # eq-db:  ∂L/∂b_l = (∂L/∂Z_l)ᵀ 1
            if l > 0:
                dA = dZ @ self.weights[l]                  # eq-dA:  ∂L/∂A_{l-1} = ∂L/∂Z_l W_l
        return dW, db

    def _loss_and_gradients(self, X, T):
        """loss_and_gradients without input checks, for the training loop."""
        Z, A = self.forward(X)
        dW, db = self.backward(Z, A, mse_loss_grad(A[-1], T))
        return mse_loss(A[-1], T), dW, db

    # ---- public API ------------------------------------------------------
    def loss_and_gradients(self, X, T):
        """Return (L, dW, db) for a batch: X (N, n_0), T (N, k) or (N,) when k = 1.

        L is eq-mse; dW[l-1] has the shape of W_l and db[l-1] that of b_l.
        """
        X, T = check.check_X_T(self, X, T)
        return self._loss_and_gradients(X, T)

    def predict(self, X):
        """Network output Y for every row of X, in one vectorised pass. Returns (N, k)."""
        X = check.as_float_matrix(X, "X", self.dtype, self.layer_sizes[0], " (layer_sizes[0])")
        return self.forward(X)[1][-1]

    def fit(self, X, T, epochs=100, batch_size=32, learning_rate=0.1, shuffle=True,
            seed=None, validation_data=None):
        """Train with minibatch SGD; see ``mlp_lib.training.train``. Returns a History."""
        from .training import train
        return train(self, X, T, epochs=epochs, batch_size=batch_size,
                     learning_rate=learning_rate, shuffle=shuffle, seed=seed,
                     validation_data=validation_data)
