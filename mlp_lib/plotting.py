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
        if not (ax.lines or ax.images or ax.collections or ax.patches):
            continue
        lines.append(f"axes {i} {ax.get_title()!r}:")
        for art in ax.get_children():
            if isinstance(art, Line2D) and art.get_transform() == ax.transData:
                x, y = art.get_xdata(), art.get_ydata()
                lines.append(f"  line {art.get_label()!r}: n={np.size(y)} x {_stats(x)}; y {_stats(y)}")
            elif isinstance(art, AxesImage):
                a = art.get_array()
                lines.append(f"  image {tuple(np.shape(a))}: {_stats(a)}")
            elif isinstance(art, PathCollection):
                xy = np.asarray(art.get_offsets())
                c = art.get_array()
                colour = f"; colour {_stats(c)}" if c is not None else ""
                lines.append(f"  scatter n={len(xy)}: x {_stats(xy[:, 0])}; y {_stats(xy[:, 1])}{colour}")
        bars = [p.get_height() for p in ax.patches if hasattr(p, "get_height")]
        if bars:
            lines.append(f"  bars n={len(bars)}: height {_stats(bars)}")
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
