"""The multilayer perceptron: forward pass, backward pass, and nothing else.

Book notation → code (layers are numbered l = 1..L in the book, 0..L−1 in lists):

    W_l  → weights[l-1], shape (n_l, n_{l-1})      b_l → biases[l-1], shape (n_l,)
    Z_l  → Z[l-1], shape (N, n_l)                  A_l → A[l], shape (N, n_l), A[0] = X
    dv   → ∂L/∂v, same shape as v

Samples are rows, so the book's z = W x + b becomes Z = X Wᵀ + 1bᵀ for a batch
(eq-batch-forward). The update step lives in ``optimizers.py`` and the training
loop in ``training.py``.

Speed without tricks (see the chapter "Making it fast"): the public methods check
their input once, and the training loop calls the unchecked ``_loss_and_gradients``;
the backward pass reads σ′ off the stored activations instead of evaluating σ again,
and skips the multiplication by σ′ = 1 of a linear output layer; and all parameters
live in one vector θ, of which every W_l and b_l is a view, so that the SGD step
θ := θ − η ∇L(θ) (eq-sgd-theta) is one call.
"""
from functools import lru_cache

import numpy as np

from . import _validation as check
from .activations import derivative_of_output, get_activation


#: Standard deviation of the initial weights W_l of a layer with n_in = n_{l-1} inputs
#: and n_out = n_l units, by the name passed as ``MLP(..., init=...)``.
INITIALISATIONS = {
    "normal": lambda n_in, n_out: n_in ** -0.5,                  # eq-init-normal: 1/√n_{l-1}
    "he": lambda n_in, n_out: (2.0 / n_in) ** 0.5,               # eq-gap-he: √(2/n_{l-1})
    "xavier": lambda n_in, n_out: (2.0 / (n_in + n_out)) ** 0.5,  # eq-gap-xavier: √(2/(n_{l-1}+n_l))
}


def _check_init(init):
    """init must be one of the names in INITIALISATIONS."""
    if not isinstance(init, str) or init not in INITIALISATIONS:
        raise (ValueError if isinstance(init, str) else TypeError)(
            f"init must be one of {sorted(INITIALISATIONS)}; got {init!r}. Use "
            f"init='he' for ReLU hidden layers, init='xavier' for tanh or sigmoid, or "
            f"the default init='normal' of the source notebook.")
    return init


