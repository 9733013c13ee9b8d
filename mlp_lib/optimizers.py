"""Update rules: how parameters move once the gradients are known.

Kept apart from backpropagation on purpose: backprop answers "which way is
downhill?", the optimiser answers "how far do we step?".
"""


def sgd_step(weights, biases, dW, db, learning_rate):
    """One gradient-descent step, in place, for every layer.

    W_l := W_l − η ∂L/∂W_l   (eq-sgd-W)
    b_l := b_l − η ∂L/∂b_l   (eq-sgd-b)
    """
    for W, b, gW, gb in zip(weights, biases, dW, db):
        W -= learning_rate * gW  # eq-sgd-W
        b -= learning_rate * gb  # eq-sgd-b
