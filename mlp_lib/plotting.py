"""The figures the book shows, and a text fingerprint that lets CI check them.

nbval compares text outputs but not PNG images. Every lab cell that draws a
figure therefore also prints ``describe_figure(fig)``: a short, rounded summary
of the data in each plotted line, image and scatter. If a curve changes, the
summary changes and nbval fails.
"""
import hashlib

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D

from .activations import ACTIVATIONS


def _fmt(v):
    """4 significant digits, after rounding away float noise below 1e-6."""
    return f"{round(float(v), 6) + 0.0:.4g}"


def _stats(values):
    """min, max, mean, and a short hash of all values rounded to 4 decimals.

    The summary numbers are for people; the hash catches a change to any single
    point (a nudge of 0.01 to one point in 200 barely moves the mean)."""
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        return "no finite values"
    digest = hashlib.sha1((np.round(v, 4) + 0.0).tobytes()).hexdigest()[:8]
    return f"min={_fmt(v.min())} max={_fmt(v.max())} mean={_fmt(v.mean())} #{digest}"


def describe_figure(fig):
    """Summarise every axes of ``fig``: its title and, per artist, the count and
    the min, max and mean of the plotted values (4 significant digits)."""
    lines = []
    for i, ax in enumerate(fig.axes):
        found = []
        for art in ax.get_children():
            if isinstance(art, Line2D) and art.get_transform() == ax.transData:
                x, y = art.get_xdata(), art.get_ydata()
                found.append(f"  line {art.get_label()!r}: n={np.size(y)} x {_stats(x)}; y {_stats(y)}")
            elif isinstance(art, AxesImage):
                a = art.get_array()
                found.append(f"  image {tuple(np.shape(a))}: {_stats(a)}")
            elif isinstance(art, PathCollection):
                xy = np.asarray(art.get_offsets())
                c = art.get_array()
                colour = f"; colour {_stats(c)}" if c is not None else ""
                found.append(f"  scatter n={len(xy)}: x {_stats(xy[:, 0])}; y {_stats(xy[:, 1])}{colour}")
        bars = [p.get_height() for p in ax.patches if hasattr(p, "get_height")]
        if bars:
            found.append(f"  bars n={len(bars)}: height {_stats(bars)}")
        if found:  # colour bars and empty panels have nothing to report
            lines += [f"axes {i} {ax.get_title()!r}:"] + found
    return "\n".join(lines)


def plot_activations(names=("sigmoid", "tanh", "relu", "identity"), z=None):
    """One panel per activation: f(z) and f′(z) on z ∈ [−5, 5]. Returns the Figure."""
    z = np.linspace(-5, 5, 201) if z is None else z
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 3), sharex=True,
                             layout="constrained")
    for ax, name in zip(np.atleast_1d(axes), names):
        f, df = ACTIVATIONS[name]
        ax.plot(z, f(z), label=f"{name}(z)")
        ax.plot(z, df(z), "--", label=f"{name}′(z)")
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.set_title(name)
        ax.set_xlabel("z")
        ax.legend(loc="upper left", fontsize=8)
    return fig


# ---- chapters 2 and 3: loss surfaces, the computational graph, gradients per layer ----

def describe_diagram(fig):
    """The parts of a figure that ``describe_figure`` does not summarise: quiver arrows
    (count and rounded statistics of their components), and text labels and annotation
    arrows (their count and a short hash of their text and rounded positions).
    Print it next to ``describe_figure``."""
    from matplotlib.quiver import Quiver
    from matplotlib.text import Annotation

    lines = []
    for i, ax in enumerate(fig.axes):
        quivers = [c for c in ax.collections if isinstance(c, Quiver)]
        arrows = [t for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch is not None]
        labels = [t for t in ax.texts if t not in arrows and t.get_text()]
        if not (quivers or arrows or labels):
            continue
        lines.append(f"axes {i} {ax.get_title()!r}:")
        for q in quivers:
            lines.append(f"  arrows n={q.N}: u {_stats(q.U)}; v {_stats(q.V)}")
        if arrows:
            ends = "|".join(f"{_fmt(a.xyann[0])},{_fmt(a.xyann[1])}>{_fmt(a.xy[0])},{_fmt(a.xy[1])}"
                            for a in arrows)
            lines.append(f"  annotation arrows n={len(arrows)} #{hashlib.sha1(ends.encode()).hexdigest()[:8]}")
        if labels:
            texts = "|".join(f"{t.get_text()}@{_fmt(t.get_position()[0])},{_fmt(t.get_position()[1])}"
                             for t in labels)
            lines.append(f"  texts n={len(labels)} #{hashlib.sha1(texts.encode()).hexdigest()[:8]}")
    return "\n".join(lines)


