"""Exercise on the gradient-descent update (lab 05).

The learner's ``sgd_step`` may update the arrays in place and return None (as
``mlp_lib.optimizers.sgd_step`` does), or return new lists ``(weights, biases)``;
the checker accepts either.
"""
from .backprop import network_args
from .cases import rng
from .registry import Exercise, Mistake, OutputList, register

LEARNING_RATES = (0.1, 0.05, 0.5)


def sgd_step(weights, biases, dW, db, learning_rate):
    for W, b, gW, gb in zip(weights, biases, dW, db):
        W -= learning_rate * gW                 # eq-sgd-W: W_l := W_l − η ∂L/∂W_l
        b -= learning_rate * gb                 # eq-sgd-b: b_l := b_l − η ∂L/∂b_l


def _args(seed):
    weights, biases, _, _, _ = network_args(seed, "sgd-step")
    g = rng(seed, "sgd-step-gradients")
    dW = [g.normal(size=W.shape) for W in weights]
    db = [g.normal(size=b.shape) for b in biases]
    return weights, biases, dW, db, LEARNING_RATES[seed % 3]


def _collect(returned, args):
    """In place (returned None): the updated lists. Otherwise what was returned."""
    return (args[0], args[1]) if returned is None else returned


def _describe(args):
    weights, _, _, _, eta = args
    sizes_ = [weights[0].shape[1]] + [W.shape[0] for W in weights]
    return f"layer sizes {sizes_}, learning rate {eta}"


def _update(rule, layers=None, update_weights=True, update_biases=True):
    """A wrong sgd_step: ``rule(p, g, η)`` gives the new parameter, on the chosen layers only."""
    def wrong(weights, biases, dW, db, learning_rate):
        chosen = range(len(weights)) if layers is None else [range(len(weights))[i] for i in layers]
        for l in chosen:
            if update_weights:
                weights[l][...] = rule(weights[l], dW[l], learning_rate)
            if update_biases:
                biases[l][...] = rule(biases[l], db[l], learning_rate)
    return wrong


def _downhill(p, g, eta):
    return p - eta * g


register(Exercise(
    id="sgd-step",
    title="One step of gradient descent",
    lab="05-gradient-descent-lab",
    function_name="sgd_step",
    parameters=("weights", "biases", "dW", "db", "learning_rate"),
    returns=(OutputList("weights", like="weights", eq="eq-sgd-W"),
             OutputList("biases", like="biases", eq="eq-sgd-b")),
    doc="""Move every weight and bias one step downhill (eq-sgd-W, eq-sgd-b).

weights, biases: lists of arrays, one per layer; dW, db: their gradients,
same shapes; learning_rate: η > 0.
Update the arrays in place and return None, or return (new_weights, new_biases).""",
    reference=sgd_step,
    make_args=_args,
    describe=_describe,
    collect=_collect,
    read_only=False,
    extra={"return_hint": "sgd_step should update the arrays in place and return None, or "
                          "return the pair (weights, biases) of new lists (eq-sgd-W, eq-sgd-b)."},
    mistakes=(
        Mistake("nothing changed", _update(_downhill, layers=()),
                "{name} did not change at all. Assigning a new array to a loop variable leaves "
                "the list holding the old array: change each array in place, or put the new "
                "arrays into the lists, or return the new lists (eq-sgd-W, eq-sgd-b)."),
        Mistake("update with the wrong sign", _update(lambda p, g, eta: p + eta * g),
                "{name} moved uphill: the step was added instead of subtracted. The gradient "
                "points to where the loss grows fastest, so descent steps against it "
                "(eq-sgd-W, eq-sgd-b)."),
        Mistake("learning rate missing", _update(lambda p, g, eta: p - g),
                "{name} moved by the whole gradient: the learning rate η is missing. η sets the "
                "step length (eq-sgd-W, eq-sgd-b)."),
        Mistake("learning rate divides", _update(lambda p, g, eta: p - g / eta),
                "{name} moved by the gradient divided by η: the learning rate multiplies the "
                "gradient (eq-sgd-W, eq-sgd-b)."),
        Mistake("biases not updated", _update(_downhill, update_biases=False),
                "{name} did not change: the biases need their own update, with db "
                "(eq-sgd-b).", applies_to=("biases",)),
        Mistake("weights not updated", _update(_downhill, update_weights=False),
                "{name} did not change: the weights need their own update, with dW "
                "(eq-sgd-W).", applies_to=("weights",)),
        Mistake("only the first layer", _update(_downhill, layers=(0,)),
                "{name} did not change: only the first layer was updated. Is there a `return` "
                "inside the loop? Every layer gets the same update (eq-sgd-W, eq-sgd-b)."),
        Mistake("only the last layer", _update(_downhill, layers=(-1,)),
                "{name} did not change: only the last layer was updated. Every layer gets the "
                "same update (eq-sgd-W, eq-sgd-b)."),
    ),
))