#: Rows per block in ``MLP.predict`` (see ``MLP._predict``).
PREDICT_ROWS = 512


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
    init : "normal" (default), "he" or "xavier"
        How the initial weights are drawn; see ``INITIALISATIONS``.

    Weights start as in the source notebook: W_l ~ Normal(0, 1/√n_{l-1}),
    b_l = 0 (eq-init-normal). ``init="he"`` (eq-gap-he, for ReLU layers) and
    ``init="xavier"`` (eq-gap-xavier, Glorot's, for tanh or sigmoid layers) only
    change the standard deviation, so the same seed gives weights that are the
    same draws, rescaled.

    Attributes ``weights`` and ``biases`` are lists with W_l at ``weights[l-1]`` and
    b_l at ``biases[l-1]``. They are views of one parameter vector θ (eq-sgd-theta),
    which lets plain SGD update all of them in one call. Assigning new arrays, e.g.
    ``net.weights = [W1, W2]``, is fine: training then updates those arrays one by one.
    """

    def __init__(self, layer_sizes, hidden_activation="sigmoid",
                 output_activation="identity", seed=None, dtype=np.float64, init="normal"):
        self.layer_sizes = check.check_layer_sizes(layer_sizes)
        self.hidden_activation = hidden_activation
        self.output_activation = output_activation
        L = len(self.layer_sizes) - 1
        self.activations = (
            [get_activation(hidden_activation, "hidden_activation")] * (L - 1)
            + [get_activation(output_activation, "output_activation")]
        )
        # σ′ of each layer as a function of its output A_l (None where σ′ = 1), looked up once
        self._sigma_primes = [derivative_of_output(act) for act in self.activations]
        self.seed = check.check_seed(seed)
        self.dtype = check.check_dtype(dtype)
        self.init = _check_init(init)
        std = INITIALISATIONS[self.init]            # eq-init-normal, eq-gap-he or eq-gap-xavier
        self.rng = np.random.default_rng(self.seed)
        weights = [
            self.rng.normal(0.0, std(n_in, n_out), size=(n_out, n_in)).astype(self.dtype)  # eq-init-normal
            for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:])
        ]
        biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.layer_sizes[1:]]
        # Every parameter lives in one vector θ, the θ of eq-sgd-theta, and every W_l and
        # b_l is a view of it: a window onto part of θ, shaped like the matrix or vector.
        # Changing an entry of W_l changes θ and the other way round. The gradient
        # ∇L(θ) gets a vector of its own, laid out the same way. The training loop
        # then updates all parameters with one call (see ``training.train``).
        self._theta, params = _pack(weights + biases)
        self._gradient, grads = _pack([np.zeros_like(p) for p in weights + biases])
        self.weights, self.biases = params[:L], params[L:]
        self._views = params                        # to tell whether self.weights was replaced
        self._gradient_views = (grads[:L], grads[L:])   # (dW, db) inside self._gradient

    def __repr__(self):
        return (f"MLP({self.layer_sizes}, hidden_activation={self.hidden_activation!r}, "
                f"output_activation={self.output_activation!r}, seed={self.seed}"
                + (f", init={self.init!r})" if self.init != "normal" else ")"))

    # ---- forward ---------------------------------------------------------
    def forward(self, X):
        """Run a batch through the network, keeping every Z_l and A_l.

        X: (N, n_0). Returns (Z, A) with Z[l-1] = Z_l (N, n_l) and A[l] = A_l
        (N, n_l); A[0] is X and A[-1] is the output Y.
        """
        A, Z = [X], []
        for W, b, act in zip(self.weights, self.biases, self.activations):
            Z.append(A[-1].dot(W.T) + b)  # eq-batch-forward: Z_l = A_{l-1} W_lᵀ + 1 b_lᵀ
            A.append(act.f(Z[-1]))        # eq-forward-a:     A_l = σ_l(Z_l)
        return Z, A

    # ---- backward, right next to forward --------------------------------
    def backward(self, Z, A, dY, out=None):
        """Turn ∂L/∂Y into ∂L/∂W_l and ∂L/∂b_l for every layer, from the last one down.

        Z, A: as returned by ``forward``. dY: ∂L/∂Y, shape (N, k).
        Returns (dW, db), lists aligned with ``weights`` and ``biases``: new arrays,
        or, with out=(dW, db), the arrays of ``out``, overwritten (the training loop
        passes the views of the gradient vector ∇L(θ)).
        σ′(Z_l) is read off the stored A_l = σ(Z_l), e.g. A_l(1 − A_l) for the
        sigmoid (eq-sigmoid-prime); for a linear layer σ′ = 1 and there is nothing
        to multiply (eq-identity-prime).
        """
        L = len(self.weights)
        dW, db = ([None] * L, [None] * L) if out is None else out  # out=None: make new arrays
        ones = _ones(len(dY), dY.dtype)                    # the column 1 of N ones
        dA = dY                                            # A_L is Y
        for l in reversed(range(L)):
            sigma_prime = self._sigma_primes[l]            # σ′ as a function of A_l; None if σ′ = 1
            dZ = dA if sigma_prime is None else dA * sigma_prime(A[l + 1])  # eq-dZ: ∂L/∂Z_l = ∂L/∂A_l ∘ σ′(Z_l)
            dW[l] = dZ.T.dot(A[l], out=dW[l])              # eq-dW:  ∂L/∂W_l = (∂L/∂Z_l)ᵀ A_{l-1}
            db[l] = dZ.T.dot(ones, out=db[l])              # eq-db:  ∂L/∂b_l = (∂L/∂Z_l)ᵀ 1
            if l > 0:
                dA = dZ.dot(self.weights[l])               # eq-dA:  ∂L/∂A_{l-1} = ∂L/∂Z_l W_l
        return dW, db

    def _loss_and_gradients(self, X, T, out=None):
        """loss_and_gradients without input checks, for the training loop.
        out: passed on to ``backward``."""
        Z, A = self.forward(X)
        E = A[-1] - T                                  # the residuals Y − T, (N, k)
        dW, db = self.backward(Z, A, E / len(E), out)  # eq-dL-dy: ∂L/∂Y = (Y − T)/N
        return 0.5 * float(np.vdot(E, E)) / len(E), dW, db  # eq-mse: L = (1/N) Σᵢ ½‖yᵢ − tᵢ‖²

    def _packed(self):
        """True while every W_l and b_l is still the view of θ made in ``__init__``.

        Assigning new arrays, e.g. ``net.weights = [W1, W2]`` (as some labs do), ends
        that: the new arrays are not part of θ. Training still works; it then updates
        the arrays one by one instead of θ in one call."""
        params = self.weights + self.biases
        return len(params) == len(self._views) and all(
            p is v and v.base is self._theta for p, v in zip(params, self._views))

    def _predict(self, X, rows=PREDICT_ROWS):
        """predict without input checks: the output Y = A_L of ``forward``, computed for
        ``rows`` rows at a time. Blocks of a few hundred rows keep every temporary array
        small (in cache, and below the size at which BLAS starts extra threads, whose
        start-up costs more than it saves at these layer sizes)."""
        if len(X) <= rows:
            return self.forward(X)[1][-1]
        return np.concatenate([self.forward(X[i:i + rows])[1][-1] for i in range(0, len(X), rows)])

    # ---- public API ------------------------------------------------------
    def loss_and_gradients(self, X, T):
        """Return (L, dW, db) for a batch: X (N, n_0), T (N, k) or (N,) when k = 1.

        L is eq-mse; dW[l-1] has the shape of W_l and db[l-1] that of b_l.
        """
        X, T = check.check_X_T(self, X, T)
        return self._loss_and_gradients(X, T)

    def predict(self, X):
        """Network output Y for every row of X, vectorised (in blocks of 512 rows). Returns (N, k)."""
        X = check.check_X(self, X)
        return self._predict(X)

    def fit(self, X, T, epochs=100, batch_size=32, learning_rate=0.1, shuffle=True,
            seed=None, validation_data=None, optimizer=None, weight_decay=0.0, patience=None,
            restore_best=True):
        """Train with minibatch SGD; see ``mlp_lib.training.train``. Returns a History.

        optimizer (e.g. ``mlp_lib.optimizers.Adam()``), weight_decay (eq-gap-l2) and
        patience (early stopping on ``validation_data``) are chapter 8's additions.
        """
        from .training import train
        return train(self, X, T, epochs=epochs, batch_size=batch_size,
                     learning_rate=learning_rate, shuffle=shuffle, seed=seed,
                     validation_data=validation_data, optimizer=optimizer,
                     weight_decay=weight_decay, patience=patience, restore_best=restore_best)


def _pack(arrays):
    """Copy ``arrays`` one after the other into one new vector.

    Returns (vector, views): views[i] is the part of the vector that holds arrays[i],
    with the shape of arrays[i]. A view shares the vector's memory, so writing to
    either one changes both."""
    vector = np.concatenate([a.ravel() for a in arrays])
    ends = np.cumsum([a.size for a in arrays])
    return vector, [vector[end - a.size:end].reshape(a.shape) for a, end in zip(arrays, ends)]


@lru_cache(maxsize=16)
def _ones(n, dtype):
    """The vector 1 of n ones, made once per (n, dtype) and read-only."""
    ones = np.ones(n, dtype=dtype)
    ones.flags.writeable = False
    return ones
