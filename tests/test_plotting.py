"""Figures are checked through their text fingerprint; show that it sees a changed curve."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from mlp_lib.plotting import describe_figure, plot_activations


def test_fingerprint_changes_when_a_curve_changes():
    fig = plot_activations()
    before = describe_figure(fig)
    line = fig.axes[0].lines[0]
    y = np.array(line.get_ydata(), dtype=float)
    y[100] += 0.01                       # nudge one point of the sigmoid
    line.set_ydata(y)
    assert describe_figure(fig) != before
    plt.close(fig)


def test_fingerprint_is_stable_and_ignores_float_noise():
    a = describe_figure(plot_activations())
    b = describe_figure(plot_activations())
    assert a == b and "e-16" not in a and "e-17" not in a
    assert "'sigmoid(z)'" in a and "max=0.25" in a
    plt.close("all")


def test_fingerprint_covers_scatter_and_images():
    fig, (ax1, ax2) = plt.subplots(1, 2)
    ax1.scatter([1, 2, 3], [4, 5, 6], c=[0.1, 0.2, 0.3])
    ax2.imshow(np.arange(6.0).reshape(2, 3))
    text = describe_figure(fig)
    assert "scatter n=3" in text and "image (2, 3)" in text
    plt.close(fig)
