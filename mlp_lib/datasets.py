"""Data for the course: California housing (the case study) and small synthetic sets.

California housing is loaded by scikit-learn's own ``fetch_california_housing``;
this repository holds no copy. Offline, point ``SCIKIT_LEARN_DATA`` at a folder
that holds scikit-learn's cached ``cal_housing_py3.pkz``.
"""
import hashlib
import os
from dataclasses import dataclass

import numpy as np

from . import _validation as check

CALIFORNIA_SHAPE = (20640, 8)
CALIFORNIA_FILE = "cal_housing_py3.pkz"  # scikit-learn's cache file name
#: sha256 of the float64 bytes of X followed by y, as scikit-learn returns them.
CALIFORNIA_SHA256 = "f8ce03213e1c375e51c57d02cb41558c30b643325347f1cc0b26ce713ce3a0b7"


class DatasetError(RuntimeError):
    """The dataset is missing, or is not the table the course expects."""


@dataclass
class CaliforniaHousing:
    X: np.ndarray          # (20640, 8), original units
    y: np.ndarray          # (20640,), median house value in $100,000
    feature_names: list


def _short(exc, limit=120):
    """'TypeName: message', cut to `limit` characters, for quoting a cause in a message."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _table_sha256(X, y):
    return hashlib.sha256(np.ascontiguousarray(X, dtype=np.float64).tobytes()
                          + np.ascontiguousarray(y, dtype=np.float64).tobytes()).hexdigest()


def load_california_housing(data_home=None):
    """Load and verify the California housing table. Returns a CaliforniaHousing.

    Raises DatasetError if the data cannot be found or downloaded, or if the
    table differs from the one the course was written against.
    """
    from sklearn.datasets import fetch_california_housing, get_data_home

    check.check_data_home(data_home)
    try:
        where = get_data_home(data_home)
    except OSError as exc:  # e.g. data_home names a file, or a folder we may not create
        raise DatasetError(
            f"data_home {os.fspath(data_home) if data_home is not None else None!r} cannot "
            f"be used as scikit-learn's data folder ({_short(exc)}). Pass "
            f"the folder that holds {CALIFORNIA_FILE}, or set SCIKIT_LEARN_DATA to it."
        ) from exc
    path = os.path.join(where, CALIFORNIA_FILE)
    existed = os.path.exists(path)
    try:
        bunch = fetch_california_housing(data_home=data_home)
    except Exception as exc:  # no network, blocked download, unreadable cache
        if existed:
            raise DatasetError(
                f"The California housing file {path!r} exists but could not be read "
                f"({_short(exc)}): it is corrupt, truncated, or not "
                f"scikit-learn's cache file. Delete it so that scikit-learn downloads it "
                f"again (needs internet), or set SCIKIT_LEARN_DATA to a folder holding a "
                f"good copy of {CALIFORNIA_FILE}."
            ) from exc
        raise DatasetError(
            f"California housing is not in scikit-learn's data folder {where!r} and could "
            f"not be downloaded ({_short(exc)}). With internet, scikit-learn "
            f"downloads it there on first use. Offline, set the environment variable "
            f"SCIKIT_LEARN_DATA to a folder holding {CALIFORNIA_FILE} (the course's CI "
            f"uses ../shared/scikit_learn_data), or pass data_home=... to that folder."
        ) from exc
    try:
        X = np.asarray(bunch.data, dtype=np.float64)
        y = np.asarray(bunch.target, dtype=np.float64)
        feature_names = list(bunch.feature_names)
    except Exception as exc:
        raise DatasetError(
            f"The California housing table in {path!r} is not the expected one: it has no "
            f"numeric data/target/feature_names ({_short(exc)}). Delete that "
            f"file so scikit-learn downloads it again, or point SCIKIT_LEARN_DATA at a good copy."
        ) from exc
    digest = _table_sha256(X, y)
    if X.shape != CALIFORNIA_SHAPE or y.shape != CALIFORNIA_SHAPE[:1] or digest != CALIFORNIA_SHA256:
        raise DatasetError(
            f"The California housing table in {path!r} is not the expected one (a "
            f"different or modified table): got X shape {X.shape}, y shape {y.shape}, "
            f"sha256 {digest[:12]}…; expected {CALIFORNIA_SHAPE}, ({CALIFORNIA_SHAPE[0]},), "
            f"{CALIFORNIA_SHA256[:12]}…. Delete that file so scikit-learn downloads it "
            f"again, or point SCIKIT_LEARN_DATA at a good copy."
        )
    return CaliforniaHousing(X=X, y=y, feature_names=feature_names)


@dataclass
class HousingSplit:
    """The source notebook's split and scaling.

    X_train, X_test: standardised features (fit on the training rows only).
    y_train, y_test: standardised targets, shape (N,).
    X_train_raw, X_test_raw, y_train_raw, y_test_raw: the same rows in original
    units (y in $100,000), for maps and for reporting.
    scaler_X, scaler_y: the fitted StandardScalers.
    """

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    X_train_raw: np.ndarray
    X_test_raw: np.ndarray
    y_train_raw: np.ndarray
    y_test_raw: np.ndarray
    scaler_X: object
    scaler_y: object
    feature_names: list

    def _predictions(self, y_scaled, name):
        """(N,) or (N, 1) finite numbers → (N,) floats, with clear errors."""
        y = check.as_float_array(y_scaled, name)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1:
            raise ValueError(
                f"{name} must be one prediction per row, shape (N,) or (N, 1); got shape "
                f"{y.shape}."
            )
        return y

    def to_original(self, y_scaled):
        """Undo the target scaling: (N,) or (N, 1) standardised → (N,) in $100,000."""
        y_scaled = self._predictions(y_scaled, "y_scaled")
        return self.scaler_y.inverse_transform(y_scaled.reshape(-1, 1)).ravel()

    def test_mse(self, y_pred_scaled):
        """Test MSE in original units ((\\$100,000)²), as the source notebook reports it."""
        from sklearn.metrics import mean_squared_error

        y_pred = self.to_original(self._predictions(y_pred_scaled, "y_pred_scaled"))
        if y_pred.shape != self.y_test_raw.shape:
            raise ValueError(
                f"y_pred_scaled must have one prediction per test row "
                f"({self.y_test_raw.shape[0]}); got {y_pred.shape[0]}. Predict on "
                f"split.X_test, not on split.X_train."
            )
        return float(mean_squared_error(self.y_test_raw, y_pred))


def california_split(test_size=0.2, random_state=42, data_home=None):
    """Reproduce the source notebook: train_test_split(test_size=0.2, random_state=42),
    then StandardScaler on X and on y, each fit on the training rows."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    test_size = check.check_test_size(test_size, CALIFORNIA_SHAPE[0])
    random_state = check.check_seed(random_state, "random_state")
    data = load_california_housing(data_home)
    X_tr, X_te, y_tr, y_te = train_test_split(
        data.X, data.y, test_size=test_size, random_state=random_state)
    scaler_X, scaler_y = StandardScaler(), StandardScaler()
    return HousingSplit(
        X_train=scaler_X.fit_transform(X_tr),
        X_test=scaler_X.transform(X_te),
        y_train=scaler_y.fit_transform(y_tr.reshape(-1, 1)).ravel(),
        y_test=scaler_y.transform(y_te.reshape(-1, 1)).ravel(),
        X_train_raw=X_tr, X_test_raw=X_te, y_train_raw=y_tr, y_test_raw=y_te,
        scaler_X=scaler_X, scaler_y=scaler_y, feature_names=data.feature_names,
    )


