"""Gates in modern networks: LSTM and GRU gates, GLU and its variants, sigmoid attention
and the SigLIP pairwise sigmoid loss.

Each mechanism is written out as a small NumPy function, so that the page's worked
examples are computed from the same code the tests check (against finite differences,
simulations and a second way of computing). The conventions are those of the papers the
page cites: Hochreiter and Schmidhuber's LSTM with Gers et al.'s forget gate, Cho et al.'s
GRU (the update gate multiplies the old state), Dauphin et al.'s GLU, Shazeer's variants,
Ramapuram et al.'s sigmoid attention and Zhai et al.'s Algorithm 1 for SigLIP.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sigmoid_core import log_sigmoid, sigmoid, sigmoid_derivative, softplus
from sigmoid_core.website.content.activations import gelu
from sigmoid_core.website.content.registry import TableData, figure, table, value
from sigmoid_core.website.plotting import BLUE, GREEN, LINE_STYLES, ORANGE, PURPLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Array = np.ndarray


def _sigmoid(x: Array) -> Array:
    return np.asarray(sigmoid(x), dtype=float)


# ---------------------------------------------------------------------------- LSTM


@dataclass(frozen=True)
class LSTMParameters:
    """Weights of one LSTM layer: W_* act on the input x, U_* on the previous output h."""

    w_f: Array
    u_f: Array
    b_f: Array
    w_i: Array
    u_i: Array
    b_i: Array
    w_o: Array
    u_o: Array
    b_o: Array
    w_g: Array
    u_g: Array
    b_g: Array


@dataclass(frozen=True)
class LSTMStep:
    h: Array
    c: Array
    f: Array  # forget gate
    i: Array  # input gate
    o: Array  # output gate
    g: Array  # candidate, tanh(...)


def random_lstm(inputs: int, units: int, seed: int, forget_bias: float = 0.0) -> LSTMParameters:
    """Small random weights (standard deviation 1/2) and a forget-gate bias, for examples."""
    rng = np.random.default_rng(seed)

    def weights(rows: int) -> Array:
        return 0.5 * rng.standard_normal((units, rows))

    def bias() -> Array:
        return 0.5 * rng.standard_normal(units)

    return LSTMParameters(
        weights(inputs), weights(units), forget_bias + np.zeros(units),
        weights(inputs), weights(units), bias(),
        weights(inputs), weights(units), bias(),
        weights(inputs), weights(units), bias(),
    )  # fmt: skip


def lstm_step(x: Array, h: Array, c: Array, p: LSTMParameters) -> LSTMStep:
    """One step of the LSTM with a forget gate (no peepholes): the gates see x and h, not c."""
    f = _sigmoid(p.w_f @ x + p.u_f @ h + p.b_f)
    i = _sigmoid(p.w_i @ x + p.u_i @ h + p.b_i)
    o = _sigmoid(p.w_o @ x + p.u_o @ h + p.b_o)
    g = np.tanh(p.w_g @ x + p.u_g @ h + p.b_g)
    c_new = f * c + i * g
    return LSTMStep(o * np.tanh(c_new), c_new, f, i, o, g)


def lstm_run(xs: Array, h: Array, c: Array, p: LSTMParameters) -> list[LSTMStep]:
    """The steps of the LSTM over the rows of ``xs``, from the state (h, c)."""
    steps = []
    for x in xs:
        step = lstm_step(x, h, c, p)
        steps.append(step)
        h, c = step.h, step.c
    return steps


def memory_length(f: float) -> float:
    """sum over k >= 0 of f^k = 1/(1 - f): the weight a constant gate 0 < f < 1 keeps."""
    return 1.0 / (1.0 - f)


def memory_length_of_bias(bias: float) -> float:
    """1/(1 - sigma(b)) = 1/sigma(-b) = 1 + e^b, the memory length of a gate sigma(b)."""
    return 1.0 + math.exp(bias)


def constant_gate_cell(f: float, steps: int) -> Array:
    """c_t = f c_(t-1) + 1 from c_0 = 0: a cell fed a unit input through a constant gate f."""
    cells = np.zeros(steps + 1)
    for t in range(1, steps + 1):
        cells[t] = f * cells[t - 1] + 1.0
    return cells


#: The forget-gate biases the page compares.
FORGET_BIASES = (0.0, 1.0, 2.0, 3.0)
#: Steps over which the forget gate's product is worked out.
LSTM_STEPS = 50


@value(".4f", "sigma(1), the forget gate at the start when its bias is 1")
def forget_gate_bias_one() -> float:
    return float(sigmoid(1.0))


@value(".1e", "sigma(1)^50, what a forget-gate bias of 1 leaves after 50 steps")
def forget_product_bias_one() -> float:
    return float(sigmoid(1.0)) ** LSTM_STEPS


@value(".1e", "sigma(0)^50 = 2^-50, what a forget-gate bias of 0 leaves after 50 steps")
def forget_product_bias_zero() -> float:
    return float(sigmoid(0.0)) ** LSTM_STEPS


@value(".1e", "(2 sigma(1))^50, how many times more a bias of 1 keeps than a bias of 0")
def forget_product_ratio() -> float:
    return forget_product_bias_one() / forget_product_bias_zero()


@value(".2f", "1 + e, the memory length of a forget gate sigma(1)")
def memory_length_bias_one() -> float:
    return memory_length(forget_gate_bias_one())


@value(".1f", "1 + e^3, the memory length of a forget gate sigma(3)")
def memory_length_bias_three() -> float:
    return memory_length(float(sigmoid(3.0)))


@figure(
    alt=(
        "The weight f^k that a constant forget gate f = sigma(b) leaves on an input k steps "
        "old, for k from 0 to 60 on a logarithmic scale, for the biases b = 0, 1, 2 and 3: "
        "four straight lines falling from 1, the steepest for b = 0, which is below 10^-15 "
        "by 50 steps, and the flattest for b = 3."
    ),
    caption=(
        "What a constant forget gate f = σ(b) keeps of an input k steps old: f to the power k, "
        "a straight line on this logarithmic scale. The same product multiplies the gradient "
        "along the cell path."
    ),
)
def forget_gate_retention(ax: Axes) -> None:
    k = np.arange(0, 61)
    labels = ["$b=0$", "$b=1$", "$b=2$", "$b=3$"]
    colours = [BLUE, ORANGE, GREEN, PURPLE]
    for bias, label, colour, style in zip(
        FORGET_BIASES, labels, colours, LINE_STYLES, strict=False
    ):
        ax.plot(k, float(sigmoid(bias)) ** k, color=colour, ls=style, label=label)
    ax.set_yscale("log")
    ax.set_xlim(0, 60)
    ax.set_ylim(1e-18, 2)
    ax.set_xlabel("steps $k$")
    ax.set_ylabel("$f^{\\,k}$, $f = \\sigma(b)$")
    ax.legend(loc="lower left", ncols=2)


# ---------------------------------------------------------------------------- GRU


@dataclass(frozen=True)
class GRUParameters:
    w_r: Array
    u_r: Array
    b_r: Array
    w_z: Array
    u_z: Array
    b_z: Array
    w: Array
    u: Array
    b: Array


def random_gru(inputs: int, units: int, seed: int) -> GRUParameters:
    rng = np.random.default_rng(seed)
    shapes = [(units, inputs), (units, units), (units,)] * 3
    return GRUParameters(*(0.5 * rng.standard_normal(shape) for shape in shapes))


def gru_step(x: Array, h: Array, p: GRUParameters, swapped: bool = False) -> Array:
    """Cho et al.'s unit: h_t = z h_(t-1) + (1 - z) h~, with h~ = tanh(W x + U(r h) + b).

    ``swapped`` uses the other convention found in the literature, h_t = (1 - z) h_(t-1) + z h~.
    """
    r = _sigmoid(p.w_r @ x + p.u_r @ h + p.b_r)
    z = _sigmoid(p.w_z @ x + p.u_z @ h + p.b_z)
    candidate = np.tanh(p.w @ x + p.u @ (r * h) + p.b)
    if swapped:
        return (1 - z) * h + z * candidate
    return z * h + (1 - z) * candidate


def negate_update_gate(p: GRUParameters) -> GRUParameters:
    """The same unit in the other convention: 1 - sigma(a) = sigma(-a)."""
    return GRUParameters(p.w_r, p.u_r, p.b_r, -p.w_z, -p.u_z, -p.b_z, p.w, p.u, p.b)


@value(".4f", "sigma(-1) = 1 - sigma(1): the old state's weight with the update gate swapped")
def gru_swapped_keep() -> float:
    return float(sigmoid(-1.0))


# ---------------------------------------------------------------------------- GLU


def glu(x: Array, w: Array, b: Array, v: Array, c: Array) -> Array:
    """Dauphin et al.'s gated linear unit (x W + b) * sigma(x V + c), x a row vector."""
    return (x @ w + b) * _sigmoid(x @ v + c)


