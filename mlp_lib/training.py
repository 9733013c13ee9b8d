"""The minibatch training loop: shuffle, slice, backprop, step, record.

One *epoch* visits every training row once, in batches of ``batch_size`` rows
(the last batch may be smaller). Each batch gives a batch-mean gradient
(eq-mse puts the 1/N in the loss) and one SGD step (eq-sgd-W, eq-sgd-b).
"""
import math
from dataclasses import dataclass, field

import numpy as np

from . import _validation as check
from .losses import mse_loss
from .optimizers import sgd_step


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
    """

    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)

    @property
    def epochs(self):
        return len(self.train_loss)

    def __repr__(self):
        last = f", last train_loss={self.train_loss[-1]:.4g}" if self.train_loss else ""
        val = f", last val_loss={self.val_loss[-1]:.4g}" if self.val_loss else ""
        return f"History(epochs={self.epochs}{last}{val})"


def train(net, X, T, epochs=100, batch_size=32, learning_rate=0.1, shuffle=True,
          seed=None, validation_data=None):
    """Minibatch SGD on ``net`` in place. Returns a :class:`History`.

    X: (N, n_0) array-like; T: (N, k), or (N,) when k = 1.
    shuffle: reshuffle the rows at the start of every epoch with
    ``np.random.default_rng(seed)``, or with the network's own generator when
    seed is None. With shuffle=False the batches are rows [0:B], [B:2B], ...
    validation_data: optional (X_val, T_val), scored after each epoch.
    """
    X, T = check.check_X_T(net, X, T)
    epochs = check.check_positive_int(epochs, "epochs")
    batch_size = check.check_positive_int(batch_size, "batch_size")
    learning_rate = check.check_positive_float(learning_rate, "learning_rate")
    rng = net.rng if seed is None else np.random.default_rng(check.check_seed(seed))
    if validation_data is not None:
        X_val, T_val = check.check_X_T(net, *validation_data)

    N = X.shape[0]
    starts = range(0, N, batch_size)
    history = History()
    # Overflow is detected below and reported as TrainingDiverged, not as NumPy warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            if shuffle:
                order = rng.permutation(N)
                X_epoch, T_epoch = X[order], T[order]
            else:
                X_epoch, T_epoch = X, T
            total = 0.0
            for batch, start in enumerate(starts):
                X_batch = X_epoch[start:start + batch_size]
                T_batch = T_epoch[start:start + batch_size]
                loss, dW, db = net._loss_and_gradients(X_batch, T_batch)
                if not math.isfinite(loss):
                    raise _diverged(history, epoch, batch, learning_rate)
                sgd_step(net.weights, net.biases, dW, db, learning_rate)
                total += loss * X_batch.shape[0]
            if not all(np.isfinite(W).all() for W in net.weights):
                raise _diverged(history, epoch, batch, learning_rate)
            history.train_loss.append(total / N)
            if validation_data is not None:
                history.val_loss.append(mse_loss(net.forward(X_val)[1][-1], T_val))
    return history


def _diverged(history, epoch, batch, learning_rate):
    return TrainingDiverged(
        f"Training diverged in epoch {epoch + 1}, batch {batch + 1}: the loss or the "
        f"weights are no longer finite (learning_rate={learning_rate:g}). Try a smaller "
        f"learning_rate, e.g. {learning_rate / 10:g}. The history of the completed "
        f"epochs is in the exception's .history.", history)