def make_sine(n=200, noise=0.1, seed=0):
    """A 1-D regression set: x ~ Uniform(−1, 1), t = sin(πx) + noise·ε.

    Returns X (n, 1) and T (n, 1), sorted by x so that lines plot cleanly.
    """
    n = check.check_positive_int(n, "n")
    noise = check.check_nonnegative_float(noise, "noise")
    rng = np.random.default_rng(check.check_seed(seed))
    x = np.sort(rng.uniform(-1.0, 1.0, size=n))
    t = np.sin(np.pi * x) + noise * rng.standard_normal(n)
    return x.reshape(-1, 1), t.reshape(-1, 1)


def make_toy_regression(n=64, n_features=2, n_outputs=1, seed=0):
    """A small smooth regression set for gradient checks and loss surfaces.

    X ~ Normal(0, 1) of shape (n, n_features); T = tanh(X w) + 0.1·ε, (n, n_outputs).
    """
    n = check.check_positive_int(n, "n")
    n_features = check.check_positive_int(n_features, "n_features")
    n_outputs = check.check_positive_int(n_outputs, "n_outputs")
    rng = np.random.default_rng(check.check_seed(seed))
    X = rng.standard_normal((n, n_features))
    w = rng.standard_normal((n_features, n_outputs))
    T = np.tanh(X @ w) + 0.1 * rng.standard_normal((n, n_outputs))
    return X, T
