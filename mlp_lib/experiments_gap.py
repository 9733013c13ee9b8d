"""Chapter 8's experiments: from the seed network to a network that beats gradient boosting.

Everything runs on the source notebook's split (``california_split()``). The test
rows are used for one thing only: the final report. Every choice is made on a
*validation* set of ``VAL_FRACTION`` of the training rows (``validation_rows``,
seed ``VAL_SEED``); the networks train on the other training rows (the *fit* rows).

Three stages, each a function:

* ``select(...)``: a greedy search on validation MSE, one setting at a time
  (``SEARCH``), starting from ``START``. It never computes a test prediction.
* ``ablation(final, ...)``: the fixes added one at a time (``ABLATION``), each
  network trained with ``SEEDS`` seeds and scored on validation *and* test, plus
  ``HistGradientBoostingRegressor(random_state=42)`` as the reference.
* ``other_splits(final, ...)``: the chosen model and the reference on
  ``OTHER_SPLITS``, other random train/test splits, with no new tuning.

``python -m mlp_lib.experiments_gap --write-cache`` runs all three (several minutes)
and stores every number, with the configuration, timings and library versions, in
book/data/gap_results.json; the lab reads that file. ``CHECK_RUN`` is a short run
of the chosen model that tests/test_gap.py repeats and compares with the cache.
"""
import copy
import json
import os
import re
import time
from pathlib import Path

import numpy as np

from .datasets import california_split
from .experiments import library_versions, mean_std
from .features import HousingFeatures
from .network import MLP
from .optimizers import SGD, Adam
from .training import validation_rows

VAL_FRACTION = 0.15
VAL_SEED = 0
SEEDS = (0, 1, 2, 3, 4)           # the ablation's seeds (initial weights and shuffling)
SEARCH_SEEDS = (0, 1, 2)          # the search's seeds
TIME_LIMIT = 60.0                 # seconds of training per seed, at most
OTHER_SPLITS = (1, 2)             # random_state of train_test_split, not 42
HGB_NAME = "HistGradientBoostingRegressor(random_state=42)"

#: The source notebook's network and training, as a config of ``run_network``.
SEED_NETWORK = {
    "hidden": [20, 10], "activation": "sigmoid", "init": "normal",
    "optimizer": "sgd", "learning_rate": 0.1, "batch_size": 32, "epochs": 100,
    "weight_decay": 0.0, "patience": None,
    "features": {"frequencies": [], "rotate": False, "log_skewed": False},
}

#: Where the search starts: every fix switched on, with textbook settings.
START = {
    "hidden": [256, 256], "activation": "relu", "init": "he",
    "optimizer": "adam", "learning_rate": 0.001, "batch_size": 256, "epochs": 200,
    "weight_decay": 0.001, "patience": 20,
    "features": {"frequencies": [0.25, 0.5, 1, 2, 4], "rotate": True, "log_skewed": True},
}

#: The greedy search: each setting in turn, the candidates tried for it (the current
#: value is always among them). The best mean validation MSE over SEARCH_SEEDS wins
#: and is kept for the settings after it.
SEARCH = [
    ("features.frequencies", [[], [0.25, 0.5, 1, 2], [0.25, 0.5, 1, 2, 4],
                              [0.25, 0.5, 1, 2, 4, 8], [0.25, 0.5, 1, 2, 4, 8, 16]]),
    ("features.rotate", [False, True]),
    ("features.log_skewed", [False, True]),
    ("weight_decay", [0.0, 0.0001, 0.001, 0.003]),
    ("learning_rate", [0.0003, 0.001, 0.003]),
    ("hidden", [[64, 64], [256, 256], [128, 128, 128]]),
]

