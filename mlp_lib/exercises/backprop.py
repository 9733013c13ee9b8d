"""Exercises on the gradient of the loss and on backpropagation (labs 02 and 03).

For each exercise: the reference implementation, the test inputs, and the table
of typical mistakes, each a deliberately wrong version and its explanation.
Samples are rows: Y, T, Z, A have shape (N, units); weights[l-1] is W_l, shape
(n_l, n_{l-1}); ``dv`` is ∂L/∂v with the shape of v.
"""
from ..activations import sigmoid
from .cases import (Derivative, a_times_one_minus_a_of_z, activation_not_derivative,
                    derivative_at_activation, negated, rng, scaled, sizes, without_derivative,
                    zeroed)
from .registry import Exercise, Mistake, Output, OutputList, register

ACTIVATION_FOR_SEED = ("sigmoid", "tanh", "sigmoid")


# ---------------------------------------------------------------------------
# reference implementations: what the checkers trust
# ---------------------------------------------------------------------------
def mse_gradient(Y, T):
    N = Y.shape[0]
    return (Y - T) / N                          # eq-dL-dy: ∂L/∂Y = (Y − T)/N


def output_delta(dY, Z2, sigma_prime):
    return dY * sigma_prime(Z2)                 # eq-dz2: ∂L/∂z₂ = ∂L/∂y ∘ σ′(z₂)


def output_grads(dZ2, A1):
    dW2 = dZ2.T @ A1                            # eq-dW2: ∂L/∂W₂ = ∂L/∂z₂ a₁ᵀ, summed over samples
    db2 = dZ2.sum(axis=0)                       # eq-db2: ∂L/∂b₂ = ∂L/∂z₂, summed over samples
    return dW2, db2


def hidden_delta(dZ2, W2, Z1, sigma_prime):
    dA1 = dZ2 @ W2                              # eq-dA: ∂L/∂A₁ = ∂L/∂Z₂ W₂
    return dA1 * sigma_prime(Z1)                # eq-dz1: ∂L/∂z₁ = (W₂ᵀ ∂L/∂z₂) ∘ σ′(z₁)


def hidden_grads(dZ1, X):
    dW1 = dZ1.T @ X                             # eq-dW1: ∂L/∂W₁ = ∂L/∂z₁ xᵀ, summed over samples
    db1 = dZ1.sum(axis=0)                       # eq-db1: ∂L/∂b₁ = ∂L/∂z₁, summed over samples
    return dW1, db1


def backward(weights, Z, A, dY, sigma_primes):
    L = len(weights)
    dW, db = [None] * L, [None] * L
    dA = dY
    for l in reversed(range(L)):
        dZ = dA * sigma_primes[l](Z[l])         # eq-dZ: ∂L/∂Z_l = ∂L/∂A_l ∘ σ′(Z_l)
        dW[l] = dZ.T @ A[l]                     # eq-dW: ∂L/∂W_l = (∂L/∂Z_l)ᵀ A_{l−1}
        db[l] = dZ.sum(axis=0)                  # eq-db: ∂L/∂b_l = (∂L/∂Z_l)ᵀ 1
        if l > 0:
            dA = dZ @ weights[l]                # eq-dA: ∂L/∂A_{l−1} = ∂L/∂Z_l W_l
    return dW, db


# ---------------------------------------------------------------------------
# test inputs
# ---------------------------------------------------------------------------
MSE_SHAPES = ((5, 3), (6, 2), (7, 4))   # k = 2 first would make "divided by N·k" look like "½"


def _mse_args(seed):
    N, k = MSE_SHAPES[seed % 3]
    g = rng(seed, "mse-gradient")
    return g.normal(size=(N, k)), g.normal(size=(N, k))


def _output_delta_args(seed):
    N, _, _, k = sizes(seed)
    g = rng(seed, "output-delta")
    return g.normal(size=(N, k)) / N, g.normal(0.0, 1.5, size=(N, k)), Derivative(ACTIVATION_FOR_SEED[seed % 3])


