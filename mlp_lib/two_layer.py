"""The source notebook's two-layer network, written equation by equation.

``MLP`` handles any depth with a loop over layers; this module spells out the
two-layer case so that each line can be read against one equation of the
forward-pass chapter. It works on a batch: X has shape (N, n), one row per
sample, so the book's column form z₁ = W₁x + b₁ appears as Z₁ = X W₁ᵀ + 1b₁ᵀ.
"""
from .activations import get_activation


def forward(X, W1, b1, W2, b2, hidden_activation="sigmoid", output_activation="identity"):
    """Forward pass of an n → m → k network.

    X (N, n); W1 (m, n); b1 (m,); W2 (k, m); b2 (k,).
    Returns Z1 (N, m), A1 (N, m), Z2 (N, k), Y (N, k).
    """
    sigma = get_activation(hidden_activation, "hidden_activation").f
    sigma_out = get_activation(output_activation, "output_activation").f
    Z1 = X @ W1.T + b1      # eq-z1: z₁ = W₁x + b₁
    A1 = sigma(Z1)          # eq-a1: a₁ = σ(z₁)
    Z2 = A1 @ W2.T + b2     # eq-z2: z₂ = W₂a₁ + b₂
    Y = sigma_out(Z2)       # eq-y:  y = σ(z₂)
    return Z1, A1, Z2, Y