def plot_loss_surface(loss, grad, xlim, ylim, n_grid=81, n_arrows=9, marks=None,
                      xlabel="$w_1$", ylabel="$w_2$", title="", ax=None):
    """A loss over two parameters: filled contours of L and arrows of its gradient.

    loss(p) -> float and grad(p) -> array of 2, for p = np.array([p1, p2]).
    xlim, ylim: (low, high) of the two parameters. n_grid² points are evaluated for the
    surface and n_arrows² for the arrows. marks: optional {label: (p1, p2)} points to
    mark with a star. Arrows show +∇L (uphill), drawn in the plot's own units so that
    they meet the contour lines at right angles. Returns the Figure.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 4.4), layout="constrained")
    fig = ax.figure
    xs, ys = np.linspace(*xlim, n_grid), np.linspace(*ylim, n_grid)
    surface = np.array([[loss(np.array([x, y])) for x in xs] for y in ys])
    image = ax.imshow(surface, origin="lower", extent=(*xlim, *ylim), cmap="viridis",
                      interpolation="bilinear")
    fig.colorbar(image, ax=ax, shrink=0.85, label="$L$")
    ax.contour(xs, ys, surface, levels=10, colors="white", linewidths=0.6, alpha=0.8)

    px, py = np.meshgrid(np.linspace(*xlim, n_arrows + 2)[1:-1], np.linspace(*ylim, n_arrows + 2)[1:-1])
    g = np.array([grad(np.array([x, y])) for x, y in zip(px.ravel(), py.ravel())])
    spacing = (xlim[1] - xlim[0]) / (n_arrows + 1)
    longest = max(np.hypot(g[:, 0], g[:, 1]).max(), np.finfo(float).tiny)
    ax.quiver(px.ravel(), py.ravel(), g[:, 0], g[:, 1], color="#d62728", angles="xy",
              scale_units="xy", scale=longest / (0.9 * spacing), width=0.007)
    for label, (mx, my) in (marks or {}).items():
        ax.scatter([mx], [my], marker="*", s=180, color="white", edgecolor="black",
                   zorder=3, label=label)
    if marks:
        ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    ax.set_aspect("equal")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return fig


def plot_computational_graph(n="n", m="m", k="k", N="N"):
    """The two-layer network as a computational graph, batched (samples as rows).

    Top: the forward pass (grey), with each node's shape. Bottom: the backward pass
    (red), each gradient with the shape of its variable and the operation that
    produces it. n, m, k, N may be symbols (str) or sizes (int). Returns the Figure.
    """
    fig, ax = plt.subplots(figsize=(9.5, 5.6), layout="constrained")
    ax.set_xlim(-0.9, 11.0)
    ax.set_ylim(-3.0, 3.1)
    ax.axis("off")
    ax.set_title(f"Network {n}→{m}→{k}, batch of {N} rows: forward pass (top), "
                 "backward pass (bottom)")
    fwd = dict(fc="#f2f2f2", ec="0.35")
    par = dict(fc="#e8f0fa", ec="#1f5fa8")
    bwd = dict(fc="#fdecea", ec="#c0392b")

    def node(x, y, text, style):
        return ax.text(x, y, text, ha="center", va="center", fontsize=12,
                       bbox=dict(boxstyle="round,pad=0.4", **style))

    def edge(a, b, colour="0.35", label="", offset=(0.0, 0.17), style="-|>"):
        ax.annotate("", xy=b.get_position(), xytext=a.get_position(),
                    arrowprops=dict(arrowstyle=style, color=colour, lw=1.3,
                                    patchA=a.get_bbox_patch(), patchB=b.get_bbox_patch(),
                                    shrinkA=2, shrinkB=2))
        if label:
            (x0, y0), (x1, y1) = a.get_position(), b.get_position()
            ax.text((x0 + x1) / 2 + offset[0], (y0 + y1) / 2 + offset[1], label, ha="center",
                    va="bottom", fontsize=11, color=colour)

    def s(*dims):  # a shape as NumPy prints it: (N, m) or (m,)
        return "(" + ", ".join(str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"
    # forward row
    X = node(0.0, 1.0, f"$\\mathbf{{X}}$\n{s(N, n)}", fwd)
    Z1 = node(2.2, 1.0, f"$\\mathbf{{Z}}_1$\n{s(N, m)}", fwd)
    A1 = node(4.4, 1.0, f"$\\mathbf{{A}}_1$\n{s(N, m)}", fwd)
    Z2 = node(6.6, 1.0, f"$\\mathbf{{Z}}_2$\n{s(N, k)}", fwd)
    Y = node(8.6, 1.0, f"$\\mathbf{{Y}}$\n{s(N, k)}", fwd)
    L = node(10.3, 1.0, "$L$\nscalar", fwd)
    W1 = node(1.6, 2.55, f"$\\mathbf{{W}}_1$\n{s(m, n)}", par)
    b1 = node(3.0, 2.55, f"$\\mathbf{{b}}_1$\n{s(m)}", par)
    W2 = node(5.9, 2.55, f"$\\mathbf{{W}}_2$\n{s(k, m)}", par)
    b2 = node(7.3, 2.55, f"$\\mathbf{{b}}_2$\n{s(k)}", par)
    T = node(10.3, 2.55, f"$\\mathbf{{T}}$\n{s(N, k)}", fwd)
    edge(X, Z1, label="$\\mathbf{X}\\mathbf{W}_1^\\top + \\mathbf{1}\\mathbf{b}_1^\\top$", offset=(0, 0.35))
    for p in (W1, b1):
        edge(p, Z1)
    edge(Z1, A1, label="$\\sigma$", offset=(0, 0.3))
    edge(A1, Z2, label="$\\mathbf{A}_1\\mathbf{W}_2^\\top + \\mathbf{1}\\mathbf{b}_2^\\top$", offset=(0, 0.35))
    for p in (W2, b2):
        edge(p, Z2)
    edge(Z2, Y, label="$\\sigma_{\\mathrm{out}}$", offset=(0, 0.3))
    edge(Y, L, label="$\\frac{1}{2N}\\|\\mathbf{Y}-\\mathbf{T}\\|^2$", offset=(0, 0.35))
    edge(T, L)
    # backward row: each gradient has the shape of its variable
    red = "#c0392b"
    dY = node(8.6, -0.9, f"$\\partial L/\\partial\\mathbf{{Y}}$\n{s(N, k)}", bwd)
    dZ2 = node(6.6, -0.9, f"$\\partial L/\\partial\\mathbf{{Z}}_2$\n{s(N, k)}", bwd)
    dA1 = node(4.4, -0.9, f"$\\partial L/\\partial\\mathbf{{A}}_1$\n{s(N, m)}", bwd)
    dZ1 = node(2.2, -0.9, f"$\\partial L/\\partial\\mathbf{{Z}}_1$\n{s(N, m)}", bwd)
    dW2 = node(5.9, -2.5, f"$\\partial L/\\partial\\mathbf{{W}}_2$\n{s(k, m)}", bwd)
    db2 = node(7.9, -2.5, f"$\\partial L/\\partial\\mathbf{{b}}_2$\n{s(k)}", bwd)
    dW1 = node(1.2, -2.5, f"$\\partial L/\\partial\\mathbf{{W}}_1$\n{s(m, n)}", bwd)
    db1 = node(3.3, -2.5, f"$\\partial L/\\partial\\mathbf{{b}}_1$\n{s(m)}", bwd)
    for a, b in ((Y, dY), (Z2, dZ2), (A1, dA1), (Z1, dZ1)):  # a variable and its gradient
        (x, y0), (_, y1) = a.get_position(), b.get_position()
        ax.plot([x, x], [y0 - 0.42, y1 + 0.42], ":", color="0.6", lw=1, label="same shape")
    ax.text(0.0, -0.9, "dotted:\nsame shape", ha="center", va="center", fontsize=10, color="0.45")
    edge(L, dY, red, "$(\\mathbf{Y}-\\mathbf{T})/N$", offset=(0.55, -0.1))
    edge(dY, dZ2, red, "$\\circ\\,\\sigma_{\\mathrm{out}}'(\\mathbf{Z}_2)$", offset=(0, 0.3))
    edge(dZ2, dA1, red, "$\\cdot\\,\\mathbf{W}_2$", offset=(0, 0.3))
    edge(dA1, dZ1, red, "$\\circ\\,\\sigma'(\\mathbf{Z}_1)$", offset=(0, 0.3))
    edge(dZ2, dW2, red, "$(\\cdot)^\\top\\mathbf{A}_1$", offset=(-0.55, -0.1))
    edge(dZ2, db2, red, "$(\\cdot)^\\top\\mathbf{1}$", offset=(0.55, -0.1))
    edge(dZ1, dW1, red, "$(\\cdot)^\\top\\mathbf{X}$", offset=(-0.55, -0.1))
    edge(dZ1, db1, red, "$(\\cdot)^\\top\\mathbf{1}$", offset=(0.55, -0.1))
    return fig


def plot_gradient_by_layer(values, ylabel="gradient size"):
    """Grouped bars on a log scale: values[name][l-1] is a positive number for layer l
    (e.g. the root-mean-square of ∂L/∂W_l), one colour per name. Returns the Figure."""
    names = list(values)
    n_layers = max(len(v) for v in values.values())
    fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
    width = 0.8 / len(names)
    for i, name in enumerate(names):
        layers = np.arange(1, len(values[name]) + 1)
        ax.bar(layers + (i - (len(names) - 1) / 2) * width, values[name], width, label=name)
    ax.set_yscale("log")
    ax.set_xticks(np.arange(1, n_layers + 1))
    ax.set_xlabel("layer $l$ (1 = next to the input)")
    ax.set_ylabel(ylabel)
    ax.set_title("Gradient size per layer")
    ax.legend(fontsize=8)
    return fig


# ---- chapter 6: the case study ------------------------------------------------

def plot_train_test_loss(history, title="Loss L per epoch (standardised units)"):
    """Training and test loss per epoch from a ``History`` (chapter 6).

    The test curve (``history.val_loss``) is drawn for illustration only: the
    figure labels it so, because nothing may be chosen from it. Returns the Figure.
    """
    epochs = np.arange(1, history.epochs + 1)
    fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    ax.plot(epochs, history.train_loss, label="training loss (mean over each epoch)")
    if history.val_loss:
        ax.plot(epochs, history.val_loss, "--",
                label="test loss after each epoch (illustration only)")
    ax.set_title(title)
    ax.set_xlabel("epoch")
    ax.set_ylabel("L")
    ax.set_xlim(0, history.epochs + 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def plot_predicted_vs_actual(y_true, predictions, cap=5.0, lim=(-1.5, 7.5)):
    """One panel per model: predicted against actual value in $100,000, with the
    line y = x and a dotted line at the census cap. ``predictions`` maps a model
    name to its predictions in original units. Both axes span ``lim``; a panel's
    title says how many predictions fall outside it. Returns the Figure."""
    y_true = np.asarray(y_true, dtype=float)
    n = len(predictions)
    fig, axes = plt.subplots(1, n, figsize=(3.4 * n, 3.8), sharex=True, sharey=True,
                             layout="constrained", squeeze=False)
    lo, hi = lim
    for ax, (name, y_pred) in zip(axes[0], predictions.items()):
        y_pred = np.asarray(y_pred, dtype=float)
        ax.scatter(y_true, y_pred, s=3, alpha=0.25, linewidths=0, rasterized=True)
        ax.plot([lo, hi], [lo, hi], color="k", lw=1, label="y = x (perfect prediction)")
        ax.axvline(cap, color="tab:red", ls=":", lw=1, alpha=0.7, zorder=0,
                   label=f"cap at {cap:g}")
        outside = int(np.sum((y_pred < lo) | (y_pred > hi)))
        if outside:
            name += f"\n({outside} prediction{'s' if outside > 1 else ''} off the chart)"
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("actual value ($100k)")
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.set_aspect("equal")
    axes[0, 0].set_ylabel("predicted value ($100k)")
    axes[0, 0].legend(loc="upper left", fontsize=8)
    return fig


def plot_error_map(longitude, latitude, errors, vmax=2.0):
    """One panel per model: each test district at its longitude and latitude,
    coloured by the signed error, predicted − actual in $100,000 (red: too high,
    blue: too low), clipped at ±vmax. ``errors`` maps a model name to its errors.
    The largest errors are drawn last, so they stay visible. Returns the Figure."""
    lon, lat = np.asarray(longitude, dtype=float), np.asarray(latitude, dtype=float)
    n = len(errors)
    fig, axes = plt.subplots(1, n, figsize=(3.6 * n + 0.8, 4.2), sharex=True, sharey=True,
                             layout="constrained", squeeze=False)
    for ax, (name, err) in zip(axes[0], errors.items()):
        err = np.asarray(err, dtype=float)
        order = np.argsort(np.abs(err), kind="stable")
        points = ax.scatter(lon[order], lat[order], c=err[order], cmap="RdBu_r",
                            vmin=-vmax, vmax=vmax, s=4, linewidths=0, rasterized=True)
        ax.set_title(name)
        ax.set_xlabel("longitude")
        # one degree of longitude is shorter than one of latitude, by cos(latitude)
        ax.set_aspect(1 / np.cos(np.deg2rad(np.mean(lat))))
    axes[0, 0].set_ylabel("latitude")
    fig.colorbar(points, ax=axes[0].tolist(), shrink=0.8,
                 label="predicted − actual ($100k)", extend="both")
    return fig


# ---- chapter 4: checking gradients ------------------------------------------------

def plot_difference_errors(eps, errors, thresholds=(1e-7, 1e-4)):
    """Relative error of finite-difference derivatives against the step ε (chapter 4).

    eps: 1-D array of steps. errors: dict label → relative errors, one per ε; labels
    containing "central" are drawn solid, others dashed. Both axes show log₁₀ of the
    values (ticks read 10^k), so ``describe_figure`` summarises exponents; an error of
    exactly 0 is drawn at 10^-17. thresholds: grey lines at the gradient check's
    "ok" and "wrong" levels. Returns the Figure."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    fig, ax = plt.subplots(figsize=(7.5, 4.4), layout="constrained")
    log_eps = np.log10(np.asarray(eps, dtype=float))
    for label, err in errors.items():
        style = "-" if "central" in label else "--"
        log_err = np.log10(np.maximum(np.asarray(err, dtype=float), 1e-17))
        ax.plot(log_eps, log_err, style, marker=".", ms=4, label=label)
    for level, text in zip(thresholds, ("ok below", "wrong above")):
        ax.axhline(np.log10(level), color="0.6", lw=0.8, ls=":", zorder=0)
        ax.text(log_eps.min(), np.log10(level), f" {text} {level:g}", color="0.4",
                fontsize=8, va="bottom")
    power_of_ten = FuncFormatter(lambda v, _: f"$10^{{{v:.0f}}}$")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MultipleLocator(2))
        axis.set_major_formatter(power_of_ten)
    ax.set_ylim(-13, 0.5)
    ax.set_xlabel("step ε")
    ax.set_ylabel("relative error against the exact derivative")
    ax.set_title("finite differences: truncation error vs round-off error")
    ax.legend(fontsize=8, loc="lower left")
    return fig


