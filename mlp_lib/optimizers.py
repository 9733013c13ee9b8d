"""Update rules: how parameters move once the gradients are known.

Kept apart from backpropagation on purpose: backprop answers "which way is
downhill?", the optimiser answers "how far do we step?".

The training loop talks to an optimiser through one method,
``step(weights, biases, dW, db)``, which updates the lists ``weights`` and
``biases`` in place from gradients aligned with them (as ``MLP.backward``
returns them). Any object with that method can be passed as
``MLP.fit(..., optimizer=...)``; :class:`SGD` is the default. An optimiser that
needs memory between steps (momentum, Adam) keeps it as attributes of its
object and creates it on its first step.
"""
import numpy as np
from scipy.linalg.blas import daxpy, saxpy

from . import _validation as check

#: BLAS's axpy computes y := a·x + y in place, which is eq-sgd-W with a = −η.
_AXPY = {np.dtype(np.float64): daxpy, np.dtype(np.float32): saxpy}


def sgd_step(weights, biases, dW, db, learning_rate):
    """One gradient-descent step, in place, for every layer.

    W_l := W_l − η ∂L/∂W_l   (eq-sgd-W)
    b_l := b_l − η ∂L/∂b_l   (eq-sgd-b)
    """
    for W, b, gW, gb in zip(weights, biases, dW, db):
        W -= learning_rate * gW  # eq-sgd-W
        b -= learning_rate * gb  # eq-sgd-b


class SGD:
    """Plain (minibatch) gradient descent with a constant learning rate η."""

    def __init__(self, learning_rate=0.1):
        self.learning_rate = check.check_positive_float(learning_rate, "learning_rate")

    def step(self, weights, biases, dW, db):
        """Update ``weights`` and ``biases`` in place: eq-sgd-W and eq-sgd-b.

        The same arithmetic as ``sgd_step``, done by the BLAS routine named for it:
        axpy, y := a·x + y, with y = θ, x = ∂L/∂θ and a = −η. One call per parameter
        array and no temporary array for η ∂L/∂θ. While the network keeps all its
        parameters in one vector, the training loop calls ``step_vector`` instead:
        one call for all of them (see the chapter "Making it fast").
        """
        for theta, grad in zip(weights + biases, dW + db):
            axpy = _AXPY.get(theta.dtype)
            if axpy is not None and theta.flags.c_contiguous and grad.dtype == theta.dtype:
                axpy(grad.ravel(), theta.ravel(), a=-self.learning_rate)  # eq-sgd-W, eq-sgd-b: θ := θ − η ∂L/∂θ
            else:  # e.g. a parameter that is a non-contiguous view: ravel() would copy it
                theta -= self.learning_rate * grad                       # eq-sgd-W, eq-sgd-b

    def step_vector(self, theta, gradient):
        """θ := θ − η ∇L(θ) for one vector θ that holds every parameter (eq-sgd-theta).

        eq-sgd-W and eq-sgd-b for all layers at once, as one BLAS axpy call. The
        training loop uses it when the network's W_l and b_l are views of one vector
        (see ``MLP.__init__``); ``gradient`` must have the same layout.
        """
        _AXPY[theta.dtype](gradient, theta, a=-self.learning_rate)  # eq-sgd-theta

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate:g})"


# ---- chapter 8, "Closing the gap": L2 weight decay, momentum, Adam ----------------
def l2_penalty(weights, weight_decay):
    """The L2 penalty (λ/2) Σ_l ‖W_l‖², added to the loss L by weight decay (eq-gap-l2).

    Only the weights are penalised; the biases are not (they shift a unit's input,
    they do not scale it, so shrinking them does not make the function smoother).
    """
    return 0.5 * weight_decay * sum(float(np.vdot(W, W)) for W in weights)  # eq-gap-l2


def l2_gradients(weights, dW, weight_decay):
    """The gradient of L + (λ/2) Σ‖W_l‖² with respect to each W_l (eq-gap-l2).

    weights, dW: lists aligned layer by layer, shapes (n_l, n_{l-1}).
    Returns a new list ∂L/∂W_l + λ W_l. Biases are not decayed: their
    gradients db are not touched (and not passed in).
    """
    return [gW + weight_decay * W for W, gW in zip(weights, dW)]  # eq-gap-l2


