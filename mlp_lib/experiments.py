"""The case study's experiments (chapter 6), as small reproducible functions.

The source notebook trains three models on the same split of California housing
and reports each one's test mean squared error in original units, ($100,000)²:

* its own network, here ``run_mlp_lib(seed)``: MLP [8, 20, 10, 1], sigmoid hidden
  units, a linear output, 100 epochs of minibatch SGD (batch 32, learning rate
  0.1), rows visited in the same order every epoch (``shuffle=False``);
* scikit-learn's ``MLPRegressor`` with the notebook's arguments,
  ``run_mlpregressor(seed)``;
* ``LinearRegression``, ``run_linear()``.

``seed_study(seeds)`` repeats the two networks (and a shuffled variant of ours) over
several seeds, and ``format_table`` prints the course's final table without pandas.
``python -m mlp_lib.experiments`` prints that table; with ``--write-cache`` it also
stores the seed study in book/data/case_study_seeds.json, which the lab reads.
"""
import inspect
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .datasets import california_split
from .network import MLP

#: The source notebook's network and training setup.
MLP_CONFIG = {
    "layer_sizes": [8, 20, 10, 1],
    "hidden_activation": "sigmoid",
    "output_activation": "identity",
    "epochs": 100,
    "batch_size": 32,
    "learning_rate": 0.1,
    "shuffle": False,
}
#: The source notebook's MLPRegressor arguments (random_state is the seed).
MLPREGRESSOR_CONFIG = {
    "hidden_layer_sizes": (20, 10),
    "learning_rate_init": 0.1,
    "max_iter": 100,
}
#: The single fixed seed of part (1) of the table, for each network.
MLP_LIB_SEED = 0
MLPREGRESSOR_SEED = 42          # the source notebook's random_state
#: The seeds of part (2) of the table.
SEEDS = (0, 1, 2, 3, 4)


@dataclass
class RunResult:
    """One trained model and its test MSE in original units (($100,000)²)."""

    name: str
    seed: object                 # int, or None for LinearRegression
    test_mse: float
    model: object = field(repr=False)
    y_pred: np.ndarray = field(repr=False)   # test predictions, original units
    iterations: object = None    # epochs (mlp_lib) or n_iter_ (MLPRegressor)
    note: str = ""
    history: object = field(default=None, repr=False)


def _split(split):
    return california_split() if split is None else split


def run_mlp_lib(seed=MLP_LIB_SEED, split=None, shuffle=None, record_test_curve=False):
    """Train the source notebook's network with mlp_lib; return a RunResult.

    seed: initial weights (and, with shuffle=True, the order of the rows).
    shuffle=False (the default, from MLP_CONFIG) visits the training rows in the
    same order every epoch, as the source notebook did. record_test_curve=True also
    scores the test set after each epoch (``history.val_loss``), for a figure only;
    it does not change training.
    """
    split = _split(split)
    cfg = MLP_CONFIG
    shuffle = cfg["shuffle"] if shuffle is None else bool(shuffle)
    net = MLP(cfg["layer_sizes"], hidden_activation=cfg["hidden_activation"],
              output_activation=cfg["output_activation"], seed=seed)
    history = net.fit(split.X_train, split.y_train, epochs=cfg["epochs"],
                      batch_size=cfg["batch_size"], learning_rate=cfg["learning_rate"],
                      shuffle=shuffle,
                      validation_data=(split.X_test, split.y_test) if record_test_curve else None)
    y_scaled = net.predict(split.X_test)
    name = "mlp_lib MLP" + (" (shuffled)" if shuffle else "")
    return RunResult(name, seed, split.test_mse(y_scaled), net, split.to_original(y_scaled),
                     iterations=history.epochs, history=history,
                     note="rows reshuffled every epoch" if shuffle else "rows in fixed order")


