"""Bad input gets a clear error; training never fails silently.

One row per error path: the call, the exception type, and fragments the message
must contain (the argument's name, what was expected, what was received and, where
there is one, the fix). Then numerics (no overflow warnings, divergence, float32),
data (missing, corrupt, different table) and the version check.
"""
import math
import os
import pickle
import re
import warnings
from types import SimpleNamespace

import numpy as np
import pytest

import mlp_lib
from mlp_lib import MLP, TrainingDiverged, activations, network, training
from mlp_lib import _validation as check
from mlp_lib import datasets
from mlp_lib.activations import ACTIVATIONS
from mlp_lib.datasets import DatasetError
from mlp_lib.gradcheck import gradient_check, numerical_gradient, relative_error


# ---------------------------------------------------------------------------
# fixtures shared by the table
# ---------------------------------------------------------------------------
RNG = np.random.default_rng(0)
X3 = RNG.standard_normal((10, 3))
T2 = RNG.standard_normal((10, 2))
T1 = RNG.standard_normal(10)


def net2():
    return MLP([3, 4, 2], seed=0)


def net1():
    return MLP([3, 4, 1], seed=0)


def with_nan(A, row, col):
    A = A.copy()
    A[row, col] = np.nan
    return A


def with_inf(A, row, col):
    A = A.copy()
    A[row, col] = -np.inf
    return A


def diverged_net():
    net = net2()
    net.weights[0][1, 2] = np.nan
    return net


def net_with(attr, index, value):
    net = net2()
    getattr(net, attr)[index] = value
    return net


class ArrayLike:
    """A pandas-like object: only __array__."""

    def __init__(self, values):
        self.values = np.asarray(values)

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)


class BrokenArrayLike:
    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("cannot export")


def read_only(shape):
    a = np.zeros(shape)
    a.flags.writeable = False
    return a


