"""The exercise checkers: they pass right answers, name typical mistakes, and never crash."""
import inspect
import os
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.special import expit

from conftest import ROOT
from mlp_lib import MLP
from mlp_lib.exercises import EXERCISES, CheckResult, Exercise, Mistake, Output, check, reference, register
from mlp_lib.exercises.cases import negated

IDS = ["mse-gradient", "output-delta", "output-grads", "hidden-delta", "hidden-grads",
       "backward-pass", "sgd-step", "central-difference"]


# ---------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------
def test_registry_has_every_exercise_with_its_lab_and_signature():
    assert set(IDS) <= set(EXERCISES)
    labs = {"mse-gradient": "02-loss-lab", "central-difference": "04-gradcheck-lab",
            "sgd-step": "05-gradient-descent-lab"}
    for ex_id in IDS:
        ex = EXERCISES[ex_id]
        assert ex.id == ex_id and ex.title and callable(ex.checker)
        assert ex.lab == labs.get(ex_id, "03-backprop-lab")
        assert ex.signature.startswith(f"{ex.function_name}({', '.join(ex.parameters)})")
        assert reference(ex_id) is ex.reference
    assert EXERCISES["output-grads"].signature == "output_grads(dZ2, A1) -> (dW2, db2)"
    assert EXERCISES["central-difference"].signature == "numerical_gradient(f, theta, eps) -> grad"


@pytest.mark.parametrize("ex_id", IDS)
def test_blank_is_valid_python_and_raises_not_implemented(ex_id):
    namespace = {}
    exec(EXERCISES[ex_id].blank, namespace)
    fn = namespace[EXERCISES[ex_id].function_name]
    with pytest.raises(NotImplementedError, match=f"Exercise {ex_id}"):
        fn(*EXERCISES[ex_id].make_args(0))


def test_references_agree_with_the_library():
    from mlp_lib.exercises.backprop import NETWORKS
    from mlp_lib.gradcheck import numerical_gradient
    from mlp_lib.losses import mse_loss_grad
    from mlp_lib.optimizers import sgd_step

    Y, T = EXERCISES["mse-gradient"].make_args(0)
    np.testing.assert_allclose(reference("mse-gradient")(Y, T), mse_loss_grad(Y, T))

    for seed, (layer_sizes, hidden, output) in NETWORKS.items():
        net = MLP(layer_sizes, hidden_activation=hidden, output_activation=output, seed=seed)
        X = np.random.default_rng(seed).normal(size=(6, layer_sizes[0]))
        Z, A = net.forward(X)
        dY = A[-1] / len(X)
        mine = reference("backward-pass")(net.weights, Z, A, dY, [a.df for a in net.activations])
        for got, want in zip(mine, net.backward(Z, A, dY)):
            for g, w in zip(got, want):
                np.testing.assert_allclose(g, w, rtol=1e-12)

    for seed in range(3):
        args = EXERCISES["sgd-step"].make_args(seed)
        theirs = EXERCISES["sgd-step"].make_args(seed)
        reference("sgd-step")(*args)
        sgd_step(*theirs)
        for a, b in zip(args[0] + args[1], theirs[0] + theirs[1]):
            np.testing.assert_array_equal(a, b)

        f, theta, eps = EXERCISES["central-difference"].make_args(seed)
        np.testing.assert_allclose(reference("central-difference")(f, theta, eps),
                                   numerical_gradient(f, theta, eps), rtol=1e-12)


def test_two_layer_exercises_chain_into_the_backward_pass():
    """output-delta → output-grads → hidden-delta → hidden-grads equals backward on 2 layers."""
    weights, Z, A, dY, sps = EXERCISES["backward-pass"].make_args(0)
    dZ2 = reference("output-delta")(dY, Z[1], sps[1])
    dW2, db2 = reference("output-grads")(dZ2, A[1])
    dZ1 = reference("hidden-delta")(dZ2, weights[1], Z[0], sps[0])
    dW1, db1 = reference("hidden-grads")(dZ1, A[0])
    dW, db = reference("backward-pass")(weights, Z, A, dY, sps)
    for got, want in zip([dW1, dW2, db1, db2], dW + db):
        np.testing.assert_allclose(got, want)


