"""Input features for chapter 8, "Closing the gap": Fourier features of location.

A network that sees latitude and longitude as two plain numbers has to build every
bump and edge of the price map (the coast, the Bay Area, Los Angeles) out of
smooth functions of those two numbers, and gradient descent fits the smooth,
slowly varying part first (*spectral bias*). Fourier features hand it waves of
several wavelengths instead, so sharp spatial structure becomes a weighted sum
of inputs it already has:

    γ(u) = [sin(2π f₁ u), …, sin(2π f_K u), cos(2π f₁ u), …, cos(2π f_K u)]   eq-gap-fourier

for a coordinate u (degrees) and frequencies f_k (cycles per degree; the
wavelength is 1/f_k degrees).

Samples are rows. ``HousingFeatures`` turns the raw California table (original
units, columns as in ``CALIFORNIA_COLUMNS``) into the network's inputs; it learns
everything it needs (which columns to log, means, standard deviations) from the
rows passed to ``fit``, which must be training rows only.
"""
import numpy as np

from . import _validation as check

#: The columns of the California housing table, in scikit-learn's order.
CALIFORNIA_COLUMNS = ("MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population",
                      "AveOccup", "Latitude", "Longitude")
LATITUDE, LONGITUDE = 6, 7


def fourier_features(u, frequencies):
    """Fourier features γ(u) of eq-gap-fourier, for every sample and coordinate.

    u: (N,) one coordinate per sample, or (N, c) c coordinates per sample.
    frequencies: (K,) frequencies f_k, in cycles per unit of u.
    Returns (N, 2K) for 1-D u: the K sines sin(2π f_k u), then the K
    cosines; for (N, c) u: (N, 2Kc), γ(u[:, 0]), γ(u[:, 1]), ... side by side.
    """
    u = check.as_float_array(u, "u")
    f = _check_frequencies(frequencies)
    if u.ndim not in (1, 2):
        raise ValueError(f"u must have shape (N,) or (N, c); got {u.shape}.")
    U = u.reshape(len(u), -1)                                # (N, c)
    angles = 2 * np.pi * U[:, :, None] * f[None, None, :]   # (N, c, K): 2π f_k u_j
    gamma = np.concatenate([np.sin(angles), np.cos(angles)], axis=2)  # eq-gap-fourier, (N, c, 2K)
    return gamma.reshape(len(u), -1)


def rotated_coordinates(latitude, longitude):
    """The two diagonal directions, (lat + lon)/√2 and (lat − lon)/√2, as (N, 2).

    Fourier features of latitude and longitude alone make waves that run along
    the map's axes; the coast of California runs diagonally (north-west to
    south-east), so waves along the diagonals fit it with fewer terms.
    """
    lat = check.as_float_array(latitude, "latitude")
    lon = check.as_float_array(longitude, "longitude")
    if lat.shape != lon.shape or lat.ndim != 1:
        raise ValueError(f"latitude and longitude must be 1-D arrays of the same length; got "
                         f"shapes {lat.shape} and {lon.shape}.")
    return np.stack([(lat + lon) / np.sqrt(2), (lat - lon) / np.sqrt(2)], axis=1)


def skewness(X):
    """Sample skewness of every column of X (N, n): mean((x − μ)³) / σ³. Returns (n,)."""
    X = check.as_float_matrix(X, "X")
    D = X - X.mean(axis=0)
    sd = np.sqrt((D ** 2).mean(axis=0))
    return (D ** 3).mean(axis=0) / np.where(sd > 0, sd, 1.0) ** 3