# ---------------------------------------------------------------------------
# the table: (id, call, exception, fragments, wiring key or None)
# ---------------------------------------------------------------------------
CASES = [
    # MLP(layer_sizes)
    ("layer_sizes-str", lambda: MLP("8,20,1"), TypeError,
     ["layer_sizes must be a list of integers", "[8, 20, 10, 1]", "'8,20,1' (str)"], None),
    ("layer_sizes-int", lambda: MLP(8), TypeError, ["layer_sizes must be a list", "8 (int)"], None),
    ("layer_sizes-None", lambda: MLP(None), TypeError, ["layer_sizes must be a list", "got None"], None),
    ("layer_sizes-set", lambda: MLP({8, 1}), TypeError, ["layer_sizes must be a list", "(set)"], None),
    ("layer_sizes-2d-array", lambda: MLP(np.array([[8, 1]])), TypeError,
     ["layer_sizes must be a list", "shape (1, 2)"], None),
    ("layer_sizes-one-entry", lambda: MLP([8]), ValueError,
     ["layer_sizes needs at least 2 entries", "got [8]", "pass [8, 20, 1]"], None),
    ("layer_sizes-empty", lambda: MLP([]), ValueError, ["at least 2 entries", "got []"], None),
    ("layer_sizes-integral-float", lambda: MLP([8, 20.0, 1]), TypeError,
     ["layer_sizes[1] must be a positive integer", "20.0 (float)", "Write 20", "int(...)"], None),
    ("layer_sizes-fraction", lambda: MLP([8, 2.5, 1]), TypeError,
     ["layer_sizes[1] must be a positive integer", "2.5 (float)"], None),
    ("layer_sizes-numpy-float", lambda: MLP([8, np.float64(4.0), 1]), TypeError,
     ["layer_sizes[1]", "(float64)", "Write 4"], None),
    ("layer_sizes-zero", lambda: MLP([8, 0, 1]), ValueError,
     ["layer_sizes[1] must be a positive integer", "got 0", "at least one unit"], None),
    ("layer_sizes-negative", lambda: MLP([-8, 4, 1]), ValueError,
     ["layer_sizes[0] must be a positive integer", "got -8"], None),
    ("layer_sizes-bool", lambda: MLP([8, True, 1]), TypeError,
     ["layer_sizes[1]", "True (bool)"], None),
    ("layer_sizes-string-entry", lambda: MLP([8, "20", 1]), TypeError,
     ["layer_sizes[1]", "'20' (str)"], None),
    # MLP activations
    ("activation-capitalised", lambda: MLP([3, 4, 1], hidden_activation="Sigmoid"), ValueError,
     ["hidden_activation must be one of ['identity', 'relu', 'sigmoid', 'tanh']", "got 'Sigmoid'",
      "Did you mean 'sigmoid'?"], "activation"),
    ("activation-logistic", lambda: MLP([3, 4, 1], hidden_activation="logistic"), ValueError,
     ["hidden_activation must be one of", "got 'logistic'", "Did you mean 'sigmoid'?",
      "scikit-learn calls it 'logistic'"], "activation"),
    ("activation-typo", lambda: MLP([3, 4, 1], hidden_activation="tahn"), ValueError,
     ["hidden_activation", "got 'tahn'", "Did you mean 'tanh'?"], "activation"),
    ("activation-linear-output", lambda: MLP([3, 4, 1], output_activation="linear"), ValueError,
     ["output_activation must be one of", "got 'linear'", "Did you mean 'identity'?"], "activation"),
    ("activation-unknown", lambda: MLP([3, 4, 1], hidden_activation="softmax"), ValueError,
     ["hidden_activation must be one of ['identity', 'relu', 'sigmoid', 'tanh']", "got 'softmax'",
      "e.g. hidden_activation='sigmoid'"], None),
    ("activation-not-a-string", lambda: MLP([3, 4, 1], hidden_activation=np.tanh), TypeError,
     ["hidden_activation must be the name of an activation", "(ufunc)"], "activation"),
    # MLP seed and dtype
    ("seed-negative", lambda: MLP([3, 1], seed=-1), ValueError,
     ["seed must be None or a non-negative integer", "got -1", "seed=0"], None),
    ("seed-float", lambda: MLP([3, 1], seed=1.5), TypeError,
     ["seed must be None or a non-negative integer", "1.5 (float)"], None),
    ("seed-string", lambda: MLP([3, 1], seed="0"), TypeError,
     ["seed must be None or a non-negative integer", "'0' (str)", "Pass the number 0"], None),
    ("seed-generator", lambda: MLP([3, 1], seed=np.random.default_rng(0)), TypeError,
     ["seed must be None or a non-negative integer", "got a numpy.random.Generator object", "seed=0"], None),
    ("dtype-int", lambda: MLP([3, 1], dtype=np.int64), ValueError,
     ["dtype must be np.float64", "np.float32"], None),
    ("dtype-garbage", lambda: MLP([3, 1], dtype="float"+"y"), ValueError,
     ["dtype must be np.float64 (the default) or np.float32", "'floaty' (str)"], "dtype"),
    # predict(X)
    ("X-None", lambda: net2().predict(None), TypeError,
     ["X must be an array-like of numbers with shape (N, 3)", "got None"], None),
    ("X-scalar", lambda: net2().predict(5.0), ValueError,
     ["X must be 2-D with shape (N, 3)", "got the scalar 5.0", "[[x_1, ..., x_n]]"], None),
    ("X-1d-one-sample", lambda: net2().predict([1.0, 2.0, 3.0]), ValueError,
     ["X must be 2-D with shape (N, 3)", "1-D array of shape (3,)", "X.reshape(1, -1)"], None),
    ("X-1d-other", lambda: net2().predict(np.zeros(7)), ValueError,
     ["X must be 2-D with shape (N, 3)", "shape (7,)", "X.reshape(1, -1)"], None),
    ("X-3d", lambda: net2().predict(np.zeros((2, 3, 4))), ValueError,
     ["X must be 2-D with shape (N, 3)", "3-D array of shape (2, 3, 4)", "X.reshape(len(X), -1)"], None),
    ("X-columns", lambda: net2().predict(np.zeros((10, 4))), ValueError,
     ["X must have 3 column(s) (layer_sizes[0])", "got 4 (shape (10, 4))", "layer_sizes[0] = 4"], None),
    ("X-transposed", lambda: net2().predict(X3.T), ValueError,
     ["X must have 3 column(s)", "got 10 (shape (3, 10))", "pass X.T"], None),
    ("X-empty-rows", lambda: net2().predict(np.zeros((0, 3))), ValueError,
     ["X must have at least one row", "shape (0, 3)"], None),
    ("X-empty-list", lambda: net2().predict([]), ValueError,
     ["X must have at least one row", "shape (0,)"], None),
    ("X-text", lambda: net2().predict([["a", "b", "c"]]), TypeError,
     ["X must hold numbers", "got text", "row 0, column 0 is 'a'"], None),
    ("X-text-in-numbers", lambda: net2().predict([[1, 2, 3], [4, 5, "six"]]), TypeError,
     ["X must hold numbers", "row 1, column 2 is 'six'"], None),
    ("X-numbers-as-text", lambda: net2().predict(np.array([["1", "2", "3"]])), TypeError,
     ["X must hold numbers", "numbers written as text", "np.asarray(X, dtype=float)"], None),
    ("X-None-inside", lambda: net2().predict([[1.0, None, 3.0]]), TypeError,
     ["X must hold real numbers", "got None at row 0, column 1", "missing values"], None),
    ("X-object-inside", lambda: net2().predict([[1.0, 2.0, {"a": 1}]]), TypeError,
     ["X must hold real numbers", "(dict) at row 0, column 2"], None),
    ("X-dict", lambda: net2().predict({"a": [1, 2, 3]}), TypeError,
     ["X must be an array-like of numbers", "(dict)"], None),
    ("X-complex", lambda: net2().predict(np.ones((2, 3)) * 1j), TypeError,
     ["X must hold real numbers", "complex", "X.real"], None),
    ("X-ragged", lambda: net2().predict([[1, 2, 3], [1, 2]]), ValueError,
     ["X must be a rectangular table", "row 0 has 3 values but row 1 has 2 values"], None),
    ("X-broken-array-like", lambda: net2().predict(BrokenArrayLike()), ValueError,
     ["X must be an array-like", "could not turn", "RuntimeError: cannot export"], None),
    ("X-nan", lambda: net2().predict(with_nan(X3, 2, 1)), ValueError,
     ["X must contain only finite numbers", "NaN (1 NaN", "first at row 2, column 1", "np.isfinite(X)"], None),
    ("X-inf", lambda: net2().predict(with_inf(X3, 0, 2)), ValueError,
     ["X must contain only finite numbers", "infinity (1 infinite", "row 0, column 2: -inf"], None),
    ("X-too-big-for-float32", lambda: MLP([3, 1], dtype=np.float32).predict(np.full((2, 3), 1e300)), ValueError,
     ["X has values too large for the network's dtype float32", "row 0, column 0: 1e+300",
      "dtype=np.float64"], None),
    ("predict-diverged-net", lambda: diverged_net().predict(X3), ValueError,
     ["net.weights[0] (W_1) contains NaN or infinity", "row 1, column 2", "earlier fit diverged",
      "smaller learning_rate"], "predict"),
    # loss_and_gradients(X, T): T and the parameters
    ("T-1d-with-k2", lambda: net2().loss_and_gradients(X3, T2.ravel()), ValueError,
     ["T must be 2-D with shape (N, 2)", "1-D array of shape (20,)", "T.reshape(-1, 2)",
      "layer_sizes[-1] = 1"], None),
    ("T-columns", lambda: net2().loss_and_gradients(X3, np.zeros((10, 3))), ValueError,
     ["T must have 2 column(s) (layer_sizes[-1])", "got 3 (shape (10, 3))", "layer_sizes[-1] = 3"], None),
    ("T-row-vector-for-k1", lambda: net1().loss_and_gradients(X3, T1.reshape(1, -1)), ValueError,
     ["T must have 1 column(s)", "got 10 (shape (1, 10))", "pass T.T"], None),
    ("X-T-rows", lambda: net2().loss_and_gradients(X3, T2[:9]), ValueError,
     ["X and T must have the same number of rows", "X with 10 rows and T with 9 rows"], None),
    ("T-None", lambda: net2().loss_and_gradients(X3, None), TypeError,
     ["T must be an array-like of numbers with shape (N, 2)", "got None"], None),
    ("T-nan", lambda: net2().loss_and_gradients(X3, with_nan(T2, 4, 1)), ValueError,
     ["T must contain only finite numbers", "row 4, column 1"], None),
    ("weights-transposed", lambda: net_with("weights", 1, np.zeros((4, 2))).loss_and_gradients(X3, T2),
     ValueError, ["net.weights[1] (W_2) must have shape (2, 4)", "got shape (4, 2)", "transposed"], None),
    ("weights-int", lambda: net_with("weights", 0, np.zeros((4, 3), dtype=int)).loss_and_gradients(X3, T2),
     TypeError, ["net.weights[0] (W_1) must be a float NumPy array of shape (4, 3)", "dtype int64",
                 "dtype=float"], None),
    ("biases-list", lambda: net_with("biases", 0, [0.0] * 4).loss_and_gradients(X3, T2), TypeError,
     ["net.biases[0] (b_1) must be a float NumPy array of shape (4,)", "(list)"], None),
    ("weights-count", lambda: (lambda n: (n.weights.pop(), n.loss_and_gradients(X3, T2)))(net2()),
     ValueError, ["net.weights must be a list of 2 arrays", "layer_sizes=[3, 4, 2]", "got a list with 1 entries"], None),
    ("loss-diverged-net", lambda: diverged_net().loss_and_gradients(X3, T2), ValueError,
     ["net.weights[0] (W_1) contains NaN or infinity", "earlier fit diverged"], None),
    # fit(...)
    ("epochs-zero", lambda: net1().fit(X3, T1, epochs=0), ValueError,
     ["epochs must be an integer ≥ 1", "got 0"], None),
    ("epochs-float", lambda: net1().fit(X3, T1, epochs=10.0), TypeError,
     ["epochs must be an integer ≥ 1", "10.0 (float)", "epochs=10"], None),
    ("epochs-string", lambda: net1().fit(X3, T1, epochs="10"), TypeError,
     ["epochs must be an integer", "'10' (str)", "Pass the number 10"], None),
    ("epochs-bool", lambda: net1().fit(X3, T1, epochs=True), TypeError,
     ["epochs must be an integer", "True (bool)"], None),
    ("batch_size-zero", lambda: net1().fit(X3, T1, batch_size=0), ValueError,
     ["batch_size must be an integer ≥ 1", "got 0"], None),
    ("batch_size-float", lambda: net1().fit(X3, T1, batch_size=2.5), TypeError,
     ["batch_size must be an integer ≥ 1", "2.5 (float)"], None),
    ("learning_rate-zero", lambda: net1().fit(X3, T1, learning_rate=0), ValueError,
     ["learning_rate must be a finite number > 0", "got 0", "0.001 to 0.5"], None),
    ("learning_rate-negative", lambda: net1().fit(X3, T1, learning_rate=-0.1), ValueError,
     ["learning_rate must be a finite number > 0", "got -0.1"], None),
    ("learning_rate-nan", lambda: net1().fit(X3, T1, learning_rate=float("nan")), ValueError,
     ["learning_rate must be a finite number > 0", "got nan"], None),
    ("learning_rate-inf", lambda: net1().fit(X3, T1, learning_rate=np.inf), ValueError,
     ["learning_rate must be a finite number > 0", "got inf"], None),
    ("learning_rate-string", lambda: net1().fit(X3, T1, learning_rate="0.1"), TypeError,
     ["learning_rate must be a finite number > 0", "'0.1' (str)", "Pass the number 0.1"], None),
    ("learning_rate-None", lambda: net1().fit(X3, T1, learning_rate=None), TypeError,
     ["learning_rate must be a finite number > 0", "got None"], None),
    ("fit-seed-negative", lambda: net1().fit(X3, T1, seed=-3), ValueError,
     ["seed must be None or a non-negative integer", "got -3"], None),
    ("fit-X-1d", lambda: net1().fit([1.0, 2.0, 3.0], T1[:3]), ValueError,
     ["X must be 2-D with shape (N, 3)", "X.reshape(1, -1)"], None),
    ("shuffle-string", lambda: net1().fit(X3, T1, shuffle="no"), TypeError,
     ["shuffle must be True or False", "'no' (str)"], "shuffle"),
    ("validation_data-triple", lambda: net1().fit(X3, T1, validation_data=(X3, T1, T1)), TypeError,
     ["validation_data must be a pair (X_val, T_val) or None", "tuple of length 3"], "validation_data"),
    ("validation_data-array", lambda: net1().fit(X3, T1, validation_data=X3), TypeError,
     ["validation_data must be a pair (X_val, T_val)", "shape (10, 3)"], "validation_data"),
    ("validation_data-columns", lambda: net1().fit(X3, T1, validation_data=(X3[:, :2], T1)), ValueError,
     ["validation_data[0] (X_val) must have 3 column(s)", "got 2"], "validation_data"),
    ("validation_data-rows", lambda: net1().fit(X3, T1, validation_data=(X3, T1[:4])), ValueError,
     ["validation_data[0] (X_val) and validation_data[1] (T_val) must have the same number of rows",
      "10 rows", "4 rows"], "validation_data"),
    # gradcheck
    ("gradcheck-net", lambda: gradient_check(np.zeros(3), X3, T2), TypeError,
     ["net must be an mlp_lib.MLP", "has no 'layer_sizes'"], None),
    ("gradcheck-eps", lambda: gradient_check(net2(), X3, T2, eps=0), ValueError,
     ["eps must be a finite number > 0", "got 0", "eps=1e-6"], None),
    ("gradcheck-float32", lambda: gradient_check(MLP([3, 2], dtype=np.float32), X3, T2), ValueError,
     ["gradient_check needs a float64 network", "float32", "dtype=np.float64"], None),
    ("gradcheck-gradients-not-pair", lambda: gradient_check(net2(), X3, T2, gradients=[1, 2, 3]), TypeError,
     ["gradients must be a pair (dW, db)", "[1, 2, 3]"], None),
    ("gradcheck-gradients-count", lambda: gradient_check(net2(), X3, T2, gradients=([np.zeros((4, 3))], [])),
     ValueError, ["gradients dW must be a list of 2 arrays", "like net.weights"], None),
    ("gradcheck-gradient-transposed",
     lambda: gradient_check(net2(), X3, T2, gradients=([np.zeros((3, 4)), np.zeros((2, 4))],
                                                        [np.zeros(4), np.zeros(2)])),
     ValueError, ["dW[0] must have the shape of net.weights[0], (4, 3)", "got shape (3, 4)",
                  "transposed"], None),
    ("gradcheck-gradient-nan",
     lambda: gradient_check(net2(), X3, T2, gradients=([np.zeros((4, 3)), np.zeros((2, 4))],
                                                        [np.zeros(4), np.array([0.0, np.nan])])),
     ValueError, ["db[1] must contain only finite numbers", "NaN", "position 1"], None),
    ("numgrad-f", lambda: numerical_gradient(3.0, np.zeros(2)), TypeError,
     ["f must be a function with no arguments", "3.0 (float)"], None),
    ("numgrad-theta-list", lambda: numerical_gradient(lambda: 0.0, [1.0, 2.0]), TypeError,
     ["theta must be the NumPy array that f reads", "[1.0, 2.0] (list)", "net.weights[0]"], None),
    ("numgrad-theta-int", lambda: numerical_gradient(lambda: 0.0, np.arange(3)), TypeError,
     ["theta must be a float array", "dtype int64", "rounded away", "astype(float)"], None),
    ("numgrad-theta-readonly", lambda: numerical_gradient(lambda: 0.0, read_only(3)), ValueError,
     ["theta must be writeable", "read-only"], None),
    ("numgrad-eps", lambda: numerical_gradient(lambda: 0.0, np.zeros(3), eps=-1e-6), ValueError,
     ["eps must be a finite number > 0", "got -1e-06"], None),
    ("numgrad-f-returns-array", lambda: numerical_gradient(lambda: np.zeros(3), np.zeros(2)), TypeError,
     ["f must return the loss as one number", "shape (3,)", "float(loss)"], None),
    ("numgrad-f-returns-text", lambda: numerical_gradient(lambda: "0.5", np.zeros(2)), TypeError,
     ["f must return the loss as one number", "'0.5' (str)"], None),
    ("numgrad-f-returns-nan", lambda: numerical_gradient(lambda: float("nan"), np.zeros(2)), ValueError,
     ["f returned nan at the unperturbed theta", "must be finite"], None),
    ("relerr-shapes", lambda: relative_error(np.zeros(3), np.zeros((3, 1))), ValueError,
     ["g and g_hat must have the same shape", "g with shape (3,)", "g_hat with shape (3, 1)"], None),
    ("relerr-nan", lambda: relative_error([1.0, np.nan], [1.0, 2.0]), ValueError,
     ["g must contain only finite numbers", "NaN", "position 1"], None),
    ("relerr-text", lambda: relative_error(["a"], [1.0]), TypeError,
     ["g must hold numbers", "'a'"], None),
    ("relerr-None", lambda: relative_error(np.zeros(2), None), TypeError,
     ["g_hat must be an array of numbers", "got None"], None),
    # datasets: synthetic sets and the split's arguments
    ("make_sine-n", lambda: datasets.make_sine(n=0), ValueError, ["n must be an integer ≥ 1", "got 0"], None),
    ("make_sine-n-float", lambda: datasets.make_sine(n=200.0), TypeError,
     ["n must be an integer ≥ 1", "200.0 (float)", "n=200"], None),
    ("make_sine-noise", lambda: datasets.make_sine(noise=-0.1), ValueError,
     ["noise must be a finite number ≥ 0", "got -0.1"], None),
    ("make_sine-noise-nan", lambda: datasets.make_sine(noise=np.nan), ValueError,
     ["noise must be a finite number ≥ 0", "got nan"], None),
    ("make_sine-seed", lambda: datasets.make_sine(seed=-1), ValueError,
     ["seed must be None or a non-negative integer", "got -1"], None),
    ("make_toy-features", lambda: datasets.make_toy_regression(n_features=0), ValueError,
     ["n_features must be an integer ≥ 1", "got 0"], None),
    ("make_toy-outputs", lambda: datasets.make_toy_regression(n_outputs=1.5), TypeError,
     ["n_outputs must be an integer ≥ 1", "1.5 (float)"], None),
    ("make_toy-n", lambda: datasets.make_toy_regression(n=-5), ValueError,
     ["n must be an integer ≥ 1", "got -5"], None),
    ("split-test_size-zero", lambda: datasets.california_split(test_size=0.0), ValueError,
     ["test_size must be a fraction strictly between 0 and 1", "got 0.0"], None),
    ("split-test_size-big", lambda: datasets.california_split(test_size=1.5), ValueError,
     ["test_size must be a fraction strictly between 0 and 1", "got 1.5"], None),
    ("split-test_size-rows", lambda: datasets.california_split(test_size=20640), ValueError,
     ["test_size must be a fraction between 0 and 1", "between 1 and 20639", "got 20640"], None),
    ("split-test_size-string", lambda: datasets.california_split(test_size="0.2"), TypeError,
     ["test_size must be a fraction between 0 and 1", "'0.2' (str)"], None),
    ("split-random_state", lambda: datasets.california_split(random_state=-1), ValueError,
     ["random_state must be None or a non-negative integer", "got -1"], None),
    ("load-data_home-type", lambda: datasets.load_california_housing(data_home=5), TypeError,
     ["data_home must be None or a folder path", "5 (int)"], None),
    # version
    ("require_version-mismatch", lambda: mlp_lib.require_version("0.0.9"), ImportError,
     ["written for mlp_lib 0.0.9", f"mlp_lib {mlp_lib.__version__} is installed",
      "pip install -r requirements.txt", "restart the kernel"], None),
    ("require_version-not-a-string", lambda: mlp_lib.require_version(0.1), TypeError,
     ["require_version needs the version as a string", repr(mlp_lib.__version__), "got 0.1 (float)"], None),
]