def run_mlpregressor(seed=MLPREGRESSOR_SEED, split=None):
    """Train scikit-learn's MLPRegressor with the source notebook's arguments.

    Its defaults differ from mlp_lib: ReLU hidden units, the Adam optimiser, batch
    size min(200, N), an L2 penalty of 1e-4, shuffling, and a stop once the
    training loss has improved by less than 1e-4 for 10 iterations in a row. If it
    reaches max_iter first, scikit-learn warns (ConvergenceWarning); that warning is
    caught here and reported in ``note`` instead of being printed.
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor

    split = _split(split)
    model = MLPRegressor(**MLPREGRESSOR_CONFIG, random_state=seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(split.X_train, split.y_train)
    hit_max_iter = False
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            hit_max_iter = True
        else:  # anything else is unexpected: let it through
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    y_scaled = model.predict(split.X_test)
    note = "hit max_iter (ConvergenceWarning)" if hit_max_iter else "stopped early"
    return RunResult("MLPRegressor", seed, split.test_mse(y_scaled), model,
                     split.to_original(y_scaled), iterations=int(model.n_iter_), note=note)


def run_linear(split=None):
    """LinearRegression on the same standardised features and targets."""
    from sklearn.linear_model import LinearRegression

    split = _split(split)
    model = LinearRegression().fit(split.X_train, split.y_train)
    y_scaled = model.predict(split.X_test)
    return RunResult("LinearRegression", None, split.test_mse(y_scaled), model,
                     split.to_original(y_scaled), note="closed form")


#: The runs repeated over seeds in part (2) of the table: name → (function, keyword
#: arguments). The shuffled network is a variant that the source notebook did not run.
STUDY = {
    "mlp_lib MLP": (run_mlp_lib, {}),
    "MLPRegressor": (run_mlpregressor, {}),
    "mlp_lib MLP (shuffled)": (run_mlp_lib, {"shuffle": True}),
}
VARIANTS = ("mlp_lib MLP (shuffled)",)


def seed_study(seeds=SEEDS, split=None, names=tuple(STUDY)):
    """Train every run in ``STUDY`` (or those in ``names``) once per seed.

    Returns {name: {"test_mse": [...], "iterations": [...], "note": [...]}}, lists in
    the order of ``seeds``: plain numbers and strings, ready for JSON.
    """
    split = _split(split)
    out = {}
    for name in names:
        run, kwargs = STUDY[name]
        results = [run(seed, split=split, **kwargs) for seed in seeds]
        out[name] = {"test_mse": [r.test_mse for r in results],
                     "iterations": [r.iterations for r in results],
                     "note": [r.note for r in results]}
    return out


# ---- the cache of part (2) --------------------------------------------------------
# Part (2) trains 15 networks, too slow for a lab that must run in seconds. It is
# computed once by ``python -m mlp_lib.experiments --write-cache`` and stored with its
# configuration and library versions; tests/test_case_study.py re-runs seeds and
# checks they give the cached numbers.

CACHE_PATH = Path(__file__).resolve().parents[1] / "book" / "data" / "case_study_seeds.json"


def study_config(seeds=SEEDS):
    """Everything that determines the numbers of part (2), as plain JSON values."""
    defaults = inspect.signature(california_split).parameters
    return {
        "split": {"function": "mlp_lib.datasets.california_split",
                  "test_size": defaults["test_size"].default,
                  "random_state": defaults["random_state"].default},
        "metric": "sklearn mean_squared_error on test predictions mapped back to $100,000",
        "seeds": list(seeds),
        "mlp_lib": dict(MLP_CONFIG),
        "mlpregressor": {k: list(v) if isinstance(v, tuple) else v
                         for k, v in MLPREGRESSOR_CONFIG.items()},
        "runs": {name: {"function": run.__name__, **kwargs}
                 for name, (run, kwargs) in STUDY.items()},
    }


def library_versions():
    """Versions of the libraries that produce the numbers."""
    import scipy
    import sklearn

    from . import __version__
    return {"mlp_lib": __version__, "numpy": np.__version__, "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__}


def write_seed_cache(path=CACHE_PATH, seeds=SEEDS, split=None):
    """Run ``seed_study`` and store it, with its config and versions, as JSON."""
    cache = {
        "about": "Per-seed test MSEs of the case study (chapter 6), part (2) of the final "
                 "table. Regenerate with: python -m mlp_lib.experiments --write-cache",
        "config": study_config(seeds),
        "versions": library_versions(),
        "results": seed_study(seeds, split),
    }
    text = json.dumps(cache, indent=1, ensure_ascii=False)
    # one line per list of numbers or short strings, for a readable diff
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]",
                  lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",\n")) + "]",
                  text)
    if json.loads(text) != cache:  # pragma: no cover - the compaction must not change values
        raise RuntimeError("compacting the JSON changed it")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")
    return cache


def load_seed_cache(path=CACHE_PATH):
    """Read the cache; raise ValueError if it was made with another configuration."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"No cached seed study at {path}. Create it with: python -m mlp_lib.experiments "
            f"--write-cache")
    cache = json.loads(path.read_text())
    if cache.get("config") != study_config(SEEDS):
        raise ValueError(
            f"The cached seed study in {path.name} was made with another configuration "
            f"than mlp_lib.experiments now uses. Regenerate it with: "
            f"python -m mlp_lib.experiments --write-cache")
    return cache


