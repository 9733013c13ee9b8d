"""Input checks for the public boundary: clear errors, raised once per call.

Every message names the argument, says what was expected and what was received,
and suggests a fix, in the manner of scikit-learn. A wrong *type* (a string where
a number belongs, a float where an integer belongs, text inside an array) raises
``TypeError``; a wrong *value* (a shape, a range, NaN) raises ``ValueError``.
Nothing here runs inside a batch loop: ``fit`` checks its inputs once, then the
loop works on clean arrays.

Decisions, so that the book and the tests can rely on them:

* Integers (layer sizes, epochs, batch_size, seed, n): Python ints and NumPy
  integer scalars are accepted. Floats are rejected even when integral (``20.0``):
  a size that arrives as a float was usually computed (``n / 2``), and rounding it
  silently would hide that. The message suggests ``int(...)``. ``bool`` is rejected.
* ``batch_size`` larger than the number of rows N is clipped to N: every epoch is
  then one full-batch step. As in scikit-learn's MLP, an explicit value larger than
  N gives a ``UserWarning``, while the default (32) is clipped silently so that
  ``fit`` works on tiny data sets without noise.
* Arrays: anything ``np.asarray`` understands (lists, tuples, objects with
  ``__array__`` such as pandas frames) is accepted and cast to the network's dtype
  (float64 by default). So float32, integer or boolean input gives exactly the
  numbers of the float64 array with the same values. A 1-D array is accepted where
  a single column is expected (T of a network with one output, X of a network with
  one input) and becomes one column.
* NaN, infinity, empty arrays, text and ``None`` inside arrays are errors that
  say where the first offending value is.
"""
import difflib
import numbers
import os
import warnings

import numpy as np

# ---------------------------------------------------------------------------
# helpers for messages
# ---------------------------------------------------------------------------


def _describe(value):
    """A short description of a received value: repr and type."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, type):
        return f"the type {value.__module__.replace('builtins.', '')}.{value.__qualname__}".replace(
            "builtins.", "")
    if isinstance(value, (np.random.Generator, np.random.RandomState)):
        return f"a {type(value).__module__.split('.')[0]}.random.{type(value).__name__} object"
    text = repr(value.item() if isinstance(value, np.generic) else value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def _where(index, ndim):
    """Human position of an element: 'row 2, column 1', 'position 3', 'index (1, 2, 0)'."""
    index = tuple(int(i) for i in index)
    if ndim == 2:
        return f"row {index[0]}, column {index[1]}"
    if ndim == 1:
        return f"position {index[0]}"
    return f"index {index}"


def _is_integer(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _integer_fix(value, name):
    """A fix for a non-integer given where an integer belongs."""
    if isinstance(value, float) or isinstance(value, np.floating):
        if np.isfinite(value) and float(value).is_integer():
            return f" Write {name}={int(value)} (or wrap a computed value in int(...))."
        return f" Pass a whole number, e.g. {name}={max(1, int(np.nan_to_num(value)))}."
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return f" Pass the number {int(value)}, not the string {value!r}."
    return ""


# ---------------------------------------------------------------------------
# scalars
# ---------------------------------------------------------------------------


def check_positive_int(value, name, minimum=1):
    """Return value as int after checking it is an integer ≥ minimum.

    Python ints and NumPy integer scalars are accepted; bool and floats (even 10.0)
    are not.
    """
    if not _is_integer(value):
        raise TypeError(
            f"{name} must be an integer ≥ {minimum}; got {_describe(value)}."
            + _integer_fix(value, name)
        )
    if value < minimum:
        raise ValueError(f"{name} must be an integer ≥ {minimum}; got {value!r}.")
    return int(value)


_FLOAT_HINTS = {
    "learning_rate": " Typical values for learning_rate are 0.001 to 0.5.",
    "eps": " The book uses eps=1e-6 for float64 networks.",
}


def check_positive_float(value, name):
    """Return value as float after checking it is a finite real number > 0."""
    hint = _FLOAT_HINTS.get(name, "")
    if not _is_real(value):
        fix = ""
        if isinstance(value, str):
            try:
                fix = f" Pass the number {float(value)!r}, not the string {value!r}."
            except ValueError:
                pass
        raise TypeError(
            f"{name} must be a finite number > 0; got {_describe(value)}.{fix or hint}"
        )
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value!r}.{hint}")
    return float(value)


def check_nonnegative_float(value, name):
    """Return value as float after checking it is a finite real number ≥ 0."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a finite number ≥ 0; got {_describe(value)}.")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number ≥ 0; got {value!r}.")
    return float(value)