PARAMS = [pytest.param(call, exc, fragments, id=case_id)
          for case_id, call, exc, fragments, _ in CASES]


@pytest.mark.parametrize("call, exc, fragments", PARAMS)
def test_bad_input_gets_a_clear_error(call, exc, fragments):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    missing = [f for f in fragments if f not in message]
    assert not missing, f"message lacks {missing}:\n{message}"


def test_case_ids_are_unique():
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------------------
# the checkers themselves (independent of wiring)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name, guess", [
    ("Sigmoid", "sigmoid"), ("SIGMOID", "sigmoid"), ("sigmoud", "sigmoid"), ("logistic", "sigmoid"),
    ("ReLU", "relu"), ("rlu", "relu"), ("Tanh", "tanh"), ("linear", "identity"), ("Identity", "identity"),
])
def test_activation_near_misses_get_a_did_you_mean(name, guess):
    with pytest.raises(ValueError, match=re.escape(f"got {name!r}. Did you mean {guess!r}?")):
        check.check_activation_name(name, "hidden_activation", ACTIVATIONS)


def test_activation_names_pass_through():
    for name in ACTIVATIONS:
        assert check.check_activation_name(name, "hidden_activation", ACTIVATIONS) == name


def test_numpy_integers_are_accepted_everywhere(rng):
    net = MLP(np.array([3, 4, 1]), seed=np.int64(2))
    assert net.layer_sizes == [3, 4, 1] and all(type(n) is int for n in net.layer_sizes)
    assert MLP((np.int32(3), np.uint8(4), 1), seed=2).layer_sizes == [3, 4, 1]
    X, t = rng.standard_normal((12, 3)), rng.standard_normal(12)
    h = net.fit(X, t, epochs=np.int64(2), batch_size=np.int16(4), learning_rate=np.float32(0.05),
                seed=np.uint32(1))
    assert h.epochs == 2
    assert check.check_dtype("float32") == np.float32 and check.check_dtype(np.float64) == np.float64
    assert check.check_dtype(None) == np.float64