#: The ablation: each row changes the row above it. A value "FINAL" is taken from
#: the chosen model, so every fix is used with the setting the search chose.
ABLATION = [
    ("mlp_lib seed network: sigmoid 20-10, SGD η=0.1", {}),
    ("mlp_lib + ReLU units, He init", {"activation": "relu", "init": "he"}),
    ("mlp_lib + Adam", {"optimizer": "adam", "learning_rate": "FINAL"}),
    ("mlp_lib + wider layers, batch 256", {"hidden": "FINAL", "batch_size": "FINAL"}),
    ("mlp_lib + L2 weight decay", {"weight_decay": "FINAL"}),
    ("mlp_lib + early stopping", {"patience": "FINAL", "epochs": "FINAL"}),
    ("mlp_lib + log of skewed inputs", {"features.log_skewed": "FINAL"}),
    ("mlp_lib + Fourier features of lat/lon", {"features.frequencies": "FINAL",
                                               "features.rotate": "FINAL"}),
]
#: The learning rates tried, on validation, for SGD once the units are ReLU: the seed
#: network's η = 0.1 was tuned for sigmoid units.
RELU_SGD_RATES = [0.1, 0.03, 0.01]

#: A short run of the chosen model that a test repeats: seed 0, a few epochs.
CHECK_RUN = {"seed": 0, "epochs": 3}

CACHE_PATH = Path(__file__).resolve().parents[1] / "book" / "data" / "gap_results.json"


# ---- data -----------------------------------------------------------------------
class GapData:
    """The split, the fit/validation rows inside its training rows, in one place."""

    def __init__(self, split=None, random_state=42):
        self.split = california_split(random_state=random_state) if split is None else split
        n = len(self.split.y_train)
        self.fit_rows, self.val_rows = validation_rows(n, VAL_FRACTION, VAL_SEED)
        self._cache = {}

    def inputs(self, features):
        """(X_fit, X_val, X_test) for a features config; fitted on the fit rows only."""
        key = json.dumps(features, sort_keys=True)
        if key not in self._cache:
            s = self.split
            hf = HousingFeatures(**features).fit(s.X_train_raw[self.fit_rows])
            self._cache[key] = (hf.transform(s.X_train_raw[self.fit_rows]),
                                hf.transform(s.X_train_raw[self.val_rows]),
                                hf.transform(s.X_test_raw), hf)
        return self._cache[key]

    def val_mse(self, y_scaled):
        """Validation MSE in original units, ($100,000)², like the test MSE."""
        y = self.split.to_original(y_scaled)
        return float(np.mean((y - self.split.y_train_raw[self.val_rows]) ** 2))


# ---- one network ------------------------------------------------------------------
def set_value(config, key, value):
    """A copy of config with key ("weight_decay" or "features.rotate") set to value."""
    out = copy.deepcopy(config)
    where, *rest = key.split(".")
    if rest:
        out[where][rest[0]] = copy.deepcopy(value)
    else:
        out[where] = copy.deepcopy(value)
    return out


def get_value(config, key):
    where, *rest = key.split(".")
    return config[where][rest[0]] if rest else config[where]


def build(config, n_inputs, seed):
    """The untrained network and its optimiser for a config."""
    net = MLP([n_inputs, *config["hidden"], 1], hidden_activation=config["activation"],
              output_activation="identity", seed=seed, init=config["init"])
    opt = (Adam(config["learning_rate"]) if config["optimizer"] == "adam"
           else SGD(config["learning_rate"]))
    return net, opt


def train_network(config, seed, data):
    """Train one network on the fit rows, watching the validation rows.

    Returns (net, history, wall seconds, processor seconds) of ``fit``.
    """
    X_fit, X_val, _, _ = data.inputs(config["features"])
    T_fit = data.split.y_train[data.fit_rows]
    T_val = data.split.y_train[data.val_rows]
    net, opt = build(config, X_fit.shape[1], seed)
    wall, cpu = time.perf_counter(), time.process_time()
    history = net.fit(X_fit, T_fit, epochs=config["epochs"], batch_size=config["batch_size"],
                      optimizer=opt, weight_decay=config["weight_decay"],
                      patience=config["patience"], validation_data=(X_val, T_val))
    return net, history, time.perf_counter() - wall, time.process_time() - cpu