def check_seed(seed, name="seed"):
    """Accept None or a non-negative integer (what np.random.default_rng takes)."""
    if seed is None:
        return None
    if not _is_integer(seed):
        fix = _integer_fix(seed, name)
        if isinstance(seed, (np.random.Generator, np.random.RandomState)):
            fix = f" Pass the integer you created the generator with, e.g. {name}=0."
        raise TypeError(
            f"{name} must be None or a non-negative integer; got {_describe(seed)}."
            + (fix or f" Pass e.g. {name}=0 for reproducible results.")
        )
    if seed < 0:
        raise ValueError(
            f"{name} must be None or a non-negative integer; got {seed!r}. "
            f"Pass e.g. {name}=0 for reproducible results."
        )
    return int(seed)


def check_bool(value, name):
    """Return value as bool; only True/False (or NumPy's bool) are accepted."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{name} must be True or False; got {_describe(value)}. "
            f"(A string such as 'no' counts as true in Python, so it is refused.)"
        )
    return bool(value)


def check_batch_size(batch_size, n_samples, default=32):
    """Return batch_size as int in 1..n_samples.

    A batch_size larger than the number of samples is clipped to n_samples, so each
    epoch is one full-batch step. Like scikit-learn's MLP (whose default 'auto' is
    min(200, N), clipped silently, while a larger explicit value warns), the default
    ``default`` is clipped silently, so ``fit`` works on a tiny data set without
    noise, and any other value larger than N gives a UserWarning.
    """
    batch_size = check_positive_int(batch_size, "batch_size")
    if batch_size > n_samples:
        if batch_size != default:
            warnings.warn(
                f"batch_size={batch_size} is larger than the number of training rows "
                f"({n_samples}); using batch_size={n_samples}, so every epoch is one "
                f"full-batch step. Pass batch_size={n_samples} (or smaller) to silence this.",
                UserWarning, stacklevel=4,
            )
        return n_samples
    return batch_size


def check_dtype(dtype):
    """Return np.dtype(float64) or np.dtype(float32); None means the default float64."""
    try:
        dt = np.dtype(dtype)  # np.dtype(None) is float64
    except TypeError:
        dt = None
    if dt is None or dt.name not in ("float64", "float32"):
        raise ValueError(
            f"dtype must be np.float64 (the default) or np.float32; got {_describe(dtype)}."
        )
    return dt


# ---------------------------------------------------------------------------
# network structure
# ---------------------------------------------------------------------------

_ACTIVATION_ALIASES = {
    "logistic": ("sigmoid", "scikit-learn calls it 'logistic'"),
    "sigm": ("sigmoid", None),
    "linear": ("identity", "a linear output layer is called 'identity' here"),
    "none": ("identity", "no activation is called 'identity' here"),
    "id": ("identity", None),
    "rectifier": ("relu", None),
    "hyperbolic tangent": ("tanh", None),
}


def check_activation_name(name, argument, valid):
    """Return name if it is a key of ``valid``; otherwise raise with a 'did you mean' hint."""
    names = sorted(valid)
    if isinstance(name, str) and name in valid:
        return name
    if not isinstance(name, str):
        raise TypeError(
            f"{argument} must be the name of an activation, one of {names}; got "
            f"{_describe(name)}. Pass the name as a string, e.g. {argument}='sigmoid'."
        )
    key = name.strip().lower()
    note = None
    if key in valid:
        guess = key
    elif key in _ACTIVATION_ALIASES:
        guess, note = _ACTIVATION_ALIASES[key]
    else:
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
        guess = close[0] if close else None
    hint = f" Did you mean {guess!r}?" if guess else f" Pass one of those names, e.g. {argument}='sigmoid'."
    if note:
        hint += f" ({note}.)"
    raise ValueError(f"{argument} must be one of {names}; got {name!r}.{hint}")


def check_layer_sizes(layer_sizes):
    """Return layer_sizes as a list of ints: at least 2 entries, each ≥ 1.

    Accepted: a list, tuple or 1-D integer array of Python or NumPy integers.
    Floats are refused, even 20.0 (see the module docstring).
    """
    if (isinstance(layer_sizes, (str, bytes, dict, set, frozenset))
            or not hasattr(layer_sizes, "__iter__")
            or (isinstance(layer_sizes, np.ndarray) and layer_sizes.ndim != 1)):
        raise TypeError(
            f"layer_sizes must be a list of integers such as [8, 20, 10, 1] "
            f"(input size, hidden sizes, output size); got {_describe(layer_sizes)}."
        )
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"layer_sizes needs at least 2 entries (input size and output size); "
            f"got {sizes!r}. For a network with one hidden layer of 20 units on 8 "
            f"inputs and 1 output, pass [8, 20, 1]."
        )
    for i, n in enumerate(sizes):
        if not _is_integer(n):
            fix = ""
            if isinstance(n, (float, np.floating)) and np.isfinite(n) and float(n).is_integer():
                fix = f" Write {int(n)}, or wrap a computed size in int(...)."
            raise TypeError(
                f"layer_sizes[{i}] must be a positive integer; got {_describe(n)} in "
                f"layer_sizes={sizes!r}.{fix}"
            )
        if n < 1:
            raise ValueError(
                f"layer_sizes[{i}] must be a positive integer; got {n!r} in "
                f"layer_sizes={sizes!r}. Every layer needs at least one unit."
            )
    return [int(n) for n in sizes]


def check_network(net, name="net"):
    """Check that net looks like an mlp_lib.MLP (duck-typed to avoid a circular import)."""
    needed = ("layer_sizes", "weights", "biases", "forward")
    missing = [a for a in needed if not hasattr(net, a)]
    if missing:
        raise TypeError(
            f"{name} must be an mlp_lib.MLP (something with {', '.join(needed)}); got "
            f"{_describe(net)}, which has no {missing[0]!r}. Build one with "
            f"MLP([n_in, ..., n_out])."
        )
    return net


def check_parameters(net):
    """Check net.weights and net.biases against net.layer_sizes: count, shape, dtype, finite.

    The parameters are plain lists that learners may replace by hand, and a diverged
    fit leaves them non-finite; both are caught here, once per public call.
    """
    sizes = net.layer_sizes
    L = len(sizes) - 1
    expected = {
        "weights": [(n_out, n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])],
        "biases": [(n_out,) for n_out in sizes[1:]],
    }
    for attr, symbol in (("weights", "W"), ("biases", "b")):
        params = getattr(net, attr)
        if not isinstance(params, (list, tuple)) or len(params) != L:
            got = (f"a {type(params).__name__} with {len(params)} entries"
                   if isinstance(params, (list, tuple)) else _describe(params))
            raise ValueError(
                f"net.{attr} must be a list of {L} arrays, one per layer of "
                f"layer_sizes={sizes}; got {got}. If you replaced net.{attr} by hand, "
                f"give one array per layer."
            )
        for l, (p, shape) in enumerate(zip(params, expected[attr])):
            where = f"net.{attr}[{l}] ({symbol}_{l + 1})"
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise TypeError(
                    f"{where} must be a float NumPy array of shape {shape}; got "
                    f"{_describe(p)}. Use np.array(..., dtype=float) when you set it by hand."
                )
            if p.shape != shape:
                fix = " It looks transposed: assign its .T instead." if p.shape == shape[::-1] else ""
                raise ValueError(
                    f"{where} must have shape {shape} for layer_sizes={sizes}; got "
                    f"shape {p.shape}. The book's W_l has shape (n_l, n_(l-1)) and b_l "
                    f"shape (n_l,).{fix}"
                )
            if not np.all(np.isfinite(p)):
                bad = np.argwhere(~np.isfinite(p))[0]
                raise ValueError(
                    f"{where} contains NaN or infinity (first at {_where(bad, p.ndim)}): "
                    f"the network can no longer compute anything, most likely because an "
                    f"earlier fit diverged. Create a new MLP (or reset its parameters) and "
                    f"train with a smaller learning_rate."
                )


# ---------------------------------------------------------------------------
# arrays
# ---------------------------------------------------------------------------


def _ragged_message(X, name):
    """Describe a list of rows of different lengths, if that is what X is."""
    if isinstance(X, (list, tuple)) and X:
        lengths = [len(r) if hasattr(r, "__len__") and not isinstance(r, str) else None for r in X]
        first = lengths[0]
        for i, n in enumerate(lengths):
            if n != first:
                got = "a single value" if n is None else f"{n} values"
                want = "a single value" if first is None else f"{first} values"
                return (f"{name} must be a rectangular table of numbers, one row per sample; "
                        f"got rows of different lengths: row 0 has {want} but row {i} has "
                        f"{got}. Every sample needs the same number of features.")
    return None


def _non_number_message(arr, name):
    """Message for an object or text array: where is the first value that is not a number?"""
    if arr.ndim == 0:
        return (f"{name} must be an array-like of numbers (a NumPy array or a list of "
                f"rows); got {_describe(arr.item())}.")
    if arr.dtype.kind in "US":
        for flat, value in enumerate(arr.flat):
            value = value.item()
            try:
                float(value)
            except ValueError:
                idx = np.unravel_index(flat, arr.shape)
                return (f"{name} must hold numbers; got text (dtype {arr.dtype}): "
                        f"{_where(idx, arr.ndim)} is {value!r}. Encode text as numbers, "
                        f"or drop it, before passing {name}.")
        return (f"{name} must hold numbers; got numbers written as text (dtype {arr.dtype}, "
                f"e.g. {arr.flat[0].item()!r}). Convert with np.asarray({name}, dtype=float).")
    if arr.dtype == object:
        for flat, value in enumerate(arr.flat):
            if not (isinstance(value, numbers.Real) or isinstance(value, np.bool_)):
                idx = np.unravel_index(flat, arr.shape)
                fix = (" Fill in or drop missing values first." if value is None else
                       " Convert it with np.asarray(..., dtype=float) or drop it.")
                return (f"{name} must hold real numbers; got {_describe(value)} at "
                        f"{_where(idx, arr.ndim)}.{fix}")
        return None  # an object array of plain numbers: convertible
    return (f"{name} must hold real numbers; got an array of dtype {arr.dtype}. "
            f"Convert it with np.asarray({name}, dtype=float).")


def _as_numeric_array(X, name, expected):
    """np.asarray(X) with clear errors for None, ragged rows, text and objects.

    Returns a NumPy array whose dtype is bool, integer or real floating.
    """
    if X is None:
        raise TypeError(f"{name} must be {expected}; got None.")
    try:
        arr = np.asarray(X)
    except Exception as exc:  # ragged lists, failing __array__, ...
        msg = _ragged_message(X, name)
        if msg:
            raise ValueError(msg) from None
        raise ValueError(
            f"{name} must be {expected}; could not turn {_describe(X)} into a NumPy "
            f"array ({type(exc).__name__}: {exc})."
        ) from None
    if arr.dtype.kind == "c":
        raise TypeError(
            f"{name} must hold real numbers; got complex values (dtype {arr.dtype}). "
            f"Pass the real part ({name}.real) or the magnitude (np.abs({name}))."
        )
    if arr.dtype.kind not in "biuf":
        msg = _non_number_message(arr, name)
        if msg:
            raise TypeError(msg)
        arr = arr.astype(np.float64)
    return arr


def _check_finite(arr, name, fix=None):
    """Raise if a float array holds NaN or ±inf, saying which and where."""
    if arr.dtype.kind != "f":
        return
    finite = np.isfinite(arr)
    if finite.all():
        return
    bad = ~finite
    n_nan = int(np.isnan(arr).sum())
    n_inf = int(bad.sum()) - n_nan
    kinds = " and ".join(k for k, n in (("NaN", n_nan), ("infinity", n_inf)) if n)
    counts = ", ".join(f"{n} {k}" for k, n in (("NaN", n_nan), ("infinite", n_inf)) if n)
    first = np.argwhere(bad)[0]
    value = arr[tuple(first)]
    raise ValueError(
        f"{name} must contain only finite numbers; it contains {kinds} ({counts}; "
        f"first at {_where(first, arr.ndim)}: {value}). "
        + (fix or f"Remove or impute those values first: "
                  f"np.argwhere(~np.isfinite({name})) lists them.")
    )


def _cast(arr, name, dtype):
    """Cast to dtype (float64 or float32), refusing values that overflow float32."""
    dtype = np.dtype(dtype)
    if arr.dtype.kind == "f" and arr.dtype.itemsize > dtype.itemsize:
        big = np.abs(arr) > np.finfo(dtype).max
        if big.any():
            first = np.argwhere(big)[0]
            raise ValueError(
                f"{name} has values too large for the network's dtype {dtype} (largest "
                f"{np.finfo(dtype).max:.3g}); first at {_where(first, arr.ndim)}: "
                f"{arr[tuple(first)]:g}. Standardise {name}, or build the network with "
                f"dtype=np.float64."
            )
    return np.ascontiguousarray(arr, dtype=dtype)


def as_float_array(x, name, dtype=np.float64):
    """Any-shape array-like → finite float array (for gradients and predictions)."""
    arr = _as_numeric_array(x, name, "an array of numbers")
    _check_finite(arr, name)
    return _cast(arr, name, dtype)


def as_float_matrix(X, name, dtype=np.float64, n_columns=None, column_hint=""):
    """Convert an array-like to a finite, non-empty 2-D float array of shape (N, n).

    A 1-D input is accepted only when ``n_columns == 1`` (then it becomes (N, 1)).
    ``column_hint`` names where n_columns comes from, e.g. " (layer_sizes[0])".
    """
    want = "(N, n)" if n_columns is None else f"(N, {n_columns})"
    expected = f"an array-like of numbers with shape {want}, one row per sample"
    arr = _as_numeric_array(X, name, expected)
    if arr.ndim == 0:
        raise ValueError(
            f"{name} must be 2-D with shape {want}, one row per sample; got the scalar "
            f"{arr.item()!r}. Wrap one sample as a table: [[x_1, ..., x_n]]."
        )
    if arr.size == 0:
        raise ValueError(
            f"{name} must have at least one row (sample); got an empty array of shape "
            f"{arr.shape}."
        )
    source = column_hint.strip(" ()")
    if arr.ndim == 1 and n_columns == 1:
        arr = arr.reshape(-1, 1)
    elif arr.ndim == 1:
        if n_columns is not None and source == "layer_sizes[-1]":
            fix = (f" A 1-D {name} is accepted only when the network has one output. If "
                   f"{name} holds {n_columns} targets per sample row after row, use "
                   f"{name}.reshape(-1, {n_columns}); if it holds one target per sample, "
                   f"build the network with layer_sizes[-1] = 1.")
        elif n_columns is not None and arr.shape[0] == n_columns:
            fix = (f" If it is a single sample, use {name}.reshape(1, -1); if it holds one "
                   f"value for each of {n_columns} samples, the network needs "
                   f"layer_sizes[0] = 1.")
        else:
            fix = f" For a single sample use {name}.reshape(1, -1)."
        raise ValueError(
            f"{name} must be 2-D with shape {want}, one row per sample; got a 1-D array "
            f"of shape {arr.shape}.{fix}"
        )
    elif arr.ndim > 2:
        raise ValueError(
            f"{name} must be 2-D with shape {want}, one row per sample; got a "
            f"{arr.ndim}-D array of shape {arr.shape}. Flatten each sample first, e.g. "
            f"{name}.reshape(len({name}), -1)."
        )
    if n_columns is not None and arr.shape[1] != n_columns:
        fix = ""
        if source:
            fix = (f" Pass {n_columns} column(s), or build the network with "
                   f"{source} = {arr.shape[1]}.")
        if arr.shape[0] == n_columns:
            fix = f" It looks transposed (one column per sample): pass {name}.T."
        raise ValueError(
            f"{name} must have {n_columns} column(s){column_hint}; got {arr.shape[1]} "
            f"(shape {arr.shape}).{fix}"
        )
    _check_finite(arr, name)
    return _cast(arr, name, dtype)


def check_X(net, X, name="X"):
    """Validate the input of ``predict``: X against the network; returns (N, n_in)."""
    check_parameters(net)
    return as_float_matrix(X, name, net.dtype, net.layer_sizes[0], " (layer_sizes[0])")


def check_X_T(net, X, T, names=("X", "T")):
    """Validate a batch (X, T) against a network; return float arrays (N, n_in), (N, k)."""
    check_parameters(net)
    n_in, k = net.layer_sizes[0], net.layer_sizes[-1]
    X = as_float_matrix(X, names[0], net.dtype, n_in, " (layer_sizes[0])")
    T = as_float_matrix(T, names[1], net.dtype, k, " (layer_sizes[-1])")
    if X.shape[0] != T.shape[0]:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same number of rows (one per "
            f"sample); got {names[0]} with {X.shape[0]} rows and {names[1]} with "
            f"{T.shape[0]} rows."
        )
    return X, T


def check_validation_data(net, validation_data):
    """validation_data must be a pair (X_val, T_val); returns the validated arrays."""
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        size = (f" of length {len(validation_data)}"
                if isinstance(validation_data, (tuple, list)) else "")
        raise TypeError(
            f"validation_data must be a pair (X_val, T_val) or None; got "
            f"{_describe(validation_data) if not size else type(validation_data).__name__}"
            f"{size}. Pass validation_data=(X_val, T_val)."
        )
    return check_X_T(net, validation_data[0], validation_data[1],
                     names=("validation_data[0] (X_val)", "validation_data[1] (T_val)"))


def check_gradients(net, gradients):
    """gradients must be (dW, db), each a list with one array per layer, shaped like
    the parameter it belongs to. Returns them as lists of float arrays."""
    if not isinstance(gradients, (tuple, list)) or len(gradients) != 2:
        raise TypeError(
            f"gradients must be a pair (dW, db) of lists, as loss_and_gradients returns "
            f"after the loss; got {_describe(gradients)}."
        )
    out = []
    for label, grads, attr in (("dW", gradients[0], "weights"), ("db", gradients[1], "biases")):
        params = getattr(net, attr)
        if not isinstance(grads, (list, tuple)) or len(grads) != len(params):
            got = (f"a {type(grads).__name__} with {len(grads)} entries"
                   if isinstance(grads, (list, tuple)) else _describe(grads))
            raise ValueError(
                f"gradients {label} must be a list of {len(params)} arrays, one per "
                f"layer like net.{attr}; got {got}."
            )
        checked = []
        for l, (g, p) in enumerate(zip(grads, params)):
            name = f"{label}[{l}]"
            g = as_float_array(g, name)
            if g.shape != p.shape:
                fix = (" It looks transposed: ∂L/∂W_l = (∂L/∂Z_l)ᵀ A_(l-1), "
                       "not A_(l-1)ᵀ ∂L/∂Z_l." if g.shape == p.shape[::-1] else "")
                raise ValueError(
                    f"{name} must have the shape of net.{attr}[{l}], {p.shape} (dv has the "
                    f"shape of v); got shape {g.shape}.{fix}"
                )
            checked.append(g)
        out.append(checked)
    return out


# ---------------------------------------------------------------------------
# data sets
# ---------------------------------------------------------------------------


def check_data_home(data_home):
    """None, a str or an os.PathLike."""
    if data_home is not None and not isinstance(data_home, (str, os.PathLike)):
        raise TypeError(
            f"data_home must be None or a folder path (str or pathlib.Path); got "
            f"{_describe(data_home)}."
        )
    return data_home


def check_test_size(test_size, n_samples):
    """A fraction in (0, 1) or a row count in 1..n_samples-1, as train_test_split takes."""
    if _is_integer(test_size):
        if not 1 <= test_size < n_samples:
            raise ValueError(
                f"test_size must be a fraction between 0 and 1 (e.g. 0.2) or a number of "
                f"rows between 1 and {n_samples - 1}; got {test_size!r}."
            )
        return int(test_size)
    if not _is_real(test_size):
        raise TypeError(
            f"test_size must be a fraction between 0 and 1 (e.g. 0.2); got "
            f"{_describe(test_size)}."
        )
    if not 0 < test_size < 1:
        raise ValueError(
            f"test_size must be a fraction strictly between 0 and 1 (e.g. 0.2); got "
            f"{test_size!r}."
        )
    return float(test_size)