def mean_std(values):
    """Mean and sample standard deviation (ddof=1) of a list of numbers."""
    v = np.asarray(values, dtype=float)
    return float(v.mean()), float(v.std(ddof=1))


def format_table(single_runs, study, seeds=SEEDS, decimals=4):
    """The final MSE table as fixed-width text (no pandas needed).

    single_runs: RunResults for part (1).
    study: ``seed_study``'s dict (or a cache's "results") for part (2).
    """
    d = decimals
    w = max([20] + [len(r.name) + 2 for r in single_runs] + [len(k) + 2 for k in study])
    head1 = f"{'model':<{w}}{'seed':>6}{'iters':>7}{'test MSE':>11}   note"
    lines = ["Test MSE in original units, ($100k)^2, on the source notebook's split",
             "", "(1) One fixed seed", head1, "-" * len(head1)]
    for r in single_runs:
        seed = "-" if r.seed is None else str(r.seed)
        iters = "-" if r.iterations is None else str(r.iterations)
        lines.append(f"{r.name:<{w}}{seed:>6}{iters:>7}{r.test_mse:>11.{d}f}   {r.note}".rstrip())
    seeds = list(seeds)
    label = (f"seeds {seeds[0]}..{seeds[-1]}" if seeds == list(range(seeds[0], seeds[-1] + 1))
             else "seeds " + ",".join(map(str, seeds)))
    head2 = f"{'model':<{w}}{'mean':>9}   {'std':>6}{'min':>9}{'max':>9}"
    lines += ["", f"(2) Over {len(seeds)} seeds ({label}): mean ± std (ddof=1), min, max",
              head2, "-" * len(head2)]
    main = [k for k in study if k not in VARIANTS]
    variants = [k for k in study if k in VARIANTS]
    for name in main + variants:
        values = study[name]["test_mse"]
        if len(values) != len(seeds):
            raise ValueError(f"{name}: {len(values)} results for {len(seeds)} seeds.")
        if name == (variants[0] if variants else None):
            lines.append("variant, not in the source notebook (rows reshuffled every epoch):")
        m, s = mean_std(values)
        lines.append(f"{name:<{w}}{m:>9.{d}f} ± {s:>6.{d}f}{min(values):>9.{d}f}"
                     f"{max(values):>9.{d}f}")
    return "\n".join(lines)


def main(argv=None):
    """Print the final table, training everything; --write-cache also stores part (2)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mlp_lib.experiments",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-cache", action="store_true",
                        help=f"store part (2) in {CACHE_PATH.relative_to(CACHE_PATH.parents[2])}")
    args = parser.parse_args(argv)
    split = california_split()
    single = [run_mlp_lib(MLP_LIB_SEED, split), run_mlpregressor(MLPREGRESSOR_SEED, split),
              run_linear(split)]
    if args.write_cache:
        study = write_seed_cache(split=split)["results"]
    else:
        study = seed_study(SEEDS, split)
    print(format_table(single, study))


if __name__ == "__main__":
    main()