def test_array_likes_give_the_same_numbers(rng):
    net = MLP([3, 4, 2], seed=0)
    X = rng.standard_normal((5, 3))
    expected = net.predict(X)
    for variant in (X.tolist(), tuple(map(tuple, X)), ArrayLike(X), np.asfortranarray(X),
                    X.astype(object)):
        np.testing.assert_array_equal(net.predict(variant), expected)
    # integers and booleans are numbers too
    Xi = np.array([[1, 0, 2], [0, 1, 1]])
    np.testing.assert_array_equal(net.predict(Xi), net.predict(Xi.astype(float)))
    np.testing.assert_array_equal(net.predict(Xi > 0), net.predict((Xi > 0).astype(float)))


def test_one_dimensional_targets_and_inputs_when_one_column(rng):
    net = MLP([1, 3, 1], seed=0)
    x, t = rng.standard_normal(8), rng.standard_normal(8)
    L1 = net.loss_and_gradients(x, t)[0]
    L2 = net.loss_and_gradients(x.reshape(-1, 1), t.reshape(-1, 1))[0]
    assert L1 == L2
    assert net.predict(x).shape == (8, 1)
    assert net.predict(0.5 * np.ones(1)).shape == (1, 1)


def test_batch_size_larger_than_n_is_clipped_with_a_warning(rng):
    X, t = rng.standard_normal((10, 3)), rng.standard_normal(10)
    a, b = MLP([3, 4, 1], seed=0), MLP([3, 4, 1], seed=0)
    with pytest.warns(UserWarning, match=r"batch_size=64 is larger than the number of training "
                                         r"rows \(10\); using batch_size=10"):
        ha = a.fit(X, t, epochs=3, batch_size=64)
    hb = b.fit(X, t, epochs=3, batch_size=10)
    assert ha.train_loss == hb.train_loss