def run_network(config, seed, data, test=True):
    """Train one network on the fit rows; score it on validation (and test, if asked).

    Returns a dict of plain numbers: val_mse, test_mse (None when test=False),
    epochs (trained), best_epoch (None without early stopping), train_seconds
    (wall clock) and cpu_seconds (process time) of ``fit``.
    """
    _, X_val, X_test, _ = data.inputs(config["features"])
    net, history, wall, cpu = train_network(config, seed, data)
    return {
        "val_mse": data.val_mse(net.predict(X_val)),
        "test_mse": data.split.test_mse(net.predict(X_test)) if test else None,
        "epochs": history.epochs,
        "best_epoch": history.best_epoch if config["patience"] is not None else None,
        "train_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
    }


def run_seeds(config, seeds, data, test=True):
    """run_network for every seed; a dict of lists (one entry per seed)."""
    runs = [run_network(config, s, data, test) for s in seeds]
    return {key: [r[key] for r in runs] for key in runs[0]}


def run_hgb(data, rows="all"):
    """HistGradientBoostingRegressor(random_state=42) on the standardised 8 features.

    rows="all": all training rows (as the source notebook's models); rows="fit":
    only the fit rows the networks train on.
    """
    from sklearn.ensemble import HistGradientBoostingRegressor

    s = data.split
    idx = np.arange(len(s.y_train)) if rows == "all" else data.fit_rows
    wall, cpu = time.perf_counter(), time.process_time()
    model = HistGradientBoostingRegressor(random_state=42).fit(s.X_train[idx], s.y_train[idx])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"val_mse": data.val_mse(model.predict(s.X_train[data.val_rows])) if rows == "fit" else None,
            "test_mse": s.test_mse(model.predict(s.X_test)),
            "train_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2)}


# ---- stage 1: the search, on validation only --------------------------------------
def select(data, start=START, search=SEARCH, seeds=SEARCH_SEEDS, log=print):
    """Greedy search on mean validation MSE. Returns (final config, trials).

    trials: one entry per (setting, candidate) with the validation MSEs per seed,
    mean training seconds and whether it was chosen. No test prediction is made.
    """
    current, trials, seen = copy.deepcopy(start), [], {}
    for key, candidates in search:
        scores = []
        for value in candidates:
            config = set_value(current, key, value)
            tag = json.dumps(config, sort_keys=True)
            if tag not in seen:
                seen[tag] = run_seeds(config, seeds, data, test=False)
            res = seen[tag]
            mean = float(np.mean(res["val_mse"]))
            ok = float(np.mean(res["cpu_seconds"])) <= TIME_LIMIT
            scores.append((mean if ok else np.inf, value))
            trials.append({"setting": key, "value": value, "val_mse": res["val_mse"],
                           "val_mse_mean": mean, "epochs": res["epochs"],
                           "train_seconds": res["train_seconds"], "chosen": False})
            log(f"{key} = {value}: val MSE {mean:.4f} {res['val_mse']} "
                f"({np.mean(res['train_seconds']):.1f} s)")
        best = min(range(len(scores)), key=lambda i: scores[i][0])
        trials[len(trials) - len(candidates) + best]["chosen"] = True
        current = set_value(current, key, scores[best][1])
    return current, trials


# ---- stage 2: the ablation ----------------------------------------------------------
def ablation_configs(final, relu_sgd_rate):
    """[(name, config)] of the ablation, each row built on the one above."""
    rows, config = [], copy.deepcopy(SEED_NETWORK)
    for name, changes in ABLATION:
        for key, value in changes.items():
            config = set_value(config, key, get_value(final, key) if value == "FINAL" else value)
        if changes.get("activation") == "relu" and config["optimizer"] == "sgd":
            config = set_value(config, "learning_rate", relu_sgd_rate)
        rows.append((name, copy.deepcopy(config)))
    return rows