def _output_grads_args(seed):
    N, _, m, k = sizes(seed)
    g = rng(seed, "output-grads")
    return g.normal(size=(N, k)) / N, sigmoid(g.normal(0.0, 1.5, size=(N, m)))


def _hidden_delta_args(seed):
    N, _, m, k = sizes(seed)
    g = rng(seed, "hidden-delta")
    return (g.normal(size=(N, k)) / N, g.normal(0.0, m ** -0.5, size=(k, m)),
            g.normal(0.0, 1.5, size=(N, m)), Derivative(ACTIVATION_FOR_SEED[seed % 3]))


def _hidden_grads_args(seed):
    N, n, m, _ = sizes(seed)
    g = rng(seed, "hidden-grads")
    return g.normal(size=(N, m)) / N, g.normal(size=(N, n))


NETWORKS = {  # seed -> (layer sizes, hidden activation, output activation)
    0: ([3, 4, 2], "sigmoid", "sigmoid"),
    1: ([4, 5, 3, 2], "tanh", "identity"),
    2: ([2, 5, 4, 3, 1], "sigmoid", "tanh"),
}


def network_args(seed, exercise):
    """Random weights, biases, a batch X, and the forward pass through them.

    Returns (weights, biases, Z, A, names) with A[0] = X, as MLP.forward gives.
    """
    layer_sizes, hidden, output = NETWORKS[seed % 3]
    g = rng(seed, exercise)
    N = sizes(seed)[0]
    weights = [g.normal(0.0, n_in ** -0.5, size=(n_out, n_in))
               for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]
    biases = [g.normal(0.0, 0.5, size=n_out) for n_out in layer_sizes[1:]]
    names = [hidden] * (len(weights) - 1) + [output]
    A, Z = [g.normal(size=(N, layer_sizes[0]))], []
    for W, b, name in zip(weights, biases, names):
        Z.append(A[-1] @ W.T + b)
        A.append(Derivative(name).sigma(Z[-1]))
    return weights, biases, Z, A, names


def _backward_args(seed):
    weights, _, Z, A, names = network_args(seed, "backward-pass")
    dY = rng(seed, "backward-pass-dY").normal(size=A[-1].shape) / A[-1].shape[0]
    return weights, Z, A, dY, [Derivative(name) for name in names]


def _N(args):
    return args[0].shape[0]


# ---------------------------------------------------------------------------
# planted mistakes shared by several exercises
# ---------------------------------------------------------------------------
def _with_derivative(fn, change, position):
    """``fn`` with its σ′ argument (at ``position``) replaced by ``change(σ′)``."""
    def wrong(*args):
        args = list(args)
        args[position] = change(args[position])
        return fn(*args)
    return wrong


def _derivative_mistakes(fn, position, name, eq):
    """The σ′ mistakes of a delta: forgotten, evaluated at a, σ for σ′, z(1 − z)."""
    z = "z₂" if "2" in name else "z₁"
    return (
        Mistake("missing σ′", _with_derivative(fn, without_derivative, position),
                "{name} has no σ′ factor: it is the incoming gradient unchanged. By the chain "
                f"rule the gradient that reaches {z} is multiplied, entry by entry, by the slope "
                f"σ′({z}) of the activation ({eq}). (With a linear output σ′ = 1, so it could be "
                f"left out; these tests use sigmoid and tanh, where it cannot.)"),
        Mistake("σ′ applied to a instead of z", _with_derivative(fn, derivative_at_activation, position),
                "{name} uses σ′(a) = σ′(σ(" + z + ")): σ′ was evaluated at the activation instead "
                f"of the pre-activation. σ′ is the slope of σ at its own input, and the input of σ "
                f"is {z} ({eq}). (The source notebook's helper takes a; the book's σ′ takes z.)"),
        Mistake("σ instead of σ′", _with_derivative(fn, activation_not_derivative, position),
                "{name} is multiplied by σ(" + z + "), the activation itself, instead of its "
                f"derivative σ′({z}) ({eq})."),
        Mistake("a(1 − a) fed with z", _with_derivative(fn, a_times_one_minus_a_of_z, position),
                "{name} uses " + z + "(1 − " + z + "): the shortcut σ′ = a(1 − a) holds for "
                f"a = σ(z), not for z itself. Evaluate the derivative you were given at {z} "
                f"({eq}, eq-sigmoid-prime)."),
    )


