"""The case study (chapter 6): the cached seed study is current, and reproducible."""
import json
import warnings

import pytest

from mlp_lib import experiments as ex


@pytest.fixture(scope="module")
def split():
    from mlp_lib.datasets import california_split
    return california_split()


@pytest.fixture(scope="module")
def cache():
    return json.loads(ex.CACHE_PATH.read_text())


def test_cache_config_matches_the_code(cache):
    assert cache["config"] == ex.study_config(ex.SEEDS), (
        "book/data/case_study_seeds.json was made with another configuration; "
        "regenerate it with: python -m mlp_lib.experiments --write-cache")
    assert ex.load_seed_cache()["results"] == cache["results"]
    for name, res in cache["results"].items():
        assert len(res["test_mse"]) == len(ex.SEEDS), name


def test_cache_was_made_with_this_mlp_lib_version(cache):
    # numpy/scipy/scikit-learn versions are recorded for information; whether they
    # change the numbers is what the fresh runs below check.
    assert cache["versions"]["mlp_lib"] == ex.library_versions()["mlp_lib"], (
        "the cache was made with another mlp_lib version; regenerate it with: "
        "python -m mlp_lib.experiments --write-cache")


# One fresh run per kind of training (the lab itself re-checks seed 0 of "mlp_lib MLP").
@pytest.mark.parametrize("name,seed", [("mlp_lib MLP", 4), ("MLPRegressor", 4),
                                       ("mlp_lib MLP (shuffled)", 1)])
def test_a_fresh_run_reproduces_the_cached_value(cache, split, name, seed):
    run, kwargs = ex.STUDY[name]
    fresh = run(seed, split=split, **kwargs)
    i = cache["config"]["seeds"].index(seed)
    cached = cache["results"][name]
    assert fresh.test_mse == pytest.approx(cached["test_mse"][i], rel=0, abs=1e-9), (
        f"{name}, seed {seed}: fresh {fresh.test_mse!r} != cached {cached['test_mse'][i]!r}; "
        f"if the library changed on purpose, regenerate the cache with: "
        f"python -m mlp_lib.experiments --write-cache, and re-execute the lab")
    assert fresh.iterations == cached["iterations"][i]


def test_stale_cache_is_refused(tmp_path, cache):
    stale = dict(cache, config=dict(cache["config"], seeds=[0, 1]))
    path = tmp_path / "stale.json"
    path.write_text(json.dumps(stale))
    with pytest.raises(ValueError, match="--write-cache"):
        ex.load_seed_cache(path)
    with pytest.raises(FileNotFoundError, match="--write-cache"):
        ex.load_seed_cache(tmp_path / "missing.json")


def test_convergence_warning_is_reported_not_printed(split, monkeypatch):
    monkeypatch.setitem(ex.MLPREGRESSOR_CONFIG, "max_iter", 2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = ex.run_mlpregressor(0, split=split)
    assert not caught, [str(w.message) for w in caught]
    assert result.iterations == 2 and "ConvergenceWarning" in result.note


def test_linear_baseline_matches_the_source_notebook(split):
    assert round(ex.run_linear(split).test_mse, 4) == 0.5559


def test_table_is_fixed_width_text(cache):
    runs = [ex.RunResult("mlp_lib MLP", 0, 0.123456, None, None, 100, "rows in fixed order"),
            ex.RunResult("LinearRegression", None, 0.5559, None, None, note="closed form")]
    text = ex.format_table(runs, cache["results"])
    lines = text.splitlines()
    assert "\t" not in text and "(1) One fixed seed" in text and "(2) Over 5 seeds" in text
    assert "0.1235" in text and "variant" in text
    rows2 = [line for line in lines if " ± " in line and not line.startswith("(2)")]
    assert len(rows2) == len(cache["results"])
    assert len({line.index("±") for line in rows2}) == 1, "columns are not aligned"
    assert lines.index(next(l for l in lines if l.startswith("variant"))) > \
        lines.index(next(l for l in lines if l.startswith("MLPRegressor ")))