def choose_relu_sgd_rate(data, seeds=SEARCH_SEEDS, log=print):
    """η for SGD with ReLU units (ablation row 2), by mean validation MSE. Returns (η, trials)."""
    base = set_value(set_value(SEED_NETWORK, "activation", "relu"), "init", "he")
    trials = []
    for eta in RELU_SGD_RATES:
        res = run_seeds(set_value(base, "learning_rate", eta), seeds, data, test=False)
        trials.append({"setting": "learning_rate (SGD, ReLU)", "value": eta,
                       "val_mse": res["val_mse"], "val_mse_mean": float(np.mean(res["val_mse"])),
                       "epochs": res["epochs"], "train_seconds": res["train_seconds"],
                       "chosen": False})
        log(f"SGD+ReLU η={eta}: val MSE {trials[-1]['val_mse_mean']:.4f} {res['val_mse']}")
    best = min(range(len(trials)), key=lambda i: trials[i]["val_mse_mean"])
    trials[best]["chosen"] = True
    return RELU_SGD_RATES[best], trials


def ablation(final, relu_sgd_rate, data, seeds=SEEDS, log=print):
    """Every ablation row over ``seeds``, then the two HGB references. Returns a list of rows."""
    out = []
    for name, config in ablation_configs(final, relu_sgd_rate):
        res = run_seeds(config, seeds, data)
        log(f"{name}: test {np.mean(res['test_mse']):.4f} val {np.mean(res['val_mse']):.4f}")
        out.append({"name": name, "kind": "mlp_lib", "config": config, "seeds": list(seeds), **res})
    for rows, name in (("all", HGB_NAME), ("fit", HGB_NAME + ", fit rows only")):
        res = run_hgb(data, rows)
        out.append({"name": name, "kind": "reference", "rows": rows,
                    **{k: [v] for k, v in res.items()}})
    return out


# ---- stage 3: other splits ----------------------------------------------------------
def other_splits(final, seeds=SEARCH_SEEDS, random_states=OTHER_SPLITS, log=print):
    """The chosen model (no new tuning) and HGB on other train/test splits."""
    out = []
    for rs in random_states:
        data = GapData(random_state=rs)
        res = run_seeds(final, seeds, data)
        hgb = run_hgb(data, "all")
        log(f"split random_state={rs}: Fourier MLP {np.mean(res['test_mse']):.4f}, "
            f"HGB {hgb['test_mse']:.4f}")
        out.append({"random_state": rs, "seeds": list(seeds), "mlp_lib": res, "hgb": hgb})
    return out


# ---- the check run ----------------------------------------------------------------
def check_run(final, data):
    """The chosen model, seed CHECK_RUN["seed"], only CHECK_RUN["epochs"] epochs, no early
    stopping: validation loss after each epoch and the test MSE. Deterministic."""
    config = dict(final, epochs=CHECK_RUN["epochs"], patience=None)
    X_fit, X_val, X_test, _ = data.inputs(config["features"])
    net, opt = build(config, X_fit.shape[1], CHECK_RUN["seed"])
    history = net.fit(X_fit, data.split.y_train[data.fit_rows], epochs=config["epochs"],
                      batch_size=config["batch_size"], optimizer=opt,
                      weight_decay=config["weight_decay"],
                      validation_data=(X_val, data.split.y_train[data.val_rows]))
    return {"seed": CHECK_RUN["seed"], "epochs": config["epochs"],
            "val_loss": [float(v) for v in history.val_loss],
            "test_mse": data.split.test_mse(net.predict(X_test))}


# ---- the cache ----------------------------------------------------------------------
def experiment_config():
    """Everything in the code that determines the cached numbers, as JSON values."""
    return {
        "split": {"function": "mlp_lib.datasets.california_split", "test_size": 0.2,
                  "random_state": 42},
        "validation": {"fraction": VAL_FRACTION, "seed": VAL_SEED,
                       "function": "mlp_lib.training.validation_rows"},
        "metric": "MSE in original units, ($100,000)^2",
        "seeds": list(SEEDS), "search_seeds": list(SEARCH_SEEDS), "time_limit": TIME_LIMIT,
        "seed_network": SEED_NETWORK, "start": START,
        "search": [[k, v] for k, v in SEARCH],
        "ablation": [[n, c] for n, c in ABLATION], "relu_sgd_rates": RELU_SGD_RATES,
        "other_splits": list(OTHER_SPLITS), "check_run": CHECK_RUN,
    }