# ---------------------------------------------------------------------------
# right answers pass
# ---------------------------------------------------------------------------
def _backward_recursive(weights, Z, A, dY, sigma_primes):
    if not weights:
        return [], []
    dZ = dY * sigma_primes[-1](Z[-1])
    dW_rest, db_rest = _backward_recursive(weights[:-1], Z[:-1], A[:-1], dZ @ weights[-1], sigma_primes[:-1])
    return dW_rest + [np.einsum("nj,ni->ji", dZ, A[-2])], db_rest + [np.ones(len(dZ)) @ dZ]


def _sgd_new_lists(weights, biases, dW, db, learning_rate):
    return ([W - learning_rate * g for W, g in zip(weights, dW)],
            [b - learning_rate * g for b, g in zip(biases, db)])


def _central_flat(f, theta, eps=1e-6):
    grad = np.empty(theta.size)
    flat = theta.reshape(-1)  # a view: changing it changes theta
    for i in range(theta.size):
        keep = flat[i]
        flat[i] = keep + eps
        up = f()
        flat[i] = keep - eps
        down = f()
        flat[i] = keep
        grad[i] = (up - down) / (2 * eps)
    return grad.reshape(theta.shape)


CORRECT = {
    "mse-gradient": lambda Y, T: np.subtract(Y, T) * (1.0 / len(Y)),
    "output-delta": lambda dY, Z2, sp: np.multiply(sp(Z2), dY),
    "output-grads": lambda dZ2, A1: (np.einsum("nk,nm->km", dZ2, A1), np.ones(len(dZ2)) @ dZ2),
    "hidden-delta": lambda dZ2, W2, Z1, sp: np.einsum("nk,km->nm", dZ2, W2) * sp(Z1),
    "hidden-grads": lambda dZ1, X: ((X.T @ dZ1).T, np.add.reduce(dZ1, axis=0)),
    "backward-pass": _backward_recursive,
    "sgd-step": _sgd_new_lists,
    "central-difference": _central_flat,
}


@pytest.mark.parametrize("ex_id", IDS)
def test_reference_passes(ex_id):
    result = check(ex_id, reference(ex_id))
    assert result.passed, result.message
    assert result.message.startswith(f"✓ {ex_id}: passed")
    assert EXERCISES[ex_id].checker(reference(ex_id)).passed


@pytest.mark.parametrize("ex_id", IDS)
def test_independent_correct_implementation_passes(ex_id):
    result = check(ex_id, CORRECT[ex_id])
    assert result.passed, result.message


# ---------------------------------------------------------------------------
# planted mistakes are named
# ---------------------------------------------------------------------------
def _sum0(a):
    return a.sum(axis=0)


def _bw(delta_at=None, dW_input=0, dW_scale=1.0, db_of=_sum0, sign=1, order="index", transpose=False):
    """A learner's backward pass with one configurable mistake."""
    def backward(weights, Z, A, dY, sigma_primes):
        dW, db, dA = [], [], dY
        for l in reversed(range(len(weights))):
            sp = sigma_primes[l]
            d = 1.0 if delta_at == "none" else sp(A[l + 1]) if delta_at == "A" else sp(Z[l])
            dZ = dA * d
            g = (A[l + dW_input].T @ dZ) if transpose else dZ.T @ A[l + dW_input]
            dW.append(sign * g * dW_scale)
            db.append(sign * db_of(dZ))
            dA = dZ @ weights[l]
        return (dW, db) if order == "append" else (dW[::-1], db[::-1])
    return backward


def _sgd(rule=lambda p, g, eta: p - eta * g, layers=slice(None), W=True, b=True, early_return=False):
    def sgd_step(weights, biases, dW, db, learning_rate):
        for Wl, bl, gW, gb in list(zip(weights, biases, dW, db))[layers]:
            if W:
                Wl[...] = rule(Wl, gW, learning_rate)
            if b:
                bl[...] = rule(bl, gb, learning_rate)
            if early_return:
                return
    return sgd_step