def test_check_batch_size_clips_and_warns():
    with pytest.warns(UserWarning, match="full-batch"):
        assert check.check_batch_size(100, 7) == 7
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check.check_batch_size(7, 7) == 7 and check.check_batch_size(np.int64(3), 7) == 3
        assert check.check_batch_size(32, 7) == 7  # the default is clipped silently


def test_default_batch_size_on_a_tiny_set_is_silent(rng):
    X, t = rng.standard_normal((4, 3)), rng.standard_normal(4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = MLP([3, 2, 1], seed=0).fit(X, t, epochs=2)
    assert h.epochs == 2


def test_input_is_validated_once_per_call_not_per_batch(monkeypatch, rng):
    """fit checks X, T (and validation_data) once; the batch loop uses clean arrays."""
    calls = {"as_float_matrix": 0, "check_parameters": 0}
    for name in calls:
        original = getattr(check, name)

        def counting(*args, _original=original, _name=name, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(check, name, counting)
    X, t = rng.standard_normal((64, 3)), rng.standard_normal(64)
    MLP([3, 4, 1], seed=0).fit(X, t, epochs=5, batch_size=4, validation_data=(X[:8], t[:8]))
    # 80 batches and 5 validation passes, but X, T, X_val, T_val are each checked once
    assert calls == {"as_float_matrix": 4, "check_parameters": 2}


# ---------------------------------------------------------------------------
# numerics
# ---------------------------------------------------------------------------
EXTREMES = [-np.inf, -1e308, -1e300, -746.0, -745.0, -710.0, -709.0, -40.0, -1.0, -0.0, 0.0,
            1.0, 40.0, 709.0, 710.0, 745.0, 1e300, 1e308, np.inf]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_raise_no_floating_point_warnings_at_extremes(name, dtype):
    with np.errstate(over="ignore"):
        z = np.array(EXTREMES).astype(dtype)   # ±1e308 become ±inf in float32
    act = ACTIVATIONS[name]
    with np.errstate(all="raise"):
        a, da = act.f(z), act.df(z)
    assert a.dtype == dtype and da.dtype == dtype
    assert not np.isnan(a).any() and not np.isnan(da).any()
    assert np.isfinite(da).all() and (da >= 0).all()


def test_sigmoid_is_exact_at_the_ends():
    with np.errstate(all="raise"):
        s = activations.sigmoid(np.array([-np.inf, -1e308, 0.0, 1e308, np.inf]))
        ds = activations.sigmoid_prime(np.array([-np.inf, -1e308, 1e308, np.inf]))
    np.testing.assert_array_equal(s, [0.0, 0.0, 0.5, 1.0, 1.0])
    np.testing.assert_array_equal(ds, 0.0)
    # tiny (subnormal) z only underflow, which NumPy ignores by default: no warning, value 0.5
    with np.errstate(all="raise", under="ignore"):
        for name, act in ACTIVATIONS.items():
            assert np.isfinite(act.df(np.array([1e-320, -1e-300]))).all(), name


def _linear_unit():
    """A 1→1 identity network with w = b = 0.5: the loss is ½(w x + b − t)².

    With x = 1, t = 0 and η = 1.5 both parameters step by −η·s, where s = w + b, so
    s is multiplied by exactly −2 per step (all values stay powers of two).
    """
    net = MLP([1, 1], output_activation="identity", seed=0)
    net.weights[0][...] = 0.5
    net.biases[0][...] = 0.5
    return net


def test_divergence_names_epoch_and_batch_and_keeps_history():
    # L_e = ½·4^(e−1); the loss overflows (s² = 2^1024) at epoch 513, before the
    # update of its only batch.
    net = _linear_unit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way
        with pytest.raises(TrainingDiverged) as info:
            net.fit([[1.0]], [0.0], epochs=1000, batch_size=1, learning_rate=1.5, shuffle=False)
    err = info.value
    assert isinstance(err, FloatingPointError)
    msg = str(err)
    assert "epoch 513, batch 1" in msg
    assert "learning_rate=1.5" in msg and "smaller learning_rate, e.g. 0.15" in msg and ".history" in msg
    h = err.history
    assert isinstance(h, mlp_lib.History) and h.epochs == 512 and h.val_loss == []
    assert h.train_loss[0] == 0.5 and h.train_loss[-1] == 2.0 ** 1021
    assert all(b == 4 * a for a, b in zip(h.train_loss, h.train_loss[1:]))


def test_divergence_in_a_later_batch_is_located():
    # three identical rows, batch_size 1: step k (0-based) overflows at k = 512,
    # which is epoch 512 // 3 + 1 = 171, batch 512 % 3 + 1 = 3.
    net = _linear_unit()
    with pytest.raises(TrainingDiverged, match=r"epoch 171, batch 3\b") as info:
        net.fit(np.ones((3, 1)), np.zeros(3), epochs=400, batch_size=1, learning_rate=1.5,
                shuffle=False, validation_data=(np.ones((2, 1)), np.zeros(2)))
    h = info.value.history
    assert h.epochs == 170 and len(h.val_loss) == 170
    assert all(math.isfinite(v) for v in h.train_loss + h.val_loss)


def test_divergence_of_the_weights_is_caught_and_the_net_is_flagged_afterwards():
    # the loss of the only batch is finite (½·5.5²) but the step η·∂L/∂W = 1e308·55 overflows
    net = _linear_unit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TrainingDiverged, match=r"epoch 1, batch 1\b.*learning_rate=1e\+308") as info:
            net.fit([[10.0]], [0.0], epochs=3, batch_size=1, learning_rate=1e308)
    assert info.value.history.epochs == 0
    # the broken network is not silently reused: the next public call says what happened
    with pytest.raises(ValueError, match=r"net.weights\[0\] \(W_1\) contains NaN or infinity.*"
                                         r"earlier fit diverged"):
        net.fit([[1.0]], [0.0], epochs=1)
    with pytest.raises(ValueError, match="earlier fit diverged"):
        net.loss_and_gradients([[1.0]], [0.0])


def test_divergence_on_real_data(rng):
    X = rng.standard_normal((64, 3)) * 10
    t = rng.standard_normal(64) * 10
    net = MLP([3, 8, 1], hidden_activation="relu", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TrainingDiverged) as info:
            net.fit(X, t, epochs=50, batch_size=16, learning_rate=50.0)
    m = re.search(r"epoch (\d+), batch (\d+)", str(info.value))
    assert m and 1 <= int(m.group(2)) <= 4
    assert info.value.history.epochs == int(m.group(1)) - 1
    assert "smaller learning_rate, e.g. 5" in str(info.value)


def test_float32_input_into_a_float64_network_is_cast(rng):
    X64 = rng.standard_normal((40, 3))
    X32 = X64.astype(np.float32)
    t32 = rng.standard_normal(40).astype(np.float32)
    net = MLP([3, 5, 1], seed=1)
    Y = net.predict(X32)
    assert Y.dtype == np.float64
    np.testing.assert_array_equal(Y, net.predict(X32.astype(np.float64)))
    a, b = MLP([3, 5, 1], seed=1), MLP([3, 5, 1], seed=1)
    ha = a.fit(X32, t32, epochs=3, batch_size=8)
    hb = b.fit(X32.astype(np.float64), t32.astype(np.float64), epochs=3, batch_size=8)
    assert ha.train_loss == hb.train_loss
    assert all(W.dtype == np.float64 for W in a.weights)
    for Wa, Wb in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(Wa, Wb)
    L, dW, db = net.loss_and_gradients(X32, t32)
    assert all(g.dtype == np.float64 for g in dW + db)


def test_float64_input_into_a_float32_network_is_cast(rng):
    net = MLP([3, 4, 1], seed=0, dtype=np.float32)
    X = rng.standard_normal((6, 3))
    Y = net.predict(X)
    assert Y.dtype == np.float32
    np.testing.assert_array_equal(Y, net.predict(X.astype(np.float32)))


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------
def _no_network(monkeypatch, exc):
    """Simulate an offline machine: scikit-learn's download raises `exc` (no real network)."""
    import sklearn.datasets._california_housing as ch

    def offline(*args, **kwargs):
        raise exc

    monkeypatch.setattr(ch, "_fetch_remote", offline)


@pytest.mark.parametrize("exc", [OSError("[Errno 101] Network is unreachable"),
                                 TimeoutError("timed out"),
                                 __import__("urllib.error").error.URLError("no host")])
def test_missing_data_offline_explains_scikit_learn_data(tmp_path, monkeypatch, exc):
    _no_network(monkeypatch, exc)
    with pytest.raises(DatasetError) as info:
        datasets.load_california_housing(data_home=str(tmp_path))
    msg = str(info.value)
    for fragment in ("is not in scikit-learn's data folder", str(tmp_path), "could not be downloaded",
                     type(exc).__name__, "SCIKIT_LEARN_DATA", "cal_housing_py3.pkz", "data_home="):
        assert fragment in msg, msg


def test_missing_data_when_the_whole_fetch_fails(tmp_path, monkeypatch):
    """The same message when scikit-learn's fetch_california_housing itself raises."""
    import sklearn.datasets

    def offline(**kwargs):
        raise OSError("Data not found and `download_if_missing` is False")

    monkeypatch.setattr(sklearn.datasets, "fetch_california_housing", offline)
    with pytest.raises(DatasetError, match=r"not in scikit-learn's data folder.*SCIKIT_LEARN_DATA"):
        datasets.load_california_housing(data_home=tmp_path)


def test_missing_data_via_environment_variable(tmp_path, monkeypatch):
    """SCIKIT_LEARN_DATA pointing at an empty folder: the message names that folder."""
    _no_network(monkeypatch, OSError("offline"))
    monkeypatch.setenv("SCIKIT_LEARN_DATA", str(tmp_path / "empty"))
    with pytest.raises(DatasetError, match="SCIKIT_LEARN_DATA") as info:
        datasets.california_split()
    assert str(tmp_path / "empty") in str(info.value)


def _corrupt_files():
    real = os.path.join(os.environ.get("SCIKIT_LEARN_DATA", ""), "cal_housing_py3.pkz")
    head = open(real, "rb").read()[:4000] if os.path.exists(real) else b"\x78\x9c" * 100
    return {
        "garbage": b"this is not a pickle" * 20,
        "empty": b"",
        "truncated": head,
        "zeros": bytes(1000),
        "wrong-pickle": pickle.dumps({"something": "else"}),
    }


@pytest.mark.parametrize("kind", sorted(_corrupt_files()))
def test_corrupt_pkz_is_named_as_such(tmp_path, monkeypatch, kind):
    _no_network(monkeypatch, AssertionError("must not try to download"))
    path = tmp_path / "cal_housing_py3.pkz"
    path.write_bytes(_corrupt_files()[kind])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joblib may warn about the odd file; the error is what counts
        with pytest.raises(DatasetError) as info:
            datasets.load_california_housing(data_home=str(tmp_path))
    msg = str(info.value)
    assert str(path) in msg
    assert re.search(r"could not be read|not the expected one", msg), msg
    assert "Delete it" in msg or "Delete that file" in msg
    assert "SCIKIT_LEARN_DATA" in msg


def test_cache_path_that_is_a_folder_is_named(tmp_path, monkeypatch):
    _no_network(monkeypatch, AssertionError("must not try to download"))
    (tmp_path / "cal_housing_py3.pkz").mkdir()
    with pytest.raises(DatasetError, match="exists but could not be read"):
        datasets.load_california_housing(data_home=str(tmp_path))


def test_data_home_that_is_a_file_is_named(tmp_path):
    f = tmp_path / "not-a-folder"
    f.write_text("x")
    with pytest.raises(DatasetError, match=r"data_home .*not-a-folder.* cannot be used"):
        datasets.load_california_housing(data_home=f)


@pytest.mark.parametrize("change", ["value", "rows", "target"])
def test_a_different_table_is_named_with_its_path(monkeypatch, change):
    import sklearn.datasets

    def different(**kwargs):
        rng = np.random.default_rng(0)
        n = 20640 if change != "rows" else 100
        data = rng.standard_normal((n, 8))
        target = rng.standard_normal(n) if change != "target" else None
        return SimpleNamespace(data=data, target=target, feature_names=list("abcdefgh"))

    monkeypatch.setattr(sklearn.datasets, "fetch_california_housing", different)
    with pytest.raises(DatasetError, match=r"cal_housing_py3\.pkz.*is not the expected one"):
        datasets.load_california_housing()


@pytest.fixture(scope="module")
def split():
    return datasets.california_split()


@pytest.mark.parametrize("bad, exc, fragments", [
    (np.zeros(10), ValueError, ["one prediction per test row (4128)", "got 10", "split.X_test"]),
    (np.zeros((4128, 2)), ValueError, ["y_pred_scaled must be one prediction per row", "(4128, 2)"]),
    (np.full(4128, np.nan), ValueError, ["y_pred_scaled must contain only finite numbers", "NaN"]),
    (None, TypeError, ["y_pred_scaled must be an array of numbers", "got None"]),
])
def test_test_mse_checks_predictions(split, bad, exc, fragments):
    with pytest.raises(exc) as info:
        split.test_mse(bad)
    assert all(f in str(info.value) for f in fragments), str(info.value)


def test_test_mse_accepts_column_or_flat_predictions(split):
    y = np.zeros(len(split.y_test))
    assert split.test_mse(y) == split.test_mse(y.reshape(-1, 1))


def test_require_version_accepts_the_installed_version():
    assert mlp_lib.require_version(mlp_lib.__version__) is None