def _transpose_first(fn):
    def wrong(*args):
        first, *rest = fn(*args)
        return (first.T, *rest)
    return wrong


def _bias_summed_over(fn, axis_fn):
    def wrong(*args):
        dW, _ = fn(*args)
        return dW, axis_fn(args[0])
    return wrong


def _layer_grad_mistakes(fn, dW, db, dZ, a, like):
    """Mistakes of (dW, db) = gradients of one layer from its dZ and its input a."""
    eq_W, eq_b = f"eq-{dW}", f"eq-{db}"
    return (
        Mistake("wrong sign", negated(fn),
                "{name} has the wrong sign. Nothing in " + f"{eq_W} or {eq_b} flips the sign: "
                f"the minus sign of gradient descent belongs to the update, not to the gradient."),
        Mistake("transposed", _transpose_first(fn),
                "{name} is transposed: it must have the shape of " + f"{like}, " + "{shape}. Row j "
                f"of {like} holds the weights into unit j, so row j of {dW} must come from column "
                f"j of {dZ}; check which factor is transposed in {eq_W}.", applies_to=(dW,)),
        Mistake("divided by N again", scaled(fn, lambda args: 1 / _N(args)),
                "{name} is N times too small: it was divided by N again. The 1/N of the mean loss "
                f"is already inside {dZ} (it came from eq-dL-dy), so {eq_W} just adds up the "
                f"samples' contributions.", applies_to=(dW,)),
        Mistake("mean instead of sum", scaled(fn, lambda args: 1 / _N(args)),
                "{name} is N times too small: it is a mean over the samples. The 1/N is already "
                f"inside {dZ} (from eq-dL-dy), so {eq_b} adds up the rows of {dZ} instead of "
                f"averaging them.", applies_to=(db,)),
        Mistake("bias gradient forgotten", zeroed(fn),
                "{name} is all zeros: the bias gradient was not computed. Every sample's row of "
                f"{dZ} contributes to it ({eq_b}).", applies_to=(db,)),
        Mistake("bias summed over the wrong axis", _bias_summed_over(fn, lambda d: d.sum(axis=1)),
                "{name} has one entry per sample: the sum ran over the wrong axis. The bias "
                f"gradient has one entry per unit, like {like.replace('W', 'b')}: add up the "
                f"samples, not the units ({eq_b}).", applies_to=(db,)),
        Mistake("bias not summed", _bias_summed_over(fn, lambda d: d.copy()),
                "{name} still has one row per sample. The samples' contributions must be added "
                "up into one entry per unit, shape {shape} " + f"({eq_b}).", applies_to=(db,)),
    )


def _matrix_product_mistakes(eq):
    explanation = ("{name} came from a matrix product, but " + eq + " multiplies entry by "
                   "entry (∘, the Hadamard product): each entry of the result depends only on the "
                   "same entry of the gradient and of σ′(z).")
    return (
        Mistake("matrix product instead of ∘", lambda dY, Z2, sp: dY @ sp(Z2).T, explanation),
        Mistake("matrix product instead of ∘ (other order)", lambda dY, Z2, sp: dY.T @ sp(Z2), explanation),
    )


def _describe_pair(names):
    return lambda args: ", ".join(f"{n} {a.shape}" for n, a in zip(names, args) if hasattr(a, "shape"))


def _describe_delta(names):
    return lambda args: (_describe_pair(names)(args) + f", σ′ of {args[-1].name}")