def _rebinding_sgd(weights, biases, dW, db, learning_rate):
    for W, b, gW, gb in zip(weights, biases, dW, db):
        W = W - learning_rate * gW  # noqa: F841  (the classic mistake: a new array, list unchanged)
        b = b - learning_rate * gb  # noqa: F841


def _cd(step):
    def numerical_gradient(f, theta, eps=1e-6):
        grad = np.zeros(theta.shape)
        for i in np.ndindex(theta.shape):
            grad[i] = step(f, theta, i, eps)
        return grad
    return numerical_gradient


def _value_at(f, theta, i, x):
    old = theta[i]
    theta[i] = x
    v = f()
    theta[i] = old
    return v


def _forward_diff(f, theta, i, eps):
    f0 = f()
    return (_value_at(f, theta, i, theta[i] + eps) - f0) / eps


def _not_restored(f, theta, eps=1e-6):
    grad = np.zeros(theta.shape)
    for i in np.ndindex(theta.shape):
        theta[i] += eps
        up = f()
        theta[i] -= 2 * eps
        grad[i] = (up - f()) / (2 * eps)
    return grad


def _on_a_copy(f, theta, eps=1e-6):
    return _central_flat(f, theta.copy(), eps)


def _all_at_once(f, theta, eps=1e-6):
    theta += eps
    up = f()
    theta -= 2 * eps
    down = f()
    theta += eps
    return np.full(theta.shape, (up - down) / (2 * eps))


def _N(a):
    return a.shape[0]