def glu_jacobian(x: Array, w: Array, b: Array, v: Array, c: Array) -> Array:
    """d GLU_j / d x_i = W_ij sigma(y_j) + a_j sigma'(y_j) V_ij, a = x W + b, y = x V + c."""
    a, y = x @ w + b, x @ v + c
    return w * _sigmoid(y) + v * (a * np.asarray(sigmoid_derivative(y)))


def gated_product_gradient(
    a: Array, y: Array, da: Array, dy: Array, gate_input: Callable[[Array], Array] | None = None
) -> Array:
    """The directional derivative of g(a) * sigma(y) along (da, dy): Dauphin et al.'s
    eq. (3) with g the identity (GLU), or their eq. (2) with g = tanh (the gated tanh unit)."""
    if gate_input is None:
        return da * _sigmoid(y) + a * np.asarray(sigmoid_derivative(y)) * dy
    slope = 1 - np.tanh(a) ** 2
    return slope * da * _sigmoid(y) + np.tanh(a) * np.asarray(sigmoid_derivative(y)) * dy


#: Where the two gated units are compared: a value 2 behind a gate open at sigma(2).
GATE_EXAMPLE = 2.0


@value(".3f", "sigma(2): the factor on the ungated path of a GLU with an open gate")
def glu_linear_path() -> float:
    return float(sigmoid(GATE_EXAMPLE))


