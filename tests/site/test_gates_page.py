"""The gates page: the LSTM cell's Jacobian and memory length, the GRU's two conventions,
the GLU's gradient, the bias of sigmoid attention and the SigLIP loss, each checked
numerically against the small NumPy implementations of the content module."""

from __future__ import annotations

import math
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest

from sigmoid_core import log_sigmoid, sigmoid, softplus
from sigmoid_core.website.content import gates
from sigmoid_core.website.content.registry import VALUES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "gates.md"


def central_jacobian(function, x: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """d function_j / d x_i by central differences, as an (outputs, inputs) matrix."""
    columns = [
        (function(x + step * e) - function(x - step * e)) / (2 * step) for e in np.eye(x.size)
    ]
    return np.array(columns).T


# ---------------------------------------------------------------------------- LSTM


def test_the_cell_jacobian_with_h_held_fixed_is_the_forget_gate():
    """Equation cell-jacobian: dc_t/dc_(t-1) = diag(f_t) for a whole LSTM step."""
    rng = np.random.default_rng(11)
    p = gates.random_lstm(3, 5, seed=2)
    x, h, c = rng.standard_normal(3), rng.standard_normal(5), rng.standard_normal(5)
    step = gates.lstm_step(x, h, c, p)
    jacobian = central_jacobian(lambda cc: gates.lstm_step(x, h, cc, p).c, c)
    np.testing.assert_allclose(jacobian, np.diag(step.f), atol=1e-9)


def test_over_many_steps_the_cell_path_multiplies_the_forget_gates():
    """With no path through h (U = 0), dc_T/dc_0 = diag(prod f_s); with U != 0 it differs."""
    rng = np.random.default_rng(4)
    xs = rng.standard_normal((6, 3))
    h0, c0 = rng.standard_normal(4), rng.standard_normal(4)
    full = gates.random_lstm(3, 4, seed=8, forget_bias=1.0)
    zero = np.zeros((4, 4))
    cell_only = gates.LSTMParameters(
        full.w_f, zero, full.b_f, full.w_i, zero, full.b_i,
        full.w_o, zero, full.b_o, full.w_g, zero, full.b_g,
    )  # fmt: skip
    steps = gates.lstm_run(xs, h0, c0, cell_only)
    product = np.prod([s.f for s in steps], axis=0)
    jacobian = central_jacobian(lambda c: gates.lstm_run(xs, h0, c, cell_only)[-1].c, c0)
    np.testing.assert_allclose(jacobian, np.diag(product), atol=1e-9)
    # through h the total derivative picks up other terms: the cell path is only one path
    total = central_jacobian(lambda c: gates.lstm_run(xs, h0, c, full)[-1].c, c0)
    full_product = np.prod([s.f for s in gates.lstm_run(xs, h0, c0, full)], axis=0)
    assert np.max(np.abs(total - np.diag(full_product))) > 1e-4


@pytest.mark.parametrize("f", [0.3, 0.5, float(sigmoid(1.0)), 0.9, 0.99])
def test_memory_length_is_the_geometric_series_by_simulation(f):
    """Equation memory-length: a cell fed 1 through a constant gate f rises to 1/(1 - f),
    the sum of the weights f^k that equation cell-unrolled gives the inputs."""
    steps = 20000
    cells = gates.constant_gate_cell(f, steps)
    assert cells[-1] == pytest.approx(gates.memory_length(f), rel=1e-12)
    k = np.arange(steps)
    assert math.fsum(f**k) == pytest.approx(1 / (1 - f), rel=1e-12)
    # cell-unrolled: c_t = sum_k f^k u_(t-k) + f^t c_0, for any inputs u and start c_0
    rng = np.random.default_rng(1)
    u, c0 = rng.standard_normal(40), 0.7
    c = c0
    for value in u:
        c = f * c + value
    unrolled = sum(f**k * u[-1 - k] for k in range(40)) + f**40 * c0
    assert c == pytest.approx(unrolled, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("bias", [-3.0, 0.0, 1.0, 2.0, 3.0, 10.0])
def test_memory_length_of_a_biased_gate_is_one_plus_e_to_the_bias(bias):
    with mp.workdps(40):
        exact = 1 / (1 - 1 / (1 + mp.exp(-bias)))
        assert float(exact) == pytest.approx(gates.memory_length_of_bias(bias), rel=1e-14)
        assert float(exact) == pytest.approx(1 / float(sigmoid(-bias)), rel=1e-14)


def test_the_forget_gate_worked_example():
    assert gates.forget_product_bias_zero() == 2.0**-50
    assert gates.forget_product_bias_one() == pytest.approx(float(sigmoid(1.0)) ** 50)
    assert gates.forget_product_ratio() == pytest.approx((2 * float(sigmoid(1.0))) ** 50)
    assert gates.memory_length_bias_one() == pytest.approx(1 + math.e, rel=1e-14)
    assert gates.memory_length_bias_three() == pytest.approx(1 + math.exp(3), rel=1e-14)


# ---------------------------------------------------------------------------- GRU


def test_the_two_gru_conventions_are_one_family():
    """1 - sigma(a) = sigma(-a): negating the update gate's weights swaps the conventions."""
    rng = np.random.default_rng(7)
    p = gates.random_gru(3, 4, seed=5)
    for _ in range(5):
        x, h = rng.standard_normal(3), rng.standard_normal(4)
        paper = gates.gru_step(x, h, p)
        swapped = gates.gru_step(x, h, gates.negate_update_gate(p), swapped=True)
        np.testing.assert_allclose(paper, swapped, rtol=1e-14, atol=1e-15)
    a = np.linspace(-30, 30, 601)
    # in floating point 1 - sigma(a) cancels, so compare absolutely (and exactly in mpmath)
    np.testing.assert_allclose(1 - sigmoid(a), sigmoid(-a), rtol=0, atol=2.3e-16)
    with mp.workdps(40):
        for value in a[::50]:
            s = 1 / (1 + mp.exp(-mp.mpf(float(value))))
            assert abs((1 - s) - 1 / (1 + mp.exp(mp.mpf(float(value))))) < mp.mpf(10) ** -35


def test_the_gru_worked_example_and_its_direct_path():
    """Old state 1, candidate 0, update-gate input 1: sigma(1) kept, or sigma(-1) swapped."""
    units = 1
    zero = np.zeros((units, units))
    p = gates.GRUParameters(
        zero, zero, np.zeros(units), zero, zero, np.ones(units), zero, zero, np.zeros(units)
    )
    x, h = np.zeros(units), np.ones(units)
    assert gates.gru_step(x, h, p)[0] == pytest.approx(float(sigmoid(1.0)), rel=1e-15)
    kept = gates.gru_step(x, h, p, swapped=True)[0]
    assert kept == pytest.approx(gates.gru_swapped_keep(), rel=1e-15)
    # with U = 0 the gates and the candidate do not depend on h: dh_t/dh_(t-1) = diag(z)
    q = gates.random_gru(2, 3, seed=1)
    q = gates.GRUParameters(q.w_r, 0 * q.u_r, q.b_r, q.w_z, 0 * q.u_z, q.b_z, q.w, 0 * q.u, q.b)
    x2, h2 = np.array([0.3, -1.2]), np.array([0.5, -0.1, 2.0])
    z = np.asarray(sigmoid(q.w_z @ x2 + q.b_z))
    jacobian = central_jacobian(lambda hh: gates.gru_step(x2, hh, q), h2)
    np.testing.assert_allclose(jacobian, np.diag(z), atol=1e-9)


# ---------------------------------------------------------------------------- GLU


def test_the_glu_jacobian_against_finite_differences():
    rng = np.random.default_rng(3)
    w, v = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    b, c, x = rng.standard_normal(5), rng.standard_normal(5), rng.standard_normal(4)
    numeric = central_jacobian(lambda xx: gates.glu(xx, w, b, v, c), x)
    analytic = gates.glu_jacobian(x, w, b, v, c).T  # rows: outputs
    np.testing.assert_allclose(numeric, analytic, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("tanh", [False, True])
def test_the_gated_products_gradient_equation(tanh):
    """Equation glu-gradient, both lines, as directional derivatives."""
    rng = np.random.default_rng(9)
    a, y, da, dy = rng.standard_normal((4, 50))
    outer = np.tanh if tanh else (lambda u: u)

    def unit(s: float) -> np.ndarray:
        return outer(a + s * da) * np.asarray(sigmoid(y + s * dy))

    step = 1e-6
    numeric = (unit(step) - unit(-step)) / (2 * step)
    formula = gates.gated_product_gradient(a, y, da, dy, np.tanh if tanh else None)
    np.testing.assert_allclose(numeric, formula, rtol=1e-7, atol=1e-9)


def test_the_glu_path_factors_of_the_worked_example():
    assert gates.glu_linear_path() == pytest.approx(float(sigmoid(2.0)), rel=1e-15)
    assert gates.gtu_linear_path() == pytest.approx(
        float(sigmoid(2.0)) / math.cosh(2.0) ** 2, rel=1e-13
    )
    # the gated tanh unit's path is never larger: tanh' <= 1, with equality only at 0
    a = np.linspace(-8, 8, 1601)
    assert np.all(1 - np.tanh(a) ** 2 <= 1)


def test_the_variants_and_swiglu_as_a_gated_bilinear_layer():
    rng = np.random.default_rng(12)
    w, v = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    b, c, x = rng.standard_normal(4), rng.standard_normal(4), rng.standard_normal(3)
    u, lin = x @ w + b, x @ v + c
    bilinear = gates.glu_variant("Bilinear", x, w, b, v, c)
    np.testing.assert_allclose(bilinear, u * lin)
    np.testing.assert_allclose(gates.glu_variant("ReGLU", x, w, b, v, c), np.maximum(u, 0) * lin)
    # Shazeer's GLU puts the sigmoid on xW; Dauphin's on xV: the same unit, W and V renamed
    np.testing.assert_allclose(gates.glu_variant("GLU", x, w, b, v, c), gates.glu(x, v, c, w, b))
    # SwiGLU = the bilinear product gated by sigma(beta u), here beta = 1
    swiglu = gates.glu_variant("SwiGLU", x, w, b, v, c)
    np.testing.assert_allclose(swiglu, bilinear * np.asarray(sigmoid(u)), rtol=1e-15)


def test_two_thirds_of_the_hidden_size_keeps_the_parameter_count():
    assert gates.SHAZEER_D_FF_GLU * 3 == gates.SHAZEER_D_FF * 2
    assert gates.ffn_glu_parameters() == gates.ffn_two_matrix_parameters() == 4_718_592
    for d_model, d_ff in [(512, 1536), (4096, 12288), (768, 3072)]:
        assert gates.ffn_parameters(d_model, d_ff * 2 // 3, 3) == gates.ffn_parameters(
            d_model, d_ff, 2
        )


# ---------------------------------------------------------------------------- attention


@pytest.mark.parametrize("n", [1, 2, 3, 7, 16, 100, 1024, 4096, 10**6, 2**40])
def test_sigma_of_minus_log_n_is_one_over_n_plus_one(n):
    """Equation attention-bias, to 1e-15 relative."""
    assert float(sigmoid(-math.log(n))) == pytest.approx(1 / (n + 1), rel=1e-15)


def test_sigmoid_attention_weights_and_row_sums():
    n, d = gates.ATTENTION_KEYS, 8
    q, k = np.zeros((3, d)), np.random.default_rng(0).standard_normal((n, d))
    weights = gates.sigmoid_attention_weights(q, k, -math.log(n))
    np.testing.assert_allclose(weights, 1 / (n + 1), rtol=1e-15)
    np.testing.assert_allclose(weights.sum(axis=1), n / (n + 1), rtol=1e-12)
    assert gates.attention_row_sum_with_bias() == pytest.approx(n / (n + 1), rel=1e-14)
    assert gates.attention_row_sum_without_bias() == n // 2
    # with all scores 0, softmax attention averages the values; sigmoid attention with the
    # bias gives n/(n + 1) of that average
    v = np.random.default_rng(1).standard_normal((n, 4))
    softmax_out = gates.softmax_attention(q, k, v)
    sigmoid_out = gates.sigmoid_attention(q, k, v, -math.log(n))
    np.testing.assert_allclose(sigmoid_out, softmax_out * n / (n + 1), rtol=1e-10, atol=1e-15)


# ---------------------------------------------------------------------------- SigLIP


def unit_rows(rng: np.random.Generator, rows: int, dim: int) -> np.ndarray:
    m = rng.standard_normal((rows, dim))
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_the_siglip_loss_two_ways_on_moderate_inputs():
    rng = np.random.default_rng(21)
    for batch, temperature, bias in [(4, 10.0, -10.0), (16, 3.0, -2.0), (32, 10.0, 0.0)]:
        x, y = unit_rows(rng, batch, 6), unit_rows(rng, batch, 6)
        stable = gates.siglip_loss(x, y, temperature, bias)
        naive = gates.siglip_loss_naive(x, y, temperature, bias)
        assert stable == pytest.approx(naive, rel=1e-12)
        # and as the sum of softplus terms, -log sigma(m) = softplus(-m)
        z = gates.siglip_labels(batch)
        margins = z * gates.siglip_logits(x, y, temperature, bias)
        assert stable == pytest.approx(float(np.sum(softplus(-margins))) / batch, rel=1e-12)
    # where sigma underflows the naive form is infinite and log_sigmoid is not
    assert math.isinf(gates.siglip_loss_naive(x, y, 1000.0, -1000.0))
    assert math.isfinite(gates.siglip_loss(x, y, 1000.0, -1000.0))


def test_the_siglip_worked_example_at_the_initial_bias():
    """All similarities 0 (two mutually orthogonal sets of unit vectors): the loss is
    softplus(10) + (|B| - 1) softplus(-10), as equation siglip-constant says with l = b."""
    batch = 8
    images = np.eye(2 * batch)[:batch]
    texts = np.eye(2 * batch)[batch:]
    loss = gates.siglip_loss(images, texts, gates.SIGLIP_TEMPERATURE, gates.SIGLIP_BIAS)
    assert loss == pytest.approx(gates.constant_logit_loss(batch, -10.0), rel=1e-14)
    assert math.isclose(gates.SIGLIP_TEMPERATURE, 10.0, rel_tol=1e-15)
    assert gates.siglip_negative_pair_loss() == pytest.approx(-float(log_sigmoid(10.0)), rel=1e-15)
    with mp.workdps(40):
        assert gates.siglip_positive_pair_loss() == pytest.approx(
            float(mp.log(1 + mp.exp(10))), rel=1e-15
        )
    # the derivative in b of the full loss is L'(l) at l = b when every similarity is 0
    h = 1e-6
    numeric = (
        gates.siglip_loss(images, texts, 10.0, -10.0 + h)
        - gates.siglip_loss(images, texts, 10.0, -10.0 - h)
    ) / (2 * h)
    assert numeric == pytest.approx(gates.constant_logit_bias_gradient(batch, -10.0), rel=1e-6)
    assert gates.siglip_loss_bias_zero() == pytest.approx(gates.SIGLIP_BATCH * math.log(2))
    assert gates.siglip_bias_gradient_zero() == pytest.approx((gates.SIGLIP_BATCH - 2) / 2)


def test_the_best_constant_logit_is_minus_log_of_batch_minus_one():
    """Equation siglip-constant: L'(l) = 0 at sigma(l) = 1/|B|, and L is convex."""
    for batch in [2, 10, 1000, gates.SIGLIP_BATCH]:
        best = gates.best_constant_logit(batch)
        assert float(sigmoid(best)) == pytest.approx(1 / batch, rel=1e-12)
        assert gates.constant_logit_bias_gradient(batch, best) == pytest.approx(0, abs=1e-12)
        grid = best + np.linspace(-3, 3, 601)
        losses = [gates.constant_logit_loss(batch, v) for v in grid]
        assert int(np.argmin(losses)) == 300
        # the derivative is the finite difference of the loss
        h = 1e-6
        for logit in [-12.0, -10.0, 0.0, 2.0]:
            numeric = (
                gates.constant_logit_loss(batch, logit + h)
                - gates.constant_logit_loss(batch, logit - h)
            ) / (2 * h)
            assert numeric == pytest.approx(
                gates.constant_logit_bias_gradient(batch, logit), rel=1e-6, abs=1e-6
            )


# ---------------------------------------------------------------------------- page


def test_every_value_of_the_module_is_on_the_page():
    text = PAGE.read_text(encoding="utf-8")
    names = [name for name, item in VALUES.items() if item.compute.__module__ == gates.__name__]
    assert len(names) >= 20
    for name in names:
        assert f"{{{{ value:{name} }}}}" in text, name