MISTAKES = [
    # mse-gradient
    ("mse-gradient", lambda Y, T: (T - Y) / _N(Y), "wrong sign"),
    ("mse-gradient", lambda Y, T: Y - T, "the 1/N is missing"),
    ("mse-gradient", lambda Y, T: (Y - T) / Y.size, "N·k instead of N"),
    ("mse-gradient", lambda Y, T: 2 * (Y - T) / _N(Y), "twice too large"),
    ("mse-gradient", lambda Y, T: 0.5 * (Y - T) / _N(Y), "half the right value"),
    ("mse-gradient", lambda Y, T: np.mean(Y - T, axis=0), "the samples were added up"),
    ("mse-gradient", lambda Y, T: np.mean((Y - T) ** 2) / 2, "single number"),
    # output-delta
    ("output-delta", lambda dY, Z2, sp: -dY * sp(Z2), "wrong sign"),
    ("output-delta", lambda dY, Z2, sp: dY.copy(), "no σ′ factor"),
    ("output-delta", lambda dY, Z2, sp: dY * sp(expit(Z2)), "σ′ was evaluated at the activation"),
    ("output-delta", lambda dY, Z2, sp: dY * expit(Z2), "the activation itself, instead of its derivative"),
    ("output-delta", lambda dY, Z2, sp: dY * Z2 * (1 - Z2), "a(1 − a) holds for a = σ(z)"),
    ("output-delta", lambda dY, Z2, sp: dY @ sp(Z2).T, "matrix product"),
    ("output-delta", lambda dY, Z2, sp: dY.T @ sp(Z2), "Hadamard"),
    ("output-delta", lambda dY, Z2, sp: (dY * sp(Z2)).T, "expected shape (5, 2) (like Z2), got (2, 5): it is transposed"),
    # output-grads
    ("output-grads", lambda dZ2, A1: (-(dZ2.T @ A1), -dZ2.sum(axis=0)), "dW2 and db2 has the wrong sign"),
    ("output-grads", lambda dZ2, A1: (A1.T @ dZ2, dZ2.sum(axis=0)), "dW2 is transposed"),
    ("output-grads", lambda dZ2, A1: (dZ2.T @ A1 / _N(dZ2), dZ2.sum(axis=0)), "divided by N again"),
    ("output-grads", lambda dZ2, A1: (dZ2.T @ A1, dZ2.mean(axis=0)), "it is a mean over the samples"),
    ("output-grads", lambda dZ2, A1: (dZ2.T @ A1, np.zeros(dZ2.shape[1])), "the bias gradient was not computed"),
    ("output-grads", lambda dZ2, A1: (dZ2.T @ A1, None), "db2 is None"),
    ("output-grads", lambda dZ2, A1: (dZ2.T @ A1, dZ2.sum(axis=1)), "the sum ran over the wrong axis"),
    ("output-grads", lambda dZ2, A1: (dZ2.T @ A1, dZ2), "still has one row per sample"),
    ("output-grads", lambda dZ2, A1: (dZ2.T @ A1, dZ2.sum(axis=0, keepdims=True)), "no extra axis of length 1"),
    ("output-grads", lambda dZ2, A1: dZ2.T @ A1, "it should return 2 values: (dW2, db2)"),
    ("output-grads", lambda dZ2, A1: (dZ2.T @ A1, dZ2.sum(axis=0), 0), "returned 3 values"),
    # hidden-delta
    ("hidden-delta", lambda dZ2, W2, Z1, sp: -(dZ2 @ W2) * sp(Z1), "wrong sign"),
    ("hidden-delta", lambda dZ2, W2, Z1, sp: dZ2 @ W2, "no σ′ factor"),
    ("hidden-delta", lambda dZ2, W2, Z1, sp: (dZ2 @ W2) * sp(expit(Z1)), "σ′ was evaluated at the activation"),
    ("hidden-delta", lambda dZ2, W2, Z1, sp: (dZ2 @ W2) * expit(Z1), "instead of its derivative σ′(z₁)"),
    ("hidden-delta", lambda dZ2, W2, Z1, sp: (dZ2 @ W2) * Z1 * (1 - Z1), "a(1 − a)"),
    ("hidden-delta", lambda dZ2, W2, Z1, sp: ((dZ2 @ W2) * sp(Z1)).T, "it is transposed"),
    # hidden-grads
    ("hidden-grads", lambda dZ1, X: (-(dZ1.T @ X), -dZ1.sum(axis=0)), "wrong sign"),
    ("hidden-grads", lambda dZ1, X: (X.T @ dZ1, dZ1.sum(axis=0)), "dW1 is transposed"),
    ("hidden-grads", lambda dZ1, X: (dZ1.T @ X / _N(X), dZ1.sum(axis=0)), "divided by N again"),
    ("hidden-grads", lambda dZ1, X: (dZ1.T @ X, dZ1.mean(axis=0)), "mean over the samples"),
    ("hidden-grads", lambda dZ1, X: (dZ1.T @ X, 0 * dZ1[0]), "the bias gradient was not computed"),
    ("hidden-grads", lambda dZ1, X: (np.ones((3, 4)), dZ1.sum(axis=0)), "expected shape (4, 3) (like W1), got (3, 4)"),
    # backward-pass
    ("backward-pass", _bw(order="append"), "the lists are in reverse order"),
    ("backward-pass", _bw(sign=-1), "wrong sign"),
    ("backward-pass", _bw(delta_at="none"), "no σ′ factor"),
    ("backward-pass", _bw(delta_at="A"), "evaluated at the activation A_l"),
    ("backward-pass", _bw(dW_input=1), "the layer's own output A_l"),
    ("backward-pass", _bw(dW_scale=1 / 5), "divided by N again"),
    ("backward-pass", _bw(db_of=lambda d: d.mean(axis=0)), "means over the samples"),
    ("backward-pass", _bw(db_of=lambda d: np.zeros(d.shape[1])), "bias gradients were not computed"),
    ("backward-pass", _bw(transpose=True), "are transposed"),
    ("backward-pass", lambda w, Z, A, dY, sp: (reference("backward-pass")(w, Z, A, dY, sp)[0][1:],
                                               reference("backward-pass")(w, Z, A, dY, sp)[1]), "dW has 1 entry"),
    ("backward-pass", lambda w, Z, A, dY, sp: (np.zeros(3), np.zeros(3)), "should be a list of 2 arrays"),
    # sgd-step
    ("sgd-step", _rebinding_sgd, "did not change at all"),
    ("sgd-step", _sgd(rule=lambda p, g, eta: p + eta * g), "moved uphill"),
    ("sgd-step", _sgd(rule=lambda p, g, eta: p - g), "the learning rate η is missing"),
    ("sgd-step", _sgd(rule=lambda p, g, eta: p - g / eta), "divided by η"),
    ("sgd-step", _sgd(b=False), "the biases need their own update"),
    ("sgd-step", _sgd(W=False), "the weights need their own update"),
    ("sgd-step", _sgd(early_return=True), "only the first layer was updated"),
    ("sgd-step", _sgd(layers=slice(-1, None)), "only the last layer was updated"),
    ("sgd-step", lambda w, b, dW, db, eta: [W - eta * g for W, g in zip(w, dW)], "should update the arrays in place"),
    # central-difference
    ("central-difference", _cd(_forward_diff), "one-sided difference (f(θ+ε) − f(θ))/ε"),
    ("central-difference", _cd(lambda f, t, i, e: (f() - _value_at(f, t, i, t[i] - e)) / e), "(f(θ) − f(θ−ε))/ε"),
    ("central-difference", _cd(lambda f, t, i, e: (_value_at(f, t, i, t[i] + e) - _value_at(f, t, i, t[i] - e)) / e), "twice too large"),
    ("central-difference", _cd(lambda f, t, i, e: (_value_at(f, t, i, t[i] - e) - _value_at(f, t, i, t[i] + e)) / (2 * e)), "wrong sign"),
    ("central-difference", _not_restored, "theta was not restored"),
    ("central-difference", _on_a_copy, "f never saw your changes"),
    ("central-difference", _all_at_once, "same value in every entry"),
    ("central-difference", lambda f, theta, eps: _central_flat(f, theta, 1e-6), "a step other than the eps"),
    ("central-difference", lambda f, theta, eps: _central_flat(f, theta, eps).ravel(), "only the shape is not"),
]