@value(".3f", "tanh'(2) sigma(2): the same path through a gated tanh unit")
def gtu_linear_path() -> float:
    return (1 - math.tanh(GATE_EXAMPLE) ** 2) * float(sigmoid(GATE_EXAMPLE))


def swish(x: Array, beta: float = 1.0) -> Array:
    """Swish_beta(x) = x sigma(beta x); with beta = 1 it is the SiLU."""
    return x * _sigmoid(beta * x)


#: Shazeer's variants: the function applied to x W + b, which then multiplies x V + c.
GLU_VARIANTS: dict[str, Callable[[Array], Array]] = {
    "GLU": _sigmoid,
    "Bilinear": lambda u: u,
    "ReGLU": lambda u: np.maximum(u, 0.0),
    "GEGLU": gelu,
    "SwiGLU": swish,
}


def glu_variant(name: str, x: Array, w: Array, b: Array, v: Array, c: Array) -> Array:
    """Shazeer's eq. (5): activation(x W + b) * (x V + c)."""
    return GLU_VARIANTS[name](x @ w + b) * (x @ v + c)


def ffn_parameters(d_model: int, d_ff: int, matrices: int) -> int:
    """Weights of a bias-free feed-forward block with ``matrices`` matrices of d_model x d_ff."""
    return matrices * d_model * d_ff


#: Shazeer's experiments: d_model = 768, the two-matrix block's d_ff = 3072, the GLU's 2048.
SHAZEER_D_MODEL, SHAZEER_D_FF, SHAZEER_D_FF_GLU = 768, 3072, 2048


@value(",d", "weights of Shazeer's two-matrix feed-forward block, 2 x 768 x 3072")
def ffn_two_matrix_parameters() -> int:
    return ffn_parameters(SHAZEER_D_MODEL, SHAZEER_D_FF, 2)


@value(",d", "weights of his three-matrix GLU block, 3 x 768 x 2048")
def ffn_glu_parameters() -> int:
    return ffn_parameters(SHAZEER_D_MODEL, SHAZEER_D_FF_GLU, 3)


# ---------------------------------------------------------------------------- attention


def softmax_attention(q: Array, k: Array, v: Array) -> Array:
    """softmax(Q K^T / sqrt(d)) V, each row of weights summing to 1."""
    scores = q @ k.T / math.sqrt(q.shape[-1])
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return (weights / weights.sum(axis=-1, keepdims=True)) @ v


def sigmoid_attention_weights(q: Array, k: Array, bias: float) -> Array:
    """sigma(Q K^T / sqrt(d) + b), elementwise: no sum over the keys."""
    return _sigmoid(q @ k.T / math.sqrt(q.shape[-1]) + bias)


def sigmoid_attention(q: Array, k: Array, v: Array, bias: float) -> Array:
    return sigmoid_attention_weights(q, k, bias) @ v


#: Keys in the sigmoid-attention example.
ATTENTION_KEYS = 1024


@value("d", "n, the number of keys in the sigmoid-attention example")
def attention_keys() -> int:
    return ATTENTION_KEYS


@value(".3e", "sigma(-log n) = 1/(n + 1) for n = 1024: each weight when all scores are 0")
def attention_weight_with_bias() -> float:
    return float(sigmoid(-math.log(ATTENTION_KEYS)))


@value(".5f", "n/(n + 1) for n = 1024: the row sum of the weights with b = -log n")
def attention_row_sum_with_bias() -> float:
    return ATTENTION_KEYS * attention_weight_with_bias()


@value("d", "n/2 for n = 1024: the row sum of the weights with b = 0")
def attention_row_sum_without_bias() -> int:
    return round(ATTENTION_KEYS * float(sigmoid(0.0)))


# ---------------------------------------------------------------------------- SigLIP


def siglip_logits(x: Array, y: Array, temperature: float, bias: float) -> Array:
    """t x_i . y_j + b for every image i and text j (rows of x and y are unit vectors)."""
    return temperature * (x @ y.T) + bias