# ---------------------------------------------------------------------------
# the exercises
# ---------------------------------------------------------------------------
register(Exercise(
    id="mse-gradient",
    title="The gradient of the mean squared error",
    lab="02-loss-lab",
    function_name="mse_gradient",
    parameters=("Y", "T"),
    returns=Output("dY", like="Y", eq="eq-dL-dy"),
    doc="""∂L/∂Y for L = (1/N) Σᵢ ½‖yᵢ − tᵢ‖² (eq-dL-dy).

Y: network outputs, shape (N, k); T: targets, shape (N, k).
Returns dY, shape (N, k).""",
    reference=mse_gradient,
    make_args=_mse_args,
    describe=lambda args: f"Y and T of shape {args[0].shape} (N = {args[0].shape[0]} samples, k = {args[0].shape[1]} outputs)",
    mistakes=(
        Mistake("wrong sign", negated(mse_gradient),
                "{name} has the wrong sign. The loss grows as y moves away from t, so ∂L/∂y points "
                "from the target towards the output: output minus target (eq-dL-dy)."),
        Mistake("missing 1/N", scaled(mse_gradient, _N),
                "{name} is N times too large: the 1/N is missing. The loss is a mean over the N "
                "samples (eq-mse), and the gradient of a mean keeps the 1/N (eq-dL-dy); without it "
                "the step size would grow with the batch size."),
        Mistake("divided by N·k", scaled(mse_gradient, lambda args: 1 / args[0].shape[1]),
                "{name} is divided by N·k instead of N: a mean over every entry also divides by the "
                "number of outputs k. eq-mse averages over the samples only; within one sample, "
                "½‖y − t‖² is a sum over its k outputs (eq-dL-dy)."),
        Mistake("factor 2", scaled(mse_gradient, lambda args: 2.0),
                "{name} is twice too large. Differentiating the square brings down a 2, and the ½ "
                "in eq-mse cancels it, so no factor 2 is left in eq-dL-dy."),
        Mistake("factor ½", scaled(mse_gradient, lambda args: 0.5),
                "{name} is half the right value: the ½ of eq-mse was kept, but it cancels against "
                "the 2 that differentiating the square brings down (eq-dL-dy)."),
        Mistake("summed over samples", lambda Y, T: mse_gradient(Y, T).sum(axis=0),
                "{name} has one entry per output, not one per entry of Y: the samples were added "
                "up. Every output of every sample has its own gradient; eq-dL-dy is an entry-by-"
                "entry formula, and the 1/N is its only trace of the mean."),
    ),
))

register(Exercise(
    id="output-delta",
    title="The error at the output layer",
    lab="03-backprop-lab",
    function_name="output_delta",
    parameters=("dY", "Z2", "sigma_prime"),
    returns=Output("dZ2", like="Z2", eq="eq-dz2"),
    doc="""∂L/∂Z₂ from ∂L/∂Y (eq-dz2).

dY: ∂L/∂Y, shape (N, k); Z2: output pre-activations, shape (N, k);
sigma_prime: the derivative of the output activation, a function of z.
Returns dZ2, shape (N, k).""",
    reference=output_delta,
    make_args=_output_delta_args,
    describe=_describe_delta(("dY", "Z2")),
    mistakes=(
        Mistake("wrong sign", negated(output_delta),
                "{name} has the wrong sign. The chain rule multiplies ∂L/∂y by σ′(z₂), and σ′ of "
                "sigmoid and tanh is positive, so every entry keeps the sign of ∂L/∂y (eq-dz2)."),
        *_derivative_mistakes(output_delta, 2, "dZ2", "eq-dz2"),
        *_matrix_product_mistakes("eq-dz2"),
    ),
))

register(Exercise(
    id="output-grads",
    title="Gradients of the output layer's weights and biases",
    lab="03-backprop-lab",
    function_name="output_grads",
    parameters=("dZ2", "A1"),
    returns=(Output("dW2", like="W2", eq="eq-dW2"), Output("db2", like="b2", eq="eq-db2")),
    doc="""∂L/∂W₂ and ∂L/∂b₂ for a batch (eq-dW2, eq-db2).

dZ2: ∂L/∂Z₂, shape (N, k), already including the 1/N of the mean loss;
A1: hidden activations, shape (N, m).
Returns (dW2, db2) with shapes (k, m) and (k,).""",
    reference=output_grads,
    make_args=_output_grads_args,
    describe=lambda args: f"dZ2 {args[0].shape}, A1 {args[1].shape}, so W2 is {(args[0].shape[1], args[1].shape[1])}",
    mistakes=_layer_grad_mistakes(output_grads, "dW2", "db2", "dZ2", "a₁", "W2"),
))