@pytest.mark.parametrize("ex_id, wrong, phrase", MISTAKES,
                         ids=[f"{m[0]}:{m[2][:30]}" for m in MISTAKES])
def test_planted_mistake_is_diagnosed(ex_id, wrong, phrase):
    result = check(ex_id, wrong)
    assert not result.passed
    assert phrase in result.message, result.message
    assert "could not finish" not in result.message


def test_every_diagnosis_cites_a_book_equation():
    for ex_id, wrong, _ in MISTAKES:
        message = check(ex_id, wrong).message
        assert re.search(r"eq-[A-Za-z]", message), message


# ---------------------------------------------------------------------------
# not implemented, errors, None, types
# ---------------------------------------------------------------------------
def test_stub_is_not_implemented():
    def output_delta(dY, Z2, sigma_prime):
        raise NotImplementedError("Exercise output-delta: your code here")
    result = check("output-delta", output_delta)
    assert not result.passed
    assert "not implemented yet" in result.message


def test_learner_exception_names_type_message_and_line():
    def output_delta(dY, Z2, sigma_prime):
        scale = 1.0
        return dY * (1 / (scale - 1.0))
    result = check("output-delta", output_delta)
    assert "ZeroDivisionError" in result.message
    assert "line 3 of output_delta" in result.message
    assert "return dY * (1 / (scale - 1.0))" in result.message
    assert str(ROOT) not in result.message and "/tests/" not in result.message


def test_exception_inside_numpy_points_at_the_learners_line():
    def hidden_delta(dZ2, W2, Z1, sigma_prime):
        back = dZ2 @ W2.T
        return back * sigma_prime(Z1)
    message = check("hidden-delta", hidden_delta).message
    assert "ValueError" in message and "line 2 of hidden_delta" in message
    assert "dZ2 (5, 2) array, W2 (2, 4) array" in message