def _check_state(name, state, params):
    """The memory of an optimiser must match the parameters it is asked to update."""
    if [s.shape for s in state] != [p.shape for p in params]:
        raise ValueError(
            f"This {name} optimiser was used with parameters of shapes "
            f"{[s.shape for s in state]} and now gets {[p.shape for p in params]}. An "
            f"optimiser remembers one network's past gradients: create a new one for "
            f"each network (and each fit you want to start fresh).")


class Momentum:
    """Gradient descent with (heavy-ball) momentum, eq-gap-momentum.

    For every parameter θ (each W_l and b_l) with gradient g = ∂L/∂θ:

        v := β v + g          (a running, decaying sum of past gradients)
        θ := θ − η v

    v starts at zero and has the shape of θ. With β = 0 this is plain SGD.
    """

    def __init__(self, learning_rate=0.01, beta=0.9):
        self.learning_rate = check.check_positive_float(learning_rate, "learning_rate")
        self.beta = _check_fraction(beta, "beta")
        self.velocity = None            # one array per parameter, created on the first step

    def step(self, weights, biases, dW, db):
        """Update ``weights`` and ``biases`` in place (eq-gap-momentum)."""
        params, grads = list(weights) + list(biases), list(dW) + list(db)
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        _check_state("Momentum", self.velocity, params)
        for p, g, v in zip(params, grads, self.velocity):
            v *= self.beta                      # eq-gap-momentum: v := β v + ∂L/∂θ
            v += g
            p -= self.learning_rate * v         # eq-gap-momentum: θ := θ − η v

    def __repr__(self):
        return f"Momentum(learning_rate={self.learning_rate:g}, beta={self.beta:g})"


class Adam:
    """Adam (Kingma & Ba, 2015) with bias correction, eq-gap-adam-m to eq-gap-adam-update.

    For every parameter θ (each W_l and b_l) with gradient g = ∂L/∂θ, at step
    t = 1, 2, ...:

        m := β₁ m + (1 − β₁) g               eq-gap-adam-m   (mean of recent g)
        v := β₂ v + (1 − β₂) g ∘ g           eq-gap-adam-v   (mean of recent g²)
        m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)  eq-gap-adam-hat (undo the start at 0)
        θ := θ − η m̂ / (√v̂ + ε)              eq-gap-adam-update

    m and v start at zero with the shape of θ; all operations are entry by entry.
    ``t`` counts the steps taken so far.
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.learning_rate = check.check_positive_float(learning_rate, "learning_rate")
        self.beta1 = _check_fraction(beta1, "beta1")
        self.beta2 = _check_fraction(beta2, "beta2")
        self.eps = check.check_positive_float(eps, "eps")
        self.t = 0
        self.m = self.v = None          # one array per parameter, created on the first step

    def step(self, weights, biases, dW, db):
        """Update ``weights`` and ``biases`` in place, eq-gap-adam-m to -update."""
        params, grads = list(weights) + list(biases), list(dW) + list(db)
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        _check_state("Adam", self.m, params)
        self.t += 1
        b1, b2, t = self.beta1, self.beta2, self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g              # eq-gap-adam-m: m := β₁m + (1 − β₁)g
            v *= b2
            v += (1 - b2) * (g * g)        # eq-gap-adam-v: v := β₂v + (1 − β₂)g²
            m_hat = m / (1 - b1 ** t)      # eq-gap-adam-hat: m̂ = m/(1 − β₁ᵗ)
            v_hat = v / (1 - b2 ** t)      # eq-gap-adam-hat: v̂ = v/(1 − β₂ᵗ)
            step = self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)
            p -= step                      # eq-gap-adam-update: θ := θ − η m̂/(√v̂+ε)

    def __repr__(self):
        return (f"Adam(learning_rate={self.learning_rate:g}, beta1={self.beta1:g}, "
                f"beta2={self.beta2:g}, eps={self.eps:g})")


def _check_fraction(value, name):
    """A decay rate β must be a real number with 0 ≤ β < 1."""
    value = check.check_nonnegative_float(value, name)
    if value >= 1:
        raise ValueError(
            f"{name} must be at least 0 and below 1 (it is the weight of the past in a "
            f"running average; 0.9 and 0.999 are usual); got {value!r}.")
    return value