register(Exercise(
    id="hidden-delta",
    title="Backpropagating the error to the hidden layer",
    lab="03-backprop-lab",
    function_name="hidden_delta",
    parameters=("dZ2", "W2", "Z1", "sigma_prime"),
    returns=Output("dZ1", like="Z1", eq="eq-dz1"),
    doc="""∂L/∂Z₁ from ∂L/∂Z₂ (eq-dz1).

dZ2: ∂L/∂Z₂, shape (N, k); W2: output weights, shape (k, m);
Z1: hidden pre-activations, shape (N, m); sigma_prime: the hidden activation's
derivative, a function of z. Returns dZ1, shape (N, m).""",
    reference=hidden_delta,
    make_args=_hidden_delta_args,
    describe=_describe_delta(("dZ2", "W2", "Z1")),
    mistakes=(
        Mistake("wrong sign", negated(hidden_delta),
                "{name} has the wrong sign. Passing the error back through W₂ and multiplying by "
                "σ′(z₁) > 0 introduces no minus sign (eq-dz1)."),
        *_derivative_mistakes(hidden_delta, 3, "dZ1", "eq-dz1"),
    ),
))

register(Exercise(
    id="hidden-grads",
    title="Gradients of the hidden layer's weights and biases",
    lab="03-backprop-lab",
    function_name="hidden_grads",
    parameters=("dZ1", "X"),
    returns=(Output("dW1", like="W1", eq="eq-dW1"), Output("db1", like="b1", eq="eq-db1")),
    doc="""∂L/∂W₁ and ∂L/∂b₁ for a batch (eq-dW1, eq-db1).

dZ1: ∂L/∂Z₁, shape (N, m), already including the 1/N of the mean loss;
X: the inputs, shape (N, n).
Returns (dW1, db1) with shapes (m, n) and (m,).""",
    reference=hidden_grads,
    make_args=_hidden_grads_args,
    describe=lambda args: f"dZ1 {args[0].shape}, X {args[1].shape}, so W1 is {(args[0].shape[1], args[1].shape[1])}",
    mistakes=_layer_grad_mistakes(hidden_grads, "dW1", "db1", "dZ1", "x", "W1"),
))


# ---- the whole backward pass ----------------------------------------------
def _backward_with_derivatives(change):
    def wrong(weights, Z, A, dY, sigma_primes):
        return backward(weights, Z, A, dY, [change(s) for s in sigma_primes])
    return wrong


def _backward_derivative_at_activation(weights, Z, A, dY, sigma_primes):
    return backward(weights, A[1:], A, dY, sigma_primes)  # σ′ gets A_l where Z_l belongs


def _backward_reversed(*args):
    dW, db = backward(*args)
    return dW[::-1], db[::-1]


def _backward_own_output(weights, Z, A, dY, sigma_primes):
    """dW_l built from the layer's own output A_l instead of its input A_{l−1}."""
    _, db = backward(weights, Z, A, dY, sigma_primes)
    deltas = _deltas(weights, Z, A, dY, sigma_primes)
    return [d.T @ A[l + 1] for l, d in enumerate(deltas)], db


def _deltas(weights, Z, A, dY, sigma_primes):
    """∂L/∂Z_l for every layer (the trusted recursion), for building wrong dW."""
    deltas, dA = [None] * len(weights), dY
    for l in reversed(range(len(weights))):
        deltas[l] = dA * sigma_primes[l](Z[l])
        dA = deltas[l] @ weights[l]
    return deltas


def _backward_transposed(*args):
    dW, db = backward(*args)
    return [g.T for g in dW], db


