"""California housing: the real loader, the table check, and the source notebook's split."""
import numpy as np
import pytest

from mlp_lib import datasets
from mlp_lib.datasets import DatasetError, california_split, load_california_housing


def test_table_is_verified_and_split_matches_the_source_notebook():
    from sklearn.linear_model import LinearRegression

    data = load_california_housing()
    assert data.X.shape == (20640, 8) and data.y.shape == (20640,)
    split = california_split()
    assert split.X_train.shape == (16512, 8) and split.X_test.shape == (4128, 8)
    # standardised on the training rows only
    np.testing.assert_allclose(split.X_train.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(split.y_train.std(), 1, atol=1e-12)
    assert abs(split.X_test.mean()) > 1e-4
    # the reference number from shared/scikit_learn_data/README.md
    lr = LinearRegression().fit(split.X_train, split.y_train)
    assert split.test_mse(lr.predict(split.X_test)) == pytest.approx(0.5558915986952422, abs=1e-9)
    np.testing.assert_allclose(split.to_original(split.y_test), split.y_test_raw, atol=1e-12)


def test_a_different_table_is_named_with_its_path(monkeypatch):
    import sklearn.datasets
    real = sklearn.datasets.fetch_california_housing

    def tampered(**kwargs):
        bunch = real(**kwargs)
        bunch.data = bunch.data.copy()
        bunch.data[0, 0] += 1.0
        return bunch

    monkeypatch.setattr(sklearn.datasets, "fetch_california_housing", tampered)
    with pytest.raises(DatasetError, match=r"cal_housing_py3\.pkz.*not the expected one.*sha256"):
        load_california_housing()


def test_missing_data_offline_explains_scikit_learn_data(tmp_path, monkeypatch):
    import sklearn.datasets._california_housing as ch

    def no_network(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(ch, "_fetch_remote", no_network)
    with pytest.raises(DatasetError, match=r"SCIKIT_LEARN_DATA.*cal_housing_py3\.pkz") as info:
        load_california_housing(data_home=str(tmp_path))
    assert str(tmp_path) in str(info.value)


def test_synthetic_sets_are_seeded():
    X1, T1 = datasets.make_sine(n=30, seed=4)
    X2, T2 = datasets.make_sine(n=30, seed=4)
    assert X1.shape == (30, 1) and T1.shape == (30, 1)
    assert np.array_equal(T1, T2) and np.all(np.diff(X1[:, 0]) >= 0)
    Xa, Ta = datasets.make_toy_regression(n=10, n_features=3, n_outputs=2, seed=1)
    assert Xa.shape == (10, 3) and Ta.shape == (10, 2)
