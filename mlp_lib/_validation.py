"""Input checks for the public boundary: clear errors, raised once per call.

Every message names the argument, what was expected, what was received and how
to fix it, in the manner of scikit-learn. Nothing here runs inside a batch loop.
"""
import numbers

import numpy as np


def check_layer_sizes(layer_sizes):
    """Return layer_sizes as a list of ints: at least 2 entries, each ≥ 1."""
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__iter__"):
        raise TypeError(
            f"layer_sizes must be a list of integers such as [8, 20, 10, 1]; "
            f"got {type(layer_sizes).__name__} {layer_sizes!r}."
        )
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"layer_sizes needs at least 2 entries (input size and output size); "
            f"got {sizes!r}. For a network with one hidden layer of 20 units on 8 "
            f"inputs and 1 output, pass [8, 20, 1]."
        )
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(
                f"layer_sizes[{i}] must be a positive integer; got {n!r} in "
                f"layer_sizes={sizes!r}. Every layer needs at least one unit."
            )
    return [int(n) for n in sizes]


def check_positive_int(value, name, minimum=1):
    """Return value as int after checking it is an integer ≥ minimum."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(
            f"{name} must be an integer ≥ {minimum}; got {value!r}."
        )
    return int(value)


def check_positive_float(value, name):
    """Return value as float after checking it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(
            f"{name} must be a finite number > 0; got {value!r}. "
            f"Typical values for learning_rate are 0.001 to 0.5."
        )
    return float(value)


def check_seed(seed, name="seed"):
    """Accept None or a non-negative integer (what np.random.default_rng takes)."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(
            f"{name} must be None or a non-negative integer; got {seed!r}. "
            f"Pass e.g. {name}=0 for reproducible results."
        )
    return int(seed)


def as_float_matrix(X, name, dtype=np.float64, n_columns=None, column_hint=""):
    """Convert an array-like to a finite, non-empty 2-D float array of shape (N, n).

    A 1-D input is accepted only when ``n_columns == 1`` (then it becomes (N, 1)).
    """
    if X is None:
        raise TypeError(f"{name} must be an array of numbers; got None.")
    try:
        arr = np.asarray(X)
    except Exception as exc:  # ragged lists and similar
        raise ValueError(f"{name} could not be turned into an array: {exc}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(
            f"{name} must hold numbers; got an array of dtype {arr.dtype} "
            f"(first value {arr.ravel()[:1].tolist()!r}). Convert it with np.asarray(..., dtype=float)."
        )
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real; got complex dtype {arr.dtype}.")
    if arr.ndim == 1 and n_columns == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        want = "(N, n)" if n_columns is None else f"(N, {n_columns})"
        fix = " Reshape one sample with x.reshape(1, -1)." if arr.ndim == 1 else ""
        raise ValueError(
            f"{name} must be 2-D with shape {want}, one row per sample; got shape {arr.shape}.{fix}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); it needs at least one row.")
    if n_columns is not None and arr.shape[1] != n_columns:
        raise ValueError(
            f"{name} has {arr.shape[1]} columns but the network expects {n_columns}"
            f"{column_hint}; got shape {arr.shape}."
        )
    arr = np.ascontiguousarray(arr, dtype=dtype)
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{name} contains NaN or infinity (first at row {bad[0]}, column {bad[1]}). "
            f"Remove or impute those values before training."
        )
    return arr


def check_X_T(net, X, T):
    """Validate a batch (X, T) against a network; return float arrays (N, n_in), (N, k)."""
    n_in, k = net.layer_sizes[0], net.layer_sizes[-1]
    X = as_float_matrix(X, "X", net.dtype, n_in, " (layer_sizes[0])")
    T = as_float_matrix(T, "T", net.dtype, k, " (layer_sizes[-1])")
    if X.shape[0] != T.shape[0]:
        raise ValueError(
            f"X and T must have the same number of rows (samples); got X with "
            f"{X.shape[0]} rows and T with {T.shape[0]} rows."
        )
    return X, T
