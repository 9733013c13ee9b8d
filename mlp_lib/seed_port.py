"""The source notebook's training loop, ported faithfully, for comparison only.

The tests use it to show that ``MLP.fit(shuffle=False)`` makes exactly the
source notebook's updates, and ``python -m mlp_lib.bench`` times it as
benchmark (c). It keeps the notebook's structure on purpose: each batch is
copied with ``np.array(..., ndmin=2)``, the update happens inside the backward
loop, biases are column vectors, the derivative of the sigmoid is taken from the
activation a (σ′ = a(1 − a)), and the loss of every batch is added up. The one
change: the sigmoid is ``scipy.special.expit``, the stable form of the same
function (the notebook's ``1 / (1 + np.exp(-z))`` overflows for z < −709), so
that both codes compute the same numbers. Read ``network.py`` to learn; this
file is the yardstick.
"""
import numpy as np
from scipy.special import expit


class SeedNN:
    """Sigmoid hidden layers, linear output, half squared error, batch-mean gradients."""

    def __init__(self, weights, biases, learning_rate=0.1, batch_size=32):
        self.weights = [np.array(W, dtype=float) for W in weights]
        self.biases = [np.array(b, dtype=float).reshape(-1, 1) for b in biases]
        self.learning_rate = learning_rate
        self.batch_size = batch_size

    def forward(self, inputs):
        activations = [np.array(inputs, ndmin=2)]
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = np.dot(activations[-1], w.T) + b.T
            activations.append(z if i == last else expit(z))
        return activations

    def cost(self, y, t):
        return 0.5 * np.sum((y - t) ** 2)

    def backprop(self, X, T, activations):
        n = X.shape[0]
        error = activations[-1] - T
        for i in reversed(range(len(self.weights))):
            if i == len(self.weights) - 1:
                delta = error
            else:
                a = activations[i + 1]
                delta = error * a * (1 - a)
            grad_w = np.dot(delta.T, activations[i]) / n
            grad_b = np.mean(delta, axis=0, keepdims=True).T
            error = np.dot(delta, self.weights[i])      # uses W before its update
            self.weights[i] -= self.learning_rate * grad_w
            self.biases[i] -= self.learning_rate * grad_b

    def fit_epoch(self, X, T):
        """One pass over (X, T) in order, batch by batch. T: (N, k).

        Returns the epoch's loss as the notebook computes it: the half squared
        errors of all batches, each taken before its update, summed, over N.
        """
        loss = 0.0
        for i in range(0, len(X), self.batch_size):
            Xb = np.array(X[i:i + self.batch_size], ndmin=2)
            Tb = np.array(T[i:i + self.batch_size], ndmin=2)
            activations = self.forward(Xb)
            self.backprop(Xb, Tb, activations)
            loss += self.cost(activations[-1], Tb)
        return loss / len(X)

    def predict(self, X):
        return self.forward(X)[-1]
