"""Time mlp_lib against scikit-learn and the source notebook's loop, side by side.

    python -m mlp_lib.bench               # 100 epochs, 3 repeats (about a minute)
    python -m mlp_lib.bench --quick       # a few epochs, for a smoke test

All three train the source notebook's network on California housing (the
course's split): 8-20-10-1, sigmoid hidden layers, linear output, minibatches
of 32 rows in order (no shuffling), learning rate 0.1, plain SGD. They run in
one process, alternating (a), (b), (c) within every repeat, so that a change in
the machine's load hits all three alike; the report gives the median.

(a) ``MLP.fit`` of mlp_lib;
(b) scikit-learn's ``MLPRegressor(solver="sgd")`` set up to do the same work
    (no momentum, no L2 penalty, no early stopping, every epoch run);
(c) ``mlp_lib.seed_port.SeedNN``, a faithful port of the source notebook's loop.
"""
import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import _validation as check

LAYERS = [8, 20, 10, 1]
BATCH_SIZE = 32
LEARNING_RATE = 0.1
NAMES = {
    "a": "mlp_lib MLP.fit",
    "b": "scikit-learn MLPRegressor(sgd)",
    "c": "seed notebook port (SeedNN)",
}


@dataclass
class BenchResult:
    """Timings of one benchmark run.

    seconds[key]: wall-clock seconds of each repeat, for key in "a", "b", "c".
    cpu_seconds[key]: the CPU time of this process in the same runs: unlike the
    wall clock, it does not count the time other programs had the processor.
    predict_rows_per_s[key]: median prediction throughput on the whole test set.
    test_mse[key]: test MSE (original units) after the last repeat, to show that
    all three learned.
    blas_gflops: what BLAS achieves on one large product (see ``blas_gflops``).
    """

    epochs: int
    repeats: int
    n_train: int
    n_test: int
    dtype: str
    seconds: dict = field(default_factory=dict)
    cpu_seconds: dict = field(default_factory=dict)
    predict_rows_per_s: dict = field(default_factory=dict)
    test_mse: dict = field(default_factory=dict)
    blas_gflops: float = float("nan")

    def ms_per_epoch(self, key):
        """Median over the repeats, in milliseconds per epoch."""
        return 1000 * statistics.median(self.seconds[key]) / self.epochs

    def cpu_ms_per_epoch(self, key):
        """Median CPU time over the repeats, in milliseconds per epoch."""
        return 1000 * statistics.median(self.cpu_seconds[key]) / self.epochs

    def ratio(self, key, other, cpu=False):
        per_epoch = self.cpu_ms_per_epoch if cpu else self.ms_per_epoch
        return per_epoch(key) / per_epoch(other)


def flops_per_epoch(layer_sizes=LAYERS, n_rows=16512):
    """Floating-point operations of the matrix products in one epoch.

    Forward: Z_l = A_{l-1} W_lᵀ costs 2·N·n_{l-1}·n_l (a multiply and an add per
    term). Backward: ∂L/∂W_l and ∂L/∂A_{l-1} are two products of the same size,
    so twice that (minus ∂L/∂A_0, which nobody needs; counted anyway, as the
    usual rule of thumb does). Returns (forward, backward, total).
    """
    per_row = sum(n_in * n_out for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]))
    forward = 2 * n_rows * per_row              # eq-flops-layer, summed over the layers
    return forward, 2 * forward, 3 * forward    # eq-flops-epoch: 6 N Σ n_{l-1} n_l in all


def blas_gflops(n=1000, repeats=3, dtype=np.float64):
    """GFLOP/s of one n×n by n×n matrix product (2n³ FLOPs), the fastest of ``repeats``:
    what BLAS reaches when the matrices are large enough to hide every overhead."""
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((n, n)).astype(dtype), rng.standard_normal((n, n)).astype(dtype)
    best = min(_time(lambda: A.dot(B))[0] for _ in range(repeats))
    return 2 * n ** 3 / best / 1e9