def _describe_backward(args):
    weights, _, A, _, sigma_primes = args
    sizes_ = [weights[0].shape[1]] + [W.shape[0] for W in weights]
    acts = ", ".join(s.name for s in sigma_primes)
    return f"layer sizes {sizes_}, N = {A[0].shape[0]} samples, activations {acts}"


register(Exercise(
    id="backward-pass",
    title="The backward pass for any number of layers",
    lab="03-backprop-lab",
    function_name="backward",
    parameters=("weights", "Z", "A", "dY", "sigma_primes"),
    returns=(OutputList("dW", like="weights", eq="eq-dW"), OutputList("db", like="biases", eq="eq-db")),
    doc="""All weight and bias gradients, from the last layer to the first (eq-dZ, eq-dW, eq-db, eq-dA).

weights: list of L arrays, weights[l-1] = W_l with shape (n_l, n_{l-1});
Z, A: as returned by MLP.forward: Z[l-1] = Z_l (N, n_l), A[l] = A_l, A[0] = X;
dY: ∂L/∂Y, shape (N, n_L); sigma_primes: list of L derivative functions, one per layer.
Returns (dW, db): lists of L arrays, dW[l-1] shaped like W_l, db[l-1] like b_l.""",
    reference=backward,
    make_args=_backward_args,
    describe=_describe_backward,
    mistakes=(
        Mistake("wrong sign", negated(backward),
                "{name} have the wrong sign. The backward pass only multiplies by σ′ ≥ 0, by the "
                "weights and by the activations; it never flips a sign (eq-dZ, eq-dW, eq-db)."),
        Mistake("lists in reverse order", _backward_reversed,
                "{name}: the lists are in reverse order. The loop visits the layers from last to "
                "first, but dW[0] must still belong to weights[0], the first layer: store each "
                "gradient at its layer's position (eq-dW, eq-db)."),
        Mistake("missing σ′", _backward_with_derivatives(without_derivative),
                "{name} have no σ′ factor: the error passed back was never multiplied by the "
                "slope of the activation, σ′(Z_l), entry by entry (eq-dZ)."),
        Mistake("σ′ applied to A instead of Z", _backward_derivative_at_activation,
                "{name}: σ′ was evaluated at the activation A_l instead of the pre-activation "
                "Z_l. σ′ is the slope of σ at its own input, Z_l (eq-dZ)."),
        Mistake("σ instead of σ′", _backward_with_derivatives(activation_not_derivative),
                "{name}: the error was multiplied by σ(Z_l), the activation itself, instead of its "
                "derivative σ′(Z_l) (eq-dZ)."),
        Mistake("dW transposed", _backward_transposed,
                "{name} are transposed. Each dW[l] must have the shape of weights[l]: one row "
                "per unit of the layer, one column per input; check which factor is transposed "
                "in eq-dW.", applies_to=("dW",)),
        Mistake("A_l instead of A_{l−1}", _backward_own_output,
                "{name} were built from the layer's own output A_l. The weights W_l multiply the "
                "layer's input, so dW_l pairs ∂L/∂Z_l with A_{l−1} (eq-dW). Remember that A[0] is X, "
                "so the list A is shifted by one place against the list of weights.",
                applies_to=("dW",)),
        Mistake("dW divided by N again", scaled(backward, lambda args: 1 / args[2][0].shape[0]),
                "{name} are N times too small: they were divided by N again. The 1/N of the mean "
                "loss is already inside dY (eq-dL-dy), so eq-dW just adds up the samples.",
                applies_to=("dW",)),
        Mistake("db mean instead of sum", scaled(backward, lambda args: 1 / args[2][0].shape[0]),
                "{name} are N times too small: they are means over the samples, but the 1/N is "
                "already inside dY (eq-dL-dy). eq-db adds up the rows of ∂L/∂Z_l.",
                applies_to=("db",)),
        Mistake("bias gradients forgotten", zeroed(backward),
                "{name} are all zeros: the bias gradients were not computed (eq-db).",
                applies_to=("db",)),
    ),
))