def siglip_labels(batch: int) -> Array:
    """z_ij = 1 on the diagonal (matching pairs), -1 elsewhere."""
    return 2 * np.eye(batch) - np.ones((batch, batch))


def siglip_loss(x: Array, y: Array, temperature: float, bias: float) -> float:
    """Zhai et al.'s Algorithm 1: -sum_ij log sigma(z_ij (t x_i . y_j + b)) / |B|."""
    z = siglip_labels(x.shape[0])
    return float(-np.sum(log_sigmoid(z * siglip_logits(x, y, temperature, bias))) / x.shape[0])


def siglip_loss_naive(x: Array, y: Array, temperature: float, bias: float) -> float:
    """The same loss written as log(sigma(.)): fine for moderate logits, -inf when sigma
    underflows to 0."""
    z = siglip_labels(x.shape[0])
    with np.errstate(divide="ignore"):
        terms = np.log(_sigmoid(z * siglip_logits(x, y, temperature, bias)))
    return float(-np.sum(terms) / x.shape[0])


def constant_logit_loss(batch: int, logit: float) -> float:
    """The SigLIP loss when every logit equals ``logit``: softplus(-l) + (|B| - 1) softplus(l)."""
    return float(softplus(-logit)) + (batch - 1) * float(softplus(logit))


def constant_logit_bias_gradient(batch: int, logit: float) -> float:
    """d/db of that loss: -sigma(-l) + (|B| - 1) sigma(l)."""
    return -float(sigmoid(-logit)) + (batch - 1) * float(sigmoid(logit))


def best_constant_logit(batch: int) -> float:
    """The logit l minimising constant_logit_loss: sigma(l) = 1/|B|, so l = -log(|B| - 1)."""
    return -math.log(batch - 1)


#: SigLIP's initial temperature t = exp(log 10) and bias b.
SIGLIP_TEMPERATURE, SIGLIP_BIAS = math.exp(math.log(10.0)), -10.0
#: The batch of the worked example (the paper finds batches around 32 k sufficient).
SIGLIP_BATCH = 32768


@value(",d", "|B|, the batch of the SigLIP example")
def siglip_batch() -> int:
    return SIGLIP_BATCH


@value(".2e", "softplus(-10) = -log sigma(10): a negative pair's loss at the start")
def siglip_negative_pair_loss() -> float:
    return float(softplus(SIGLIP_BIAS))


@value(".5f", "softplus(10) = -log sigma(-10): a matching pair's loss at the start")
def siglip_positive_pair_loss() -> float:
    return float(softplus(-SIGLIP_BIAS))


@value(".2f", "the SigLIP loss at the start, b = -10 and all similarities 0, |B| = 32768")
def siglip_initial_loss() -> float:
    return constant_logit_loss(SIGLIP_BATCH, SIGLIP_BIAS)


@value(",.0f", "the SigLIP loss with b = 0 and all similarities 0: |B| log 2")
def siglip_loss_bias_zero() -> float:
    return constant_logit_loss(SIGLIP_BATCH, 0.0)


@value(".2f", "dL/db at the start with b = -10, |B| = 32768")
def siglip_bias_gradient() -> float:
    return constant_logit_bias_gradient(SIGLIP_BATCH, SIGLIP_BIAS)


@value(",.0f", "dL/db with b = 0: (|B| - 2)/2")
def siglip_bias_gradient_zero() -> float:
    return constant_logit_bias_gradient(SIGLIP_BATCH, 0.0)


@value(".2f", "-log(|B| - 1) for |B| = 32768: the best constant logit")
def siglip_best_constant_logit() -> float:
    return best_constant_logit(SIGLIP_BATCH)


# ---------------------------------------------------------------------------- summary


@table()
def gates_summary() -> TableData:
    rows = [
        ["LSTM", "forget f", "old cell state", "Gers et al. (2000)"],
        ["LSTM", "input i, output o", "candidate; tanh(cell)", "Hochreiter & Schmidhuber (1997)"],
        ["GRU", "update z", "old state (1 − z: candidate)", "Cho et al. (2014)"],
        ["GRU", "reset r", "old state inside the candidate", "Cho et al. (2014)"],
        ["GLU", "σ(xV + c)", "linear map xW + b", "Dauphin et al. (2017)"],
        ["SwiGLU", "σ(βxW) in Swish", "xW ⊙ xV", "Shazeer (2020)"],
        ["sigmoid attention", "σ(q·k/√d + b)", "each value vector", "Ramapuram et al. (2025)"],
        ["SigLIP", "none: σ is a match probability", "nothing", "Zhai et al. (2023)"],
    ]  # fmt: skip
    return ["mechanism", "sigmoid", "what it multiplies", "source"], rows
