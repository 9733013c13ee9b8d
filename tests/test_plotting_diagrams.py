"""The chapter 2 and 3 figures: describe_diagram sees what describe_figure does not."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from mlp_lib.plotting import (describe_diagram, describe_figure, plot_computational_graph,
                              plot_gradient_by_layer, plot_loss_surface)


def _bowl(t):
    return (lambda p: 0.5 * float(np.sum((p - t) ** 2))), (lambda p: p - t)


def test_loss_surface_fingerprint_sees_the_gradient_arrows():
    t = np.array([0.5, -0.5])
    loss, grad = _bowl(t)
    fig = plot_loss_surface(loss, grad, (-2, 2), (-2, 2), n_grid=21, n_arrows=5, marks={"t": t})
    assert "image (21, 21)" in describe_figure(fig) and "scatter n=1" in describe_figure(fig)
    before = describe_diagram(fig)
    assert "arrows n=25" in before
    # A wrong gradient (sign flipped) draws the same surface but different arrows.
    fig2 = plot_loss_surface(loss, lambda p: -grad(p), (-2, 2), (-2, 2), n_grid=21, n_arrows=5)
    assert describe_diagram(fig2) != before
    plt.close("all")


def test_computational_graph_fingerprint_follows_the_shapes():
    symbolic = describe_diagram(plot_computational_graph())
    assert "annotation arrows n=18" in symbolic and "texts n=" in symbolic
    assert describe_diagram(plot_computational_graph()) == symbolic      # deterministic
    assert describe_diagram(plot_computational_graph(2, 3, 1, 4)) != symbolic
    plt.close("all")


def test_gradient_by_layer_draws_one_bar_per_layer_and_activation():
    fig = plot_gradient_by_layer({"sigmoid": [1e-3, 1e-2, 1e-1], "tanh": [0.1, 0.1, 0.2]})
    assert "bars n=6" in describe_figure(fig)
    assert fig.axes[0].get_yscale() == "log"
    plt.close(fig)