class HousingFeatures:
    """Raw California rows (N, 8), original units → network inputs (N, d).

    The inputs are, in this order:

    1. the 8 columns, each standardised (eq-cs-standardise) with the mean and
       standard deviation of the rows given to ``fit``; with ``log_skewed=True``,
       columns whose skewness on those rows exceeds ``skew_threshold`` (and
       whose values are all positive) are replaced by their logarithm first;
    2. Fourier features (eq-gap-fourier) of latitude and longitude, and with
       ``rotate=True`` also of the two diagonals (``rotated_coordinates``), at
       each of ``frequencies`` (cycles per degree). They lie in [−1, 1] and are
       not standardised.

    ``HousingFeatures()`` with the defaults is plain standardisation of the 8
    columns. Call ``fit`` on training rows only, then ``transform`` any rows.
    """

    def __init__(self, frequencies=(), rotate=False, log_skewed=False, skew_threshold=1.0):
        self.frequencies = tuple(float(f) for f in _check_frequencies(frequencies))
        self.rotate = check.check_bool(rotate, "rotate")
        self.log_skewed = check.check_bool(log_skewed, "log_skewed")
        self.skew_threshold = check.check_nonnegative_float(skew_threshold, "skew_threshold")
        self.log_columns = None     # set by fit: the names of the logged columns
        self.mean_ = self.std_ = None

    def __repr__(self):
        return (f"HousingFeatures(frequencies={list(self.frequencies)}, rotate={self.rotate}, "
                f"log_skewed={self.log_skewed})")

    def _base(self, X):
        """The 8 columns, with the chosen ones logged: (N, 8)."""
        B = X.copy()
        cols = [CALIFORNIA_COLUMNS.index(name) for name in self.log_columns]
        B[:, cols] = np.log(B[:, cols])
        return B

    def fit(self, X_raw):
        """Learn the logged columns, means and standard deviations from X_raw (training rows)."""
        X = _check_raw(X_raw)
        self.log_columns = ()
        if self.log_skewed:
            skew = skewness(X)
            self.log_columns = tuple(name for j, name in enumerate(CALIFORNIA_COLUMNS)
                                     if skew[j] > self.skew_threshold and np.all(X[:, j] > 0))
        B = self._base(X)
        self.mean_, self.std_ = B.mean(axis=0), B.std(axis=0)
        self.std_[self.std_ == 0] = 1.0
        return self

    def transform(self, X_raw):
        """The network's inputs for raw rows X_raw (N, 8): (N, n_features)."""
        if self.mean_ is None:
            raise ValueError("HousingFeatures must be fitted first: call .fit(X_train_raw) on "
                             "the training rows, then .transform(X).")
        X = _check_raw(X_raw)
        parts = [(self._base(X) - self.mean_) / self.std_]      # eq-cs-standardise
        if self.frequencies:
            coords = X[:, [LATITUDE, LONGITUDE]]
            if self.rotate:
                coords = np.hstack([coords, rotated_coordinates(X[:, LATITUDE], X[:, LONGITUDE])])
            parts.append(fourier_features(coords, self.frequencies))  # eq-gap-fourier
        return np.hstack(parts)

    def fit_transform(self, X_raw):
        return self.fit(X_raw).transform(X_raw)

    @property
    def coordinate_names(self):
        return ["Latitude", "Longitude"] + (["lat+lon", "lat-lon"] if self.rotate else [])

    @property
    def feature_names(self):
        """One name per column of ``transform``'s output."""
        logged = self.log_columns or ()
        names = [f"log {c}" if c in logged else c for c in CALIFORNIA_COLUMNS]
        if self.frequencies:
            for c in self.coordinate_names:
                names += [f"{fn}(2π·{f:g}·{c})" for fn in ("sin", "cos") for f in self.frequencies]
        return names

    @property
    def n_features(self):
        return len(CALIFORNIA_COLUMNS) + 2 * len(self.frequencies) * len(self.coordinate_names) * bool(self.frequencies)


def _check_frequencies(frequencies):
    """frequencies: a 1-D array-like of finite numbers (may be empty). Returns (K,) floats."""
    if isinstance(frequencies, (list, tuple)) and len(frequencies) == 0:
        return np.zeros(0)
    f = check.as_float_array(frequencies, "frequencies")
    if f.ndim != 1:
        raise ValueError(f"frequencies must be a 1-D list of numbers such as [0.5, 1, 2]; got "
                         f"shape {f.shape}.")
    return f


def _check_raw(X_raw):
    return check.as_float_matrix(X_raw, "X_raw", np.float64, len(CALIFORNIA_COLUMNS),
                                 " (the California table's columns)")