# ---- chapter 5: gradient descent --------------------------------------------------

def plot_history(history, ax=None, title="", label="", color=None):
    """Training loss (solid) and validation loss (dashed) per epoch on a log scale.

    history: a ``mlp_lib.History``. ax: draw into this Axes (else a new figure).
    label: prefix for the legend entries. color: one colour for both curves
    (default: C0 for training, C1 for validation). Returns the Figure."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.6), layout="constrained")
    prefix = f"{label} " if label else ""
    epochs = np.arange(1, history.epochs + 1)
    ax.semilogy(epochs, history.train_loss, color=color or "C0", label=f"{prefix}train")
    if history.val_loss:
        ax.semilogy(epochs, history.val_loss, "--", color=color or "C1",
                    label=f"{prefix}validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss L")
    ax.set_title(title)
    ax.legend(fontsize=8)
    return ax.figure


def plot_fit_snapshots(X, T, x_grid, snapshots):
    """Training points and the network's curve at several moments of training.

    X, T: (N, 1) training data. x_grid: (M,) inputs for the curves.
    snapshots: list of (label, y) with y the prediction on x_grid. Returns the Figure."""
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    ax.scatter(np.ravel(X), np.ravel(T), s=8, color="0.7", label="training data")
    colours = plt.cm.viridis(np.linspace(0.0, 0.85, len(snapshots)))
    for (label, y), c in zip(snapshots, colours):
        ax.plot(np.ravel(x_grid), np.ravel(y), color=c, lw=2, label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("t, y")
    ax.set_title("the fitted curve during training")
    ax.legend(fontsize=8, loc="upper left")
    return fig


def plot_learning_rate_sweep(runs, ylim=(5e-3, 1e3)):
    """Loss curves for several learning rates, and the final loss against η.

    runs: list of (learning_rate, History, diverged) in increasing η. A diverged
    run (TrainingDiverged was raised) ends with a red × at the top of the plot
    in the epoch it failed. Losses beyond ylim are clipped to the plot's edge.
    Returns the Figure."""
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained",
                                  gridspec_kw={"width_ratios": [3, 2]})
    lo, hi = ylim
    colours = plt.cm.plasma(np.linspace(0.0, 0.85, len(runs)))
    finals = []
    for (eta, history, diverged), c in zip(runs, colours):
        loss = np.clip(history.train_loss, lo, hi)
        epochs = np.arange(1, len(loss) + 1)
        ax.semilogy(epochs, loss, color=c, ls="--" if diverged else "-",
                    label=f"η = {eta:g}" + (" (diverged)" if diverged else ""))
        if diverged:  # a leading "_" keeps the marker out of the legend
            ax.semilogy([len(loss) + 1], [hi], "x", color="red", ms=9, mew=2,
                        label=f"_η = {eta:g} diverged in epoch {len(loss) + 1}")
        finals.append(hi if diverged else min(loss[-1], hi))
    ax.set_ylim(lo, hi * 1.5)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss L (clipped)")
    ax.set_title("loss curves")
    ax.legend(fontsize=7, ncol=2)
    etas = [r[0] for r in runs]
    ok = [not r[2] for r in runs]
    ax2.loglog([e for e, k in zip(etas, ok) if k], [f for f, k in zip(finals, ok) if k], "o-",
               label="final loss")
    bad = [e for e, k in zip(etas, ok) if not k]
    if bad:
        ax2.loglog(bad, [hi] * len(bad), "x", color="red", ms=9, mew=2, label="diverged")
    ax2.set_ylim(lo, hi * 1.5)
    ax2.set_xlabel("learning rate η")
    ax2.set_ylabel("loss after the last epoch")
    ax2.set_title("final loss against η")
    ax2.legend(fontsize=8)
    return fig


def plot_batch_noise(batch_sizes, measured, predicted, curves):
    """Minibatch gradient noise against B, and loss curves for a few batch sizes.

    batch_sizes, measured, predicted: the mean squared distance E‖g_B − g‖² between
    a minibatch gradient and the full gradient, measured and from the formula
    σ²/B · (N−B)/(N−1). curves: dict label → loss on all training data after each
    update. Returns the Figure."""
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    ax.loglog(batch_sizes, measured, "o", label="measured")
    ax.loglog(batch_sizes, predicted, "-", color="0.3", lw=1,
              label="formula: σ²/B · (N−B)/(N−1)")
    ax.set_xlabel("batch size B")
    ax.set_ylabel("E‖g_B − g‖²")
    ax.set_title("spread of minibatch gradients")
    ax.legend(fontsize=8)
    for label, loss in curves.items():
        ax2.semilogy(np.arange(1, len(loss) + 1), loss, lw=1, label=label)
    ax2.set_xlabel("update step")
    ax2.set_ylabel("loss on all training data")
    ax2.set_title("loss after each update")
    ax2.legend(fontsize=8)
    return fig


def plot_benchmark(result, parts=None):
    """Speed chapter: ms per epoch of (a) mlp_lib, (b) scikit-learn, (c) the seed
    notebook's loop, one bar each (the median) with a dot per repeat; and, if
    ``parts`` ({part: µs}) is given, where one training step's time goes.
    ``result`` is a ``mlp_lib.bench.BenchResult``. Returns the Figure."""
    from .bench import NAMES

    ncols = 1 if parts is None else 2
    fig, axes = plt.subplots(1, ncols, figsize=(5.5 * ncols, 3.2), layout="constrained",
                             squeeze=False)
    ax = axes[0, 0]
    keys = list(NAMES)
    labels = {"a": "(a) mlp_lib", "b": "(b) scikit-learn", "c": "(c) notebook loop"}
    medians = [result.ms_per_epoch(k) for k in keys]
    ax.bar(range(len(keys)), medians, color=["C0", "C1", "C2"], width=0.6)
    for i, k in enumerate(keys):
        per_epoch = [1000 * s / result.epochs for s in result.seconds[k]]
        ax.scatter([i] * len(per_epoch), per_epoch, color="k", s=12, zorder=3)
    ax.set_xticks(range(len(keys)), [labels.get(k, k) for k in keys])
    ax.set_ylabel("ms per epoch")
    ax.set_title("one epoch (bar: median; dots: repeats)")
    if parts is not None:
        ax2 = axes[0, 1]
        names = list(parts)
        ax2.bar(range(len(names)), [parts[n] for n in names], color="C0", width=0.6)
        ax2.set_xticks(range(len(names)), [n.replace(" and ", "\nand ") for n in names])
        ax2.set_ylabel("µs per batch of 32 rows")
        ax2.set_title("where one training step's time goes")
    return fig


def plot_batch_size_times(ms_per_epoch, compute_ms=None):
    """Speed chapter: ms per epoch against the batch size (log-log), from
    ``{batch_size: ms}``; ``compute_ms``, if given, draws the time the epoch's
    FLOPs alone would take at a large-matrix BLAS speed. Returns the Figure."""
    fig, ax = plt.subplots(figsize=(5.5, 3.4), layout="constrained")
    sizes = sorted(ms_per_epoch)
    ax.loglog(sizes, [ms_per_epoch[b] for b in sizes], "o-", label="measured, mlp_lib")
    if compute_ms is not None:
        ax.axhline(compute_ms, color="0.4", ls="--", lw=1,
                   label="the FLOPs alone, at large-matrix speed")
    ax.set_xlabel("batch size B (rows)")
    ax.set_ylabel("ms per epoch")
    ax.set_title("same FLOPs, fewer batches: time per epoch")
    ax.legend(fontsize=8)
    return fig


# ---- chapter 8: closing the gap --------------------------------------------------

def plot_saturation(activations, threshold=0.05, bins=40):
    """Histograms of sigmoid activations a ∈ (0, 1), one panel per entry of
    ``activations`` (name → array of any shape). Values below ``threshold`` or above
    1 − threshold count as saturated: there σ′ = a(1 − a) < threshold, so little
    gradient passes (eq-sigmoid-prime). Each title gives that fraction. Returns the Figure."""
    n = len(activations)
    fig, axes = plt.subplots(1, n, figsize=(3.6 * n, 3.2), sharey=True, layout="constrained",
                             squeeze=False)
    for ax, (name, a) in zip(axes[0], activations.items()):
        a = np.asarray(a, dtype=float).ravel()
        saturated = np.mean((a < threshold) | (a > 1 - threshold))
        ax.hist(a, bins=bins, range=(0, 1), weights=np.full(a.size, 1 / a.size),
                color="tab:blue", alpha=0.8)
        for x in (threshold, 1 - threshold):
            ax.axvline(x, color="tab:red", ls=":", lw=1)
        ax.set_title(f"{name}\n{saturated:.0%} saturated", fontsize=10)
        ax.set_xlabel("activation a = σ(z)")
    axes[0, 0].set_ylabel("fraction of values")
    return fig


def plot_gradient_norms(norms, ylabel="RMS of the entries of ∂L/∂W_l"):
    """Gradient size per layer during training, one panel per run.

    norms: name → array (epochs, L): row e holds a size of ∂L/∂W_l for each layer l
    during epoch e + 1 (for example the root-mean-square entry, averaged over the
    epoch's minibatches). One line per layer, log scale. Returns the Figure."""
    n = len(norms)
    fig, axes = plt.subplots(1, n, figsize=(4.2 * n, 3.4), sharey=True, layout="constrained",
                             squeeze=False)
    for ax, (name, values) in zip(axes[0], norms.items()):
        values = np.asarray(values, dtype=float)
        for l in range(values.shape[1]):
            ax.plot(np.arange(1, len(values) + 1), values[:, l], label=f"layer {l + 1}")
        ax.set_yscale("log")
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    axes[0, 0].set_ylabel(ylabel)
    axes[0, -1].legend(fontsize=8)
    return fig


def plot_curve_fits(x, t, x_grid, fits, title="", truth=None):
    """1-D data (grey points) and one fitted curve per entry of ``fits`` (name →
    predictions on ``x_grid``); ``truth``, if given, is the noise-free function on
    the grid (dotted). Returns the Figure."""
    fig, ax = plt.subplots(figsize=(7, 3.4), layout="constrained")
    ax.scatter(np.ravel(x), np.ravel(t), s=6, color="0.6", label="training data")
    if truth is not None:
        ax.plot(np.ravel(x_grid), np.ravel(truth), ":", color="k", lw=1, label="true function")
    for name, y in fits.items():
        ax.plot(np.ravel(x_grid), np.ravel(y), lw=1.6, label=name)
    ax.set_title(title)
    ax.set_xlabel("x")
    ax.legend(fontsize=8, loc="upper right")
    return fig


def plot_early_stopping(history, patience, title="Early stopping"):
    """Training loss and validation loss per epoch from a ``History`` trained with
    ``patience``; a dot marks ``history.best_epoch``, whose weights were kept, and the
    shaded band the ``patience`` epochs that followed without improvement. Returns the Figure."""
    epochs = np.arange(1, history.epochs + 1)
    fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    ax.plot(epochs, history.train_loss, label="training loss (mean over each epoch)")
    ax.plot(epochs, history.val_loss, "--", label="validation loss after each epoch")
    best = history.best_epoch
    ax.plot([best], [history.val_loss[best - 1]], "o", color="tab:red",
            label=f"best epoch ({best}): weights kept")
    if history.stopped_early:
        ax.axvspan(best, min(best + patience, history.epochs), color="tab:red", alpha=0.08,
                   label=f"patience: {patience} epochs without improvement")
    ax.set_title(title)
    ax.set_xlabel("epoch")
    ax.set_ylabel("L (standardised units)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def plot_ablation(names, values, reference=None, reference_name="reference"):
    """Horizontal bars: the mean of ``values[i]`` (e.g. test MSE per seed) for each
    model ``names[i]``, top to bottom, with every seed's value as a dot; a dashed line
    at ``reference``. Returns the Figure."""
    n = len(names)
    fig, ax = plt.subplots(figsize=(8, 0.45 * n + 1.4), layout="constrained")
    y = np.arange(n)[::-1]
    means = [float(np.mean(v)) for v in values]
    ax.barh(y, means, height=0.6, color="tab:blue", alpha=0.6)
    for yi, v in zip(y, values):
        ax.scatter(v, np.full(len(v), yi), s=12, color="k", zorder=3)
    if reference is not None:
        ax.axvline(reference, color="tab:red", ls="--", lw=1.2, label=reference_name)
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)
    ax.set_yticks(y)
    ax.set_yticklabels(names, fontsize=9)
    ax.set_xlabel("test MSE, ($100k)²: bar = mean over seeds, dots = seeds")
    ax.set_title("Each fix added in turn")
    return fig