def test_pass_returns_none_and_says_what_to_return():
    def output_grads(dZ2, A1):
        pass
    message = check("output-grads", output_grads).message
    assert "returned None" in message
    assert "dW2, an array of shape (2, 4) like W2 and db2, an array of shape (2,) like b2" in message


def test_list_instead_of_array():
    message = check("mse-gradient", lambda Y, T: ((Y - T) / len(Y)).tolist()).message
    assert "is a list, not a NumPy array" in message and "Its numbers are right" in message


def test_unknown_id_lists_valid_ids():
    result = check("output-detla", reference("output-delta"))
    assert not result.passed
    assert 'Did you mean "output-delta"' in result.message
    for ex_id in IDS:
        assert ex_id in result.message


def test_odd_calls_do_not_raise():
    assert "not a function" in check("output-delta", 42).message
    assert "without parentheses" in check("output-delta", np.zeros(3)).message
    assert "Arguments swapped" in check(reference("output-delta"), "output-delta").message
    assert "wrong number of arguments" in check("output-delta", lambda dY, Z2: dY).message
    assert "Valid ids" in check(None, None).message


def test_not_fooled_by_mutating_inputs():
    def sneaky(dY, Z2, sigma_prime):
        dY[...] = 0.0
        Z2[...] = 0.0
        return np.zeros_like(dY)
    assert not check("output-delta", sneaky).passed

    def overwrites_but_right(dY, Z2, sigma_prime):
        dY *= sigma_prime(Z2)
        return dY
    result = check("output-delta", overwrites_but_right)
    assert result.passed and "changed its input dY in place" in result.message


def test_result_renders_deterministically_with_coloured_header():
    good = check("output-delta", reference("output-delta"))
    bad = check("output-delta", lambda dY, Z2, sp: -dY * sp(Z2))
    assert isinstance(good, CheckResult) and bool(good) and not bool(bad)
    assert repr(good) == str(good) == good.message == repr(check("output-delta", reference("output-delta")))
    assert "#1a7f37" in good._repr_html_() and "#b42318" in bad._repr_html_()
    assert "<code>" in bad._repr_html_() or "eq-dz2" in bad._repr_html_()
    assert re.search(r"0x[0-9a-f]{6,}", bad.message + bad._repr_html_()) is None


def test_another_module_can_register_an_exercise():
    """How the Adam or Fourier-feature exercises will plug in: the same machinery."""
    def double(x):
        return 2 * x

    ex = Exercise(
        id="test-double", title="Double it", lab="99-test-lab", function_name="double",
        parameters=("x",), returns=Output("y", like="x", eq="eq-test"), doc="Twice x.",
        reference=double,
        make_args=lambda seed: (np.random.default_rng(seed).normal(size=(3, 2)),),
        describe=lambda args: f"x {args[0].shape}",
        mistakes=(Mistake("wrong sign", negated(double), "{name} has the wrong sign ({eq})."),),
    )
    register(ex)
    try:
        with pytest.raises(ValueError):
            register(ex)
        assert check("test-double", double).passed
        assert "y has the wrong sign (eq-test)" in check("test-double", lambda x: -2 * x).message
    finally:
        del EXERCISES["test-double"]


# ---------------------------------------------------------------------------
# fuzzing: whatever the learner passes, check() answers and shows no solution
# ---------------------------------------------------------------------------
def _solution_lines(ex_id):
    """The code lines of the reference (no def, docstring or comment-only lines)."""
    source = inspect.getsource(reference(ex_id))
    lines = []
    for line in source.splitlines()[1:]:
        code = line.split("#")[0].strip()
        if len(code) >= 8 and not code.startswith(('"""', "return grad")):
            lines.append(code)
    return lines


def _array_values():
    finite = hnp.arrays(dtype=st.sampled_from([np.float64, np.float32, np.int64]),
                        shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=6))
    odd = st.sampled_from([np.array([np.nan, np.inf]), np.full((5, 2), 1e308), np.array([None, 1], dtype=object),
                           np.ones((2, 2), dtype=complex), np.zeros((5, 2), dtype=bool), np.float64(3.0)])
    return finite | odd


