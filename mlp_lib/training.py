"""The minibatch training loop: shuffle, slice, backprop, step, record.

One *epoch* visits every training row once, in batches of ``batch_size`` rows
(the last batch may be smaller). Each batch gives a batch-mean gradient
(eq-mse puts the 1/N in the loss) and one optimiser step (by default SGD,
eq-sgd-W and eq-sgd-b).

The loop does as little as possible per batch: the inputs are checked once,
before the first epoch; the batches are slices (views, no copies) made once
per epoch (once in all when shuffle=False); and the network is called through
its unchecked ``_loss_and_gradients``.
"""
import math
from dataclasses import dataclass, field

import numpy as np

from . import _validation as check
from .losses import mse_loss
from .optimizers import SGD, l2_gradients


class TrainingDiverged(FloatingPointError):
    """Raised when the loss or a parameter stops being finite. Keeps ``history``."""

    def __init__(self, message, history):
        super().__init__(message)
        self.history = history


@dataclass
class History:
    """Per-epoch record of training.

    train_loss[e]: mean of the minibatch losses L (eq-mse) seen during epoch e,
    each computed before its update (as the source notebook did).
    val_loss[e]: L on ``validation_data`` after epoch e (empty if none given).
    best_epoch: with validation data, the epoch (counted from 1) after which the
        validation loss was lowest, so ``val_loss[best_epoch - 1]`` is that loss.
        With ``patience`` (early stopping) the network ends with that epoch's weights.
    stopped_early: True if early stopping ended training before ``epochs``.

    Both losses are the data loss L of eq-mse, without the weight-decay penalty.
    """

    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    best_epoch: object = None
    stopped_early: bool = False

    @property
    def epochs(self):
        return len(self.train_loss)

    def __repr__(self):
        last = f", last train_loss={self.train_loss[-1]:.4g}" if self.train_loss else ""
        val = f", last val_loss={self.val_loss[-1]:.4g}" if self.val_loss else ""
        best = f", best_epoch={self.best_epoch}" if self.best_epoch is not None else ""
        return f"History(epochs={self.epochs}{last}{val}{best})"


def batches(X, T, batch_size):
    """The minibatches of one epoch, in order: [(X[0:B], T[0:B]), (X[B:2B], ...), ...].

    Slices of NumPy arrays are views, so this copies no data.
    """
    return [(X[start:start + batch_size], T[start:start + batch_size])
            for start in range(0, len(X), batch_size)]