def machine_description():
    """Lines that say what the numbers were measured on."""
    import sklearn

    lines = [
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, numpy {np.__version__}, scikit-learn {sklearn.__version__}",
    ]
    try:
        from threadpoolctl import threadpool_info

        blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        # numpy's own BLAS first: scipy may load a second copy, which mlp_lib does not use
        blas.sort(key=lambda i: "numpy" not in str(i.get("filepath", "")))
        for i in blas[:1]:
            lines.append(f"BLAS (numpy's): {i.get('internal_api')} {i.get('version')}, "
                         f"kernel {i.get('architecture')}, {i.get('num_threads')} threads")
    except ImportError:
        lines.append("BLAS: unknown (threadpoolctl is not installed)")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if os.environ.get(var):
            lines.append(f"environment: {var}={os.environ[var]}")
    if hasattr(os, "getloadavg"):
        lines.append("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return lines


def _sklearn_model(epochs):
    from sklearn.neural_network import MLPRegressor

    return MLPRegressor(
        hidden_layer_sizes=tuple(LAYERS[1:-1]), activation="logistic", solver="sgd",
        batch_size=BATCH_SIZE, learning_rate="constant", learning_rate_init=LEARNING_RATE,
        momentum=0.0, nesterovs_momentum=False, alpha=0.0, early_stopping=False,
        shuffle=False, max_iter=epochs, n_iter_no_change=epochs + 1, tol=0.0,
        random_state=0,
    )


def _time(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _time_both(fn):
    """(wall-clock seconds, CPU seconds of this process) of fn()."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _throughput(predict, X, repeats=15):
    times = [_time(lambda: predict(X))[0] for _ in range(repeats)]
    return len(X) / statistics.median(times)


def run(epochs=100, repeats=3, dtype=np.float64, split=None, seed=0):
    """Run the benchmark; returns a BenchResult. ``split``: a HousingSplit (loaded if None)."""
    from sklearn.exceptions import ConvergenceWarning

    from .datasets import california_split
    from .network import MLP
    from .seed_port import SeedNN

    epochs = check.check_positive_int(epochs, "epochs")
    repeats = check.check_positive_int(repeats, "repeats")
    split = california_split() if split is None else split
    X, t = split.X_train, split.y_train
    T = t.reshape(-1, 1)
    result = BenchResult(epochs, repeats, len(X), len(split.X_test), np.dtype(dtype).name,
                         {k: [] for k in NAMES}, {k: [] for k in NAMES})
    for _ in range(repeats):
        times = {}
        # (a) mlp_lib
        net = MLP(LAYERS, hidden_activation="sigmoid", output_activation="identity",
                  seed=seed, dtype=dtype)
        times["a"] = _time_both(lambda: net.fit(X, t, epochs=epochs, batch_size=BATCH_SIZE,
                                                learning_rate=LEARNING_RATE, shuffle=False))
        # (b) scikit-learn, the same work. With max_iter=epochs it warns that it
        # "did not converge": we ask for exactly that many epochs, so silence it.
        model = _sklearn_model(epochs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            times["b"] = _time_both(lambda: model.fit(X, t))
        # (c) the source notebook's loop, from the same initial weights as (a)
        start = MLP(LAYERS, seed=seed)
        seed_nn = SeedNN(start.weights, start.biases, LEARNING_RATE, BATCH_SIZE)
        times["c"] = _time_both(lambda: [seed_nn.fit_epoch(X, T) for _ in range(epochs)])
        for key, (wall, cpu) in times.items():
            result.seconds[key].append(wall)
            result.cpu_seconds[key].append(cpu)

    X_test = split.X_test
    X_test_a = X_test.astype(net.dtype)
    predictors = {"a": (net._predict, X_test_a), "b": (model.predict, X_test),
                  "c": (seed_nn.predict, X_test)}
    for key, (predict, data) in predictors.items():
        result.predict_rows_per_s[key] = _throughput(predict, data)
        result.test_mse[key] = split.test_mse(predict(data))
    result.blas_gflops = blas_gflops(dtype=dtype)
    return result


def time_batch_parts(batch_size=BATCH_SIZE, number=1000, repeats=5, seed=0):
    """Microseconds that one training step on one batch spends in each of its parts.

    Times, on a random batch of the benchmark's shape, the forward pass, the loss
    with ∂L/∂Y, the backward pass (into the gradient vector, as in training) and the
    SGD step on θ (eq-sgd-theta), each ``number`` times; returns {part: µs per call},
    the fastest of ``repeats`` rounds (the least disturbed by other programs).
    """
    import timeit

    from .network import MLP
    from .optimizers import SGD

    net = MLP(LAYERS, seed=seed)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch_size, LAYERS[0]))
    T = rng.standard_normal((batch_size, LAYERS[-1]))
    Z, A = net.forward(X)
    dY = (A[-1] - T) / batch_size
    sgd = SGD(1e-12)         # a tiny η: thousands of steps leave the weights as they were

    def loss_and_dY():       # as in MLP._loss_and_gradients
        E = A[-1] - T
        return 0.5 * float(np.vdot(E, E)) / len(E), E / len(E)

    parts = {
        "forward": lambda: net.forward(X),
        "loss and ∂L/∂Y": loss_and_dY,
        "backward": lambda: net.backward(Z, A, dY, net._gradient_views),
        "SGD step": lambda: sgd.step_vector(net._theta, net._gradient),
    }
    return {name: 1e6 * min(timeit.repeat(fn, number=number, repeat=repeats)) / number
            for name, fn in parts.items()}


def time_batch_sizes(batch_sizes=(8, 32, 128, 512, 2048), split=None, epochs=1, repeats=2, seed=0):
    """ms per epoch of ``MLP.fit`` (no shuffling) for each batch size: the fastest of
    ``repeats`` runs of ``epochs`` epochs. Returns {batch_size: ms per epoch}."""
    from .datasets import california_split
    from .network import MLP

    split = california_split() if split is None else split
    times = {}
    for batch_size in batch_sizes:
        runs = []
        for _ in range(repeats):
            net = MLP(LAYERS, seed=seed)
            seconds, _ = _time(lambda: net.fit(split.X_train, split.y_train, epochs=epochs,
                                               batch_size=batch_size, shuffle=False))
            runs.append(1000 * seconds / epochs)
        times[batch_size] = min(runs)
    return times


def _plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def report(result, machine=True):
    """The benchmark's printout, as a list of lines."""
    forward, backward, total = flops_per_epoch(LAYERS, result.n_train)
    lines = [
        f"California housing: {result.n_train} training rows, {result.n_test} test rows; "
        f"network {'-'.join(map(str, LAYERS))}, sigmoid hidden, linear output; "
        f"batch {BATCH_SIZE}, learning rate {LEARNING_RATE}, no shuffling; dtype {result.dtype} for (a)",
        f"{_plural(result.epochs, 'epoch')}, {_plural(result.repeats, 'repeat')} "
        f"of (a), (b), (c) in turn; median of the repeats",
    ]
    if machine:
        lines += machine_description()
    lines.append("")
    lines.append(f"{'':36}{'ms/epoch':>10}{'min':>9}{'max':>9}{'CPU ms':>9}"
                 f"{'predict rows/s':>16}{'test MSE':>10}")
    for key, name in NAMES.items():
        per_epoch = [1000 * s / result.epochs for s in result.seconds[key]]
        lines.append(f"({key}) {name:<32}{result.ms_per_epoch(key):>10.1f}{min(per_epoch):>9.1f}"
                     f"{max(per_epoch):>9.1f}{result.cpu_ms_per_epoch(key):>9.1f}"
                     f"{result.predict_rows_per_s[key]:>16,.0f}{result.test_mse[key]:>10.4f}")
    lines.append("(ms/epoch: wall clock, median of the repeats, with their min and max; "
                 "CPU ms: this process's CPU time, median)")
    lines.append("")
    for other in "bc":
        lines.append(f"ratio (a)/({other}): {result.ratio('a', other):.3f} "
                     f"(CPU time: {result.ratio('a', other, cpu=True):.3f})")
    gflops = total / (result.ms_per_epoch("a") / 1000) / 1e9
    lines.append(f"matrix-product FLOPs per epoch: {total / 1e6:.1f} M "
                 f"(forward {forward / 1e6:.1f} M, backward {backward / 1e6:.1f} M); "
                 f"(a) achieves {gflops:.2f} GFLOP/s")
    lines.append(f"BLAS on one 1000×1000 matrix product: {result.blas_gflops:.1f} GFLOP/s")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m mlp_lib.bench",
        description="Time mlp_lib's training loop against scikit-learn's MLPRegressor(solver='sgd') "
                    "and the source notebook's loop on California housing, in one process.")
    parser.add_argument("--epochs", type=int, default=None,
                        help="epochs per timed run (default 100; 5 with --quick)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="alternating repeats of (a), (b), (c); the median is reported "
                             "(default 3; 2 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="a short run (5 epochs, 2 repeats) to check that everything works")
    parser.add_argument("--float32", action="store_true",
                        help="run (a) in float32 instead of float64")
    parser.add_argument("--blas-threads", type=int, default=None, metavar="N",
                        help="limit every BLAS library to N threads (threadpoolctl) during the runs")
    args = parser.parse_args(argv)
    epochs = args.epochs if args.epochs is not None else (5 if args.quick else 100)
    repeats = args.repeats if args.repeats is not None else (2 if args.quick else 3)
    for name, value in (("--epochs", epochs), ("--repeats", repeats)):
        if value < 1:
            parser.error(f"{name} must be an integer ≥ 1; got {value}")
    dtype = np.float32 if args.float32 else np.float64

    if args.blas_threads is not None:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=args.blas_threads, user_api="blas"):
            lines = report(run(epochs, repeats, dtype))
    else:
        lines = report(run(epochs, repeats, dtype))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