LEAVES = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=4)
          | _array_values())
VALUES = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.tuples(inner, inner, inner), max_leaves=6)
ERRORS = st.sampled_from([ValueError, TypeError, ZeroDivisionError, KeyError, IndexError,
                          RuntimeError, AttributeError, RecursionError, SystemExit, Exception])


def _mutate(args, how):
    for a in args:
        if isinstance(a, np.ndarray) and a.size:
            a[...] = np.nan if how else 1e300
        elif isinstance(a, list):
            if how:
                a.clear()
            else:
                a.append(None)


@st.composite
def learners(draw):
    kind = draw(st.sampled_from(["returns", "raises", "mutates", "generator", "arity",
                                 "calls-args", "not-callable"]))
    value = draw(VALUES)
    if kind == "returns":
        return lambda *args: value
    if kind == "raises":
        error, text = draw(ERRORS), draw(st.text(max_size=20))

        def raiser(*args):
            raise error(text)
        return raiser
    if kind == "mutates":
        how = draw(st.booleans())

        def mutator(*args):
            _mutate(args, how)
            return value
        return mutator
    if kind == "generator":
        def gen(*args):
            yield value
        return gen
    if kind == "arity":
        return draw(st.sampled_from([lambda: value, lambda a: value, lambda a, b, c, d, e, f: value,
                                     lambda *a, **k: value, lambda *, x: value]))
    if kind == "calls-args":
        def caller(*args):
            return [a(value) if callable(a) else a for a in args]
        return caller
    return value


@pytest.mark.parametrize("ex_id", IDS)
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 40)), deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(learner=learners())
def test_fuzz_check_never_raises_nor_leaks(ex_id, learner):
    result = check(ex_id, learner)
    assert isinstance(result, CheckResult)
    assert result.passed is False
    text = result.message + result._repr_html_() + repr(result)
    assert isinstance(result.message, str) and "could not finish" not in result.message, result.message
    for line in _solution_lines(ex_id):
        assert line not in text, (line, result.message)


@pytest.mark.parametrize("ex_id, wrong, phrase", MISTAKES[::3], ids=[m[0] for m in MISTAKES[::3]])
def test_diagnoses_never_leak_solution_code(ex_id, wrong, phrase):
    message = check(ex_id, wrong).message
    for line in _solution_lines(ex_id):
        assert line not in message


OPS = st.sampled_from(["scale", "transpose", "noise", "float32", "int", "complex", "object",
                       "tolist", "drop", "reverse", "keepdims", "ravel", "nan"])


def _transform(value, op, factor):
    if isinstance(value, (list, tuple)):
        items = [_transform(v, op, factor) for v in value]
        if op == "drop" and items:
            items = items[:-1]
        if op == "reverse":
            items = items[::-1]
        return type(value)(items)
    if not isinstance(value, np.ndarray):
        return value
    return {
        "scale": lambda a: a * factor, "transpose": lambda a: a.T,
        "noise": lambda a: a + 1e-9 * factor, "float32": lambda a: a.astype(np.float32),
        "int": lambda a: a.astype(np.int64), "complex": lambda a: a.astype(complex),
        "object": lambda a: a.astype(object), "tolist": lambda a: a.tolist(),
        "keepdims": lambda a: a[None], "ravel": np.ravel, "nan": lambda a: a * np.nan,
    }.get(op, lambda a: a)(value)


@pytest.mark.parametrize("ex_id", IDS)
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 25)), deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(op=OPS, factor=st.floats(allow_nan=True, allow_infinity=True))
def test_fuzz_nearly_right_answers(ex_id, op, factor):
    def learner(*args):
        out = reference(ex_id)(*args)
        return _transform(out if out is not None else (args[0], args[1]), op, factor)
    result = check(ex_id, learner)
    assert "could not finish" not in result.message, result.message
    for line in _solution_lines(ex_id):
        assert line not in result.message + result._repr_html_()