def train(net, X, T, epochs=100, batch_size=32, learning_rate=0.1, shuffle=True,
          seed=None, validation_data=None, optimizer=None, weight_decay=0.0, patience=None,
          restore_best=True):
    """Minibatch gradient descent on ``net`` in place. Returns a :class:`History`.

    X: (N, n_0) array-like; T: (N, k), or (N,) when k = 1.
    shuffle: reshuffle the rows at the start of every epoch with
    ``np.random.default_rng(seed)``, or with the network's own generator when
    seed is None. With shuffle=False the batches are rows [0:B], [B:2B], ...
    validation_data: optional (X_val, T_val), scored after each epoch.
    optimizer: an object with ``step(weights, biases, dW, db)`` (see
    ``mlp_lib.optimizers``); the default is ``SGD(learning_rate)``. An optimizer
    that is passed in brings its own learning rate.
    weight_decay: λ ≥ 0. Adds λ W_l to every weight gradient before the step, the
    gradient of the penalty (λ/2) Σ‖W_l‖² (eq-gap-l2); biases are not decayed.
    patience: None (train all ``epochs``) or an integer ≥ 1: early stopping. Stop
    once the validation loss has not improved for ``patience`` epochs in a row,
    and (with restore_best=True) put back the weights of the best epoch
    (``History.best_epoch``). Needs ``validation_data``, which must come from the
    training rows (see :func:`validation_rows`), never from the test set.
    """
    X, T = check.check_X_T(net, X, T)
    epochs = check.check_positive_int(epochs, "epochs")
    batch_size = check.check_batch_size(batch_size, X.shape[0])
    shuffle = check.check_bool(shuffle, "shuffle")
    learning_rate = check.check_positive_float(learning_rate, "learning_rate")
    rng = net.rng if seed is None else np.random.default_rng(check.check_seed(seed))
    if validation_data is not None:
        X_val, T_val = check.check_validation_data(net, validation_data)
    weight_decay = check.check_nonnegative_float(weight_decay, "weight_decay")
    restore_best = check.check_bool(restore_best, "restore_best")
    if patience is not None:
        patience = check.check_positive_int(patience, "patience")
        if validation_data is None:
            raise ValueError(
                "patience (early stopping) needs validation_data=(X_val, T_val) to watch. "
                "Carve it from the training rows, e.g. with "
                "mlp_lib.training.validation_rows, never from the test set.")
    if optimizer is None:
        optimizer = SGD(learning_rate)
    elif not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a method step(weights, biases, dW, db); "
                        f"got {type(optimizer).__name__}. Use e.g. mlp_lib.optimizers.SGD(0.1).")

    # Plain SGD steps every parameter alike, so while the network keeps all of them in
    # one vector θ it updates them with one call: θ := θ − η ∇L(θ) (eq-sgd-theta).
    # (Exactly SGD: a subclass may change the step. Weight decay only touches W_l.)
    one_vector = type(optimizer) is SGD and not weight_decay and net._packed()
    gradient_views = net._gradient_views if one_vector else None  # backward writes ∇L(θ) there

    N = X.shape[0]
    epoch_batches = batches(X, T, batch_size)
    history = History()
    best_val_loss, best_params = math.inf, None
    # Overflow is detected below and reported as TrainingDiverged, not as NumPy warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            if shuffle:
                order = rng.permutation(N)
                epoch_batches = batches(X[order], T[order], batch_size)
            total = 0.0
            for batch, (X_batch, T_batch) in enumerate(epoch_batches):
                loss, dW, db = net._loss_and_gradients(X_batch, T_batch, gradient_views)
                if not math.isfinite(loss):
                    raise _diverged(history, epoch, batch, optimizer)
                if one_vector:
                    optimizer.step_vector(net._theta, net._gradient)  # eq-sgd-theta
                else:
                    if weight_decay:
                        dW = l2_gradients(net.weights, dW, weight_decay)  # eq-gap-l2: ∂L/∂W_l + λ W_l
                    optimizer.step(net.weights, net.biases, dW, db)  # e.g. SGD: eq-sgd-W, eq-sgd-b
                total += loss * len(X_batch)
            if not all(np.isfinite(p).all() for p in net.weights + net.biases):
                raise _diverged(history, epoch, batch, optimizer)
            history.train_loss.append(total / N)
            if validation_data is not None:
                history.val_loss.append(mse_loss(net._predict(X_val), T_val))
                if history.val_loss[-1] < best_val_loss:          # a new best epoch
                    best_val_loss, history.best_epoch = history.val_loss[-1], epoch + 1
                    if patience is not None and restore_best:
                        best_params = [p.copy() for p in net.weights + net.biases]
                elif patience is not None and epoch + 1 - history.best_epoch >= patience:
                    history.stopped_early = True                   # early stopping
                    break
    if best_params is not None:                                    # restore the best weights
        for p, best in zip(net.weights + net.biases, best_params):
            p[...] = best
    return history


def validation_rows(n_rows, fraction=0.15, seed=0):
    """Split row numbers 0..n_rows−1 at random into (fit_rows, val_rows), both sorted.

    Carve the validation set from the *training* rows: train on X[fit_rows],
    choose epochs and settings on X[val_rows], and keep the test set for the
    final report only. round(fraction · n_rows) rows go to validation.
    """
    n_rows = check.check_positive_int(n_rows, "n_rows", minimum=2)
    fraction = check.check_positive_float(fraction, "fraction")
    n_val = int(round(fraction * n_rows))
    if not 1 <= n_val < n_rows:
        raise ValueError(
            f"fraction must leave at least one row on each side: with n_rows={n_rows}, "
            f"fraction={fraction!r} gives {n_val} validation rows. Typical values are "
            f"0.1 to 0.2.")
    order = np.random.default_rng(check.check_seed(seed)).permutation(n_rows)
    return np.sort(order[n_val:]), np.sort(order[:n_val])


def _diverged(history, epoch, batch, optimizer):
    lr = getattr(optimizer, "learning_rate", None)
    hint = (f" (learning_rate={lr:g}). Try a smaller learning_rate, e.g. {lr / 10:g}."
            if lr is not None else ". Try a smaller learning_rate.")
    return TrainingDiverged(
        f"Training diverged in epoch {epoch + 1}, batch {batch + 1}: the loss or the "
        f"weights are no longer finite{hint} The history of the completed "
        f"epochs is in the exception's .history.", history)