def run_all(log=print):
    """All three stages and the check run; the dict that ``write_cache`` stores.

    NumPy's matrix products run on one thread (``threadpool_limits(1)``): on a
    shared 2-core machine a second BLAS thread made training several times slower,
    and the timings are then per core. The numbers do not depend on it.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return _run_all(log)


def _run_all(log):
    data = GapData()
    machine = {"cpu_count": os.cpu_count(), "blas_threads": 1,
               "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    t0 = time.perf_counter()
    final, trials = select(data, log=log)
    eta, relu_trials = choose_relu_sgd_rate(data, log=log)
    rows = ablation(final, eta, data, log=log)
    splits = other_splits(final, log=log)
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    machine["total_seconds"] = round(time.perf_counter() - t0, 1)
    return {
        "about": "Chapter 8 (Closing the gap): search on validation, ablation on test, other "
                 "splits. Regenerate with: python -m mlp_lib.experiments_gap --write-cache",
        "config": experiment_config(),
        "versions": library_versions(),
        "machine": machine,
        "final": final,
        "relu_sgd_rate": eta,
        "search": trials + relu_trials,
        "ablation": rows,
        "other_splits": splits,
        "check_run": check_run(final, data),
    }


def write_cache(results, path=CACHE_PATH):
    text = json.dumps(results, indent=1, ensure_ascii=False)
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]",          # one line per list of numbers
                  lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",\n")) + "]",
                  text)
    if json.loads(text) != json.loads(json.dumps(results)):  # pragma: no cover
        raise RuntimeError("compacting the JSON changed it")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")


def load_cache(path=CACHE_PATH):
    """Read the cache; ValueError if the code's configuration has changed since."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No cached results at {path.name}. Create them with: "
                                f"python -m mlp_lib.experiments_gap --write-cache")
    cache = json.loads(path.read_text())
    if cache.get("config") != json.loads(json.dumps(experiment_config())):
        raise ValueError(f"{path.name} was made with another configuration than "
                         f"mlp_lib.experiments_gap now has. Regenerate it with: "
                         f"python -m mlp_lib.experiments_gap --write-cache")
    return cache


# ---- tables -----------------------------------------------------------------------
def format_ablation(rows, decimals=4):
    """The ablation table as fixed-width text: test MSE mean ± std over seeds."""
    d = decimals
    w = max(len(r["name"]) for r in rows) + 2
    head = (f"{'model':<{w}}{'test MSE':>9}   {'± std':<7}{'val MSE':>9}{'epochs':>8}"
            f"{'seeds':>7}")
    lines = [head, "-" * len(head)]
    for i, r in enumerate(rows):
        test = r["test_mse"]
        m, s = (test[0], None) if len(test) == 1 else mean_std(test)
        std = "" if s is None else f"{s:.{d}f}"
        val = "" if r["val_mse"][0] is None else f"{np.mean(r['val_mse']):.{d}f}"
        epochs = ("" if "epochs" not in r else
                  f"{np.mean(r['epochs']):.0f}")
        if r["kind"] == "reference" and (i == 0 or rows[i - 1]["kind"] != "reference"):
            lines.append("reference:")
        lines.append(f"{r['name']:<{w}}{m:>9.{d}f}   {std:<7}{val:>9}{epochs:>8}{len(test):>7}")
    return "\n".join(lines)


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mlp_lib.experiments_gap",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-cache", action="store_true",
                        help="store the results in book/data/gap_results.json")
    args = parser.parse_args(argv)
    results = run_all()
    print(format_ablation(results["ablation"]))
    if args.write_cache:
        write_cache(results)


if __name__ == "__main__":
    main()
