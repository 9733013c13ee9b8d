"""Exercises of chapter 8, "Closing the gap" (lab 08): one Adam step, Fourier features.

``adam_step`` is a pure function: it returns the new θ, m and v and leaves its
inputs alone (``mlp_lib.optimizers.Adam`` does the same arithmetic in place).
``fourier_features`` maps one coordinate per sample to its 2K Fourier features,
with the layout of ``mlp_lib.features.fourier_features`` for a 1-D input.
"""
import numpy as np

from .cases import rng
from .registry import Exercise, Mistake, Output, register


# ---------------------------------------------------------------------------
# adam-step
# ---------------------------------------------------------------------------
def adam_step(theta, g, m, v, t, learning_rate, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g                         # eq-gap-adam-m
    v = beta2 * v + (1 - beta2) * g * g                     # eq-gap-adam-v
    m_hat = m / (1 - beta1 ** t)                            # eq-gap-adam-hat
    v_hat = v / (1 - beta2 ** t)                            # eq-gap-adam-hat
    theta = theta - learning_rate * m_hat / (np.sqrt(v_hat) + eps)  # eq-gap-adam-update
    return theta, m, v


# One case per seed: (shape of θ, step number t, ε). The first case is a later step
# (t = 3), so every wrong power of β shows; the second is the very first step, where
# m = v = 0; ε is large enough in the first two cases that where it sits matters.
ADAM_CASES = ((3, 4), 3, 1e-3), ((2, 5), 1, 1e-2), ((4, 3), 12, 1e-8)
ADAM_RATES = (0.01, 0.05, 0.001)


def _adam_args(seed):
    shape, t, eps = ADAM_CASES[seed % 3]
    r = rng(seed, "adam-step")
    theta = r.normal(size=shape)
    g = r.normal(0.0, 0.02, size=shape)
    if t == 1:
        m, v = np.zeros(shape), np.zeros(shape)
    else:  # the state after t − 1 earlier steps with gradients of about this size
        m = r.normal(0.0, 0.01, size=shape) * (1 - 0.9 ** (t - 1))
        v = r.uniform(1e-4, 6e-4, size=shape) * (1 - 0.999 ** (t - 1))
    return theta, g, m, v, t, ADAM_RATES[seed % 3], 0.9, 0.999, eps


def _adam_describe(args):
    theta, _, m, _, t, eta, b1, b2, eps = args
    start = ", m = v = 0 (the first step)" if not np.any(m) else ""
    return f"θ of shape {theta.shape}, step t = {t}{start}, η = {eta}, β₁ = {b1}, β₂ = {b2}, ε = {eps:g}"


def _adam_variant(m_rule=None, v_rule=None, m_hat_rule=None, v_hat_rule=None, update=None):
    """A wrong adam_step: each rule replaces one line of the reference."""
    def wrong(theta, g, m, v, t, eta, b1, b2, eps):
        m = (b1 * m + (1 - b1) * g) if m_rule is None else m_rule(g, m, b1, b2)
        v = (b2 * v + (1 - b2) * g * g) if v_rule is None else v_rule(g, v, b1, b2)
        m_hat = m / (1 - b1 ** t) if m_hat_rule is None else m_hat_rule(m, t, b1, b2)
        v_hat = v / (1 - b2 ** t) if v_hat_rule is None else v_hat_rule(v, t, b1, b2)
        step = m_hat / (np.sqrt(v_hat) + eps) if update is None else update(m_hat, v_hat, eps)
        return theta - eta * step, m, v
    return wrong


def _adam_sign(theta, g, m, v, t, eta, b1, b2, eps):
    new_theta, m, v = adam_step(theta, g, m, v, t, eta, b1, b2, eps)
    return 2 * theta - new_theta, m, v


ADAM_MISTAKES = (
    Mistake("bias correction missing",
            _adam_variant(m_hat_rule=lambda m, t, b1, b2: m, v_hat_rule=lambda v, t, b1, b2: v),
            "{name} is what you get without bias correction: the step used m and v themselves. "
            "Both start at 0, so in the first steps they are far too small; divide m by "
            "1 − β₁ᵗ and v by 1 − β₂ᵗ before the update (eq-gap-adam-hat).", ("theta",)),
    Mistake("bias correction of m missing", _adam_variant(m_hat_rule=lambda m, t, b1, b2: m),
            "{name}: m was used without its bias correction. Divide m by 1 − β₁ᵗ "
            "(eq-gap-adam-hat).", ("theta",)),
    Mistake("bias correction of v missing", _adam_variant(v_hat_rule=lambda v, t, b1, b2: v),
            "{name}: v was used without its bias correction. Divide v by 1 − β₂ᵗ "
            "(eq-gap-adam-hat).", ("theta",)),
    Mistake("β to the power t − 1",
            _adam_variant(m_hat_rule=lambda m, t, b1, b2: m / (1 - b1 ** (t - 1)),
                          v_hat_rule=lambda v, t, b1, b2: v / (1 - b2 ** (t - 1))),
            "{name}: the bias correction used β^(t−1). t counts the steps *including* this "
            "one (t = 1 on the first step), so the corrections are 1 − β₁ᵗ and 1 − β₂ᵗ "
            "(eq-gap-adam-hat).", ("theta",)),
    Mistake("β to the power t + 1",
            _adam_variant(m_hat_rule=lambda m, t, b1, b2: m / (1 - b1 ** (t + 1)),
                          v_hat_rule=lambda v, t, b1, b2: v / (1 - b2 ** (t + 1))),
            "{name}: the bias correction used β^(t+1). t is already this step's number "
            "(t = 1 on the first step): the corrections are 1 − β₁ᵗ and 1 − β₂ᵗ "
            "(eq-gap-adam-hat).", ("theta",)),
    Mistake("divided by βᵗ instead of 1 − βᵗ",
            _adam_variant(m_hat_rule=lambda m, t, b1, b2: m / b1 ** t,
                          v_hat_rule=lambda v, t, b1, b2: v / b2 ** t),
            "{name}: m and v were divided by βᵗ. The weight that the running averages are "
            "missing after t steps is βᵗ, so what they *have* is 1 − βᵗ: divide by that "
            "(eq-gap-adam-hat).", ("theta",)),
    Mistake("square root missing", _adam_variant(update=lambda mh, vh, eps: mh / (vh + eps)),
            "{name}: the step divided by v̂ instead of √v̂. v̂ estimates the mean *squared* "
            "gradient; its square root has the units of the gradient, which is what makes "
            "the step size about η (eq-gap-adam-update).", ("theta",)),
    Mistake("ε inside the square root", _adam_variant(update=lambda mh, vh, eps: mh / np.sqrt(vh + eps)),
            "{name}: ε was added inside the square root. In eq-gap-adam-update ε is added "
            "after it, to √v̂; that is what keeps the division safe when v̂ is tiny.", ("theta",)),
    Mistake("ε added to the step", _adam_variant(update=lambda mh, vh, eps: mh / np.sqrt(vh) + eps),
            "{name}: ε was added to the whole quotient instead of to the denominator √v̂ "
            "(eq-gap-adam-update).", ("theta",)),
    Mistake("wrong sign", _adam_sign,
            "{name} moved uphill: the step was added. Like gradient descent, Adam steps "
            "against m̂, the average gradient (eq-gap-adam-update).", ("theta",)),
    Mistake("β₁ and β₂ swapped",
            _adam_variant(m_rule=lambda g, m, b1, b2: b2 * m + (1 - b2) * g,
                          v_rule=lambda g, v, b1, b2: b1 * v + (1 - b1) * g * g),
            "{name}: β₁ and β₂ are swapped. β₁ (0.9, short memory) averages the gradients "
            "into m (eq-gap-adam-m); β₂ (0.999, long memory) averages their squares into v "
            "(eq-gap-adam-v)."),
    Mistake("(1 − β) factor missing",
            _adam_variant(m_rule=lambda g, m, b1, b2: b1 * m + g,
                          v_rule=lambda g, v, b1, b2: b2 * v + g * g),
            "{name}: the new gradient was added with weight 1 instead of 1 − β. A running "
            "average mixes old and new with weights β and 1 − β, which add up to 1 "
            "(eq-gap-adam-m, eq-gap-adam-v)."),
    Mistake("v averages g instead of g²", _adam_variant(v_rule=lambda g, v, b1, b2: b2 * v + (1 - b2) * g),
            "{name}: v averaged the gradient itself. v is the running mean of the *squared* "
            "gradient g ∘ g, entry by entry (eq-gap-adam-v).", ("v",)),
)

register(Exercise(
    id="adam-step",
    title="One step of Adam",
    lab="08-closing-the-gap-lab",
    function_name="adam_step",
    parameters=("theta", "g", "m", "v", "t", "learning_rate", "beta1", "beta2", "eps"),
    returns=(Output("theta", like="theta", eq="eq-gap-adam-update"),
             Output("m", like="theta", eq="eq-gap-adam-m"),
             Output("v", like="theta", eq="eq-gap-adam-v")),
    doc="""One Adam step for one parameter array (eq-gap-adam-m to eq-gap-adam-update).

theta: the parameter; g: its gradient ∂L/∂θ; m, v: the running averages
after the previous step (zeros before the first), all of the same shape.
t: the number of this step (1 for the first); learning_rate: η;
beta1, beta2: β₁, β₂; eps: ε.
Return (new_theta, new_m, new_v) as new arrays; do not change the inputs.""",
    reference=adam_step,
    make_args=_adam_args,
    describe=_adam_describe,
    mistakes=ADAM_MISTAKES,
))


# ---------------------------------------------------------------------------
# fourier-features
# ---------------------------------------------------------------------------
def fourier_features(u, frequencies):
    angles = 2 * np.pi * np.outer(u, frequencies)           # (N, K): 2π f_k u_i
    return np.hstack([np.sin(angles), np.cos(angles)])     # eq-gap-fourier: [sin | cos], (N, 2K)


# (N, frequencies): N never equals K or 2K, so a transposed table always shows.
FOURIER_CASES = ((5, (0.5, 1.0, 2.0)), (7, (0.25, 4.0)), (3, (0.5, 1.0, 2.0, 8.0)))


def _fourier_args(seed):
    n, freqs = FOURIER_CASES[seed % 3]
    u = rng(seed, "fourier-features").uniform(32.5, 42.0, size=n)   # latitudes, in degrees
    return u, np.array(freqs)


def _fourier_describe(args):
    u, f = args
    return f"u of shape {u.shape} (latitudes in degrees), frequencies {f.tolist()} cycles per degree"


def _angles(u, f, scale=lambda u, f: 2 * np.pi * np.outer(u, f)):
    return scale(u, f)


def _blocks(first, second, angles=_angles):
    return lambda u, f: np.hstack([first(angles(u, f)), second(angles(u, f))])


FOURIER_MISTAKES = (
    Mistake("sin and cos swapped", _blocks(np.cos, np.sin),
            "{name}: the cosines come first. The layout is all K sines, then all K "
            "cosines: [sin(2π f₁u), …, sin(2π f_K u), cos(2π f₁u), …] (eq-gap-fourier)."),
    Mistake("2π missing", _blocks(np.sin, np.cos, lambda u, f: _angles(u, f, lambda u, f: np.outer(u, f))),
            "{name}: the angle is f·u, without 2π. f counts whole cycles per unit of u, and "
            "one cycle of sin is 2π radians (eq-gap-fourier)."),
    Mistake("π instead of 2π", _blocks(np.sin, np.cos, lambda u, f: _angles(u, f, lambda u, f: np.pi * np.outer(u, f))),
            "{name}: the angle is π f u; one cycle is 2π radians, so it is 2π f u "
            "(eq-gap-fourier)."),
    Mistake("divided by the frequency", _blocks(np.sin, np.cos,
                                                lambda u, f: _angles(u, f, lambda u, f: 2 * np.pi * np.outer(u, 1 / f))),
            "{name}: u was divided by f. f is a frequency (cycles per degree), so it "
            "multiplies u; 1/f is the wavelength (eq-gap-fourier)."),
    Mistake("u converted to radians", _blocks(np.sin, np.cos,
                                              lambda u, f: _angles(u, f, lambda u, f: 2 * np.pi * np.outer(np.deg2rad(u), f))),
            "{name}: u was converted to radians. The frequencies are in cycles per degree, "
            "so u stays in degrees; the 2π turns cycles into radians (eq-gap-fourier)."),
    Mistake("sin and cos interleaved",
            lambda u, f: np.stack([np.sin(_angles(u, f)), np.cos(_angles(u, f))], axis=2).reshape(len(u), -1),
            "{name}: sines and cosines alternate (sin f₁, cos f₁, sin f₂, …). The columns "
            "hold all K sines first, then all K cosines (eq-gap-fourier)."),
    Mistake("only the sines", lambda u, f: np.sin(_angles(u, f)),
            "{name} has only the K sine columns. Each frequency gives two features, a sine "
            "and a cosine, so the table is N × 2K (eq-gap-fourier)."),
    Mistake("stacked as rows", lambda u, f: np.vstack([np.sin(_angles(u, f)), np.cos(_angles(u, f))]),
            "{name}: the sine and cosine blocks were stacked on top of each other (2N rows). "
            "Each sample keeps one row; the blocks go side by side, as columns "
            "(eq-gap-fourier)."),
)

register(Exercise(
    id="fourier-features",
    title="Fourier features of a coordinate",
    lab="08-closing-the-gap-lab",
    function_name="fourier_features",
    parameters=("u", "frequencies"),
    returns=Output("gamma", like="the table [sines | cosines], one row per sample", eq="eq-gap-fourier"),
    doc="""Fourier features γ(u) of one coordinate, for every sample (eq-gap-fourier).

u: (N,) the coordinate of each sample (e.g. latitude, in degrees).
frequencies: (K,) frequencies f_k in cycles per unit of u.
Return gamma, shape (N, 2K): columns sin(2π f_1 u), …, sin(2π f_K u),
then cos(2π f_1 u), …, cos(2π f_K u).""",
    reference=fourier_features,
    make_args=_fourier_args,
    describe=_fourier_describe,
    mistakes=FOURIER_MISTAKES,
))
