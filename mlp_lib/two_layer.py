"""The source notebook's two-layer network, written equation by equation.

``MLP`` handles any depth with a loop over layers; this module spells out the
two-layer case so that each line can be read against one equation: ``forward``
against the forward-pass chapter (eq-z1 to eq-y), ``backward`` against the
backpropagation chapter (eq-dz2 to eq-db1). Both work on a batch: X has shape
(N, n), one row per sample, so the book's column form z₁ = W₁x + b₁ appears as
Z₁ = X W₁ᵀ + 1b₁ᵀ, and ∂L/∂W₂ = ∂L/∂z₂ a₁ᵀ as dZ2.T @ A1 (summed over samples).
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


def backward(X, Z1, A1, Z2, W2, dY, hidden_activation="sigmoid",
             output_activation="identity"):
    """Backward pass of an n → m → k network: from ∂L/∂Y to the parameter gradients.

    X (N, n): the input. Z1 (N, m), A1 (N, m), Z2 (N, k): what ``forward`` returned.
    W2 (k, m): the output weights (∂L/∂a₁ needs them).
    dY: ∂L/∂Y, shape (N, k), e.g. ``mlp_lib.losses.mse_loss_grad(Y, T)``.
    Returns dW1 (m, n), db1 (m,), dW2 (k, m), db2 (k,), each shaped like its parameter.

    The book writes one sample as a column; here row i of dZ2 is (∂L/∂z₂ of sample
    i)ᵀ. So ``dZ2.T @ A1``, (k, N)(N, m), adds up the outer products ∂L/∂z₂ a₁ᵀ of
    all samples; ``sum(axis=0)`` adds up the rows; and ``dZ2 @ W2``, (N, k)(k, m),
    is W₂ᵀ ∂L/∂z₂ for every row at once.
    """
    sigma_prime = get_activation(hidden_activation, "hidden_activation").df
    sigma_out_prime = get_activation(output_activation, "output_activation").df
    # Shapes: dY, dZ2 (N, k); dW2 (k, m); db2 (k,); dZ1 (N, m); dW1 (m, n); db1 (m,)
    dZ2 = dY * sigma_out_prime(Z2)      # eq-dz2: ∂L/∂z₂ = ∂L/∂y ∘ σ′(z₂)
    dW2 = dZ2.T @ A1                    # eq-dW2: ∂L/∂W₂ = ∂L/∂z₂ a₁ᵀ
    db2 = dZ2.sum(axis=0)               # eq-db2: ∂L/∂b₂ = ∂L/∂z₂
    dZ1 = (dZ2 @ W2) * sigma_prime(Z1)  # eq-dz1: ∂L/∂z₁ = (W₂ᵀ ∂L/∂z₂) ∘ σ′(z₁)
    dW1 = dZ1.T @ X                     # eq-dW1: ∂L/∂W₁ = ∂L/∂z₁ xᵀ
    db1 = dZ1.sum(axis=0)               # eq-db1: ∂L/∂b₁ = ∂L/∂z₁
    return dW1, db1, dW2, db2
