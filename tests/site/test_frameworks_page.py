"""The frameworks page: every measured number measured again directly on JAX, Optax,
SciPy and scikit-learn, the stable/unstable verdicts recomputed from the measured values,
the names in the tables resolved on the installed packages (and the dashes checked), the
versions compared with the installed ones, and the identities of the page (the forms of
the cross-entropy from a logit, its gradient, the rounding error of 1 - y) checked
against mpmath."""

from __future__ import annotations

import functools
import importlib
import inspect
import math
import pkgutil
import re
import warnings
from importlib.metadata import version
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest
from scipy import special

from sigmoid_core import sigmoid, sigmoid_derivative
from sigmoid_core.website.content import frameworks, numerics
from sigmoid_core.website.content.registry import TABLES, VALUES
from sigmoid_core.website.plugin.placeholders import names_used

PAGE = Path(__file__).resolve().parents[2] / "docs" / "frameworks.md"

jax, jnp, optax = frameworks.jax_modules()


def array(x: float, dtype: str):
    return jnp.asarray(x, dtype=dtype)


def scalar(x: float, dtype: str) -> np.floating:
    return np.asarray(x, dtype=dtype)[()]


def exact_softplus(z: float) -> float:
    with mp.workdps(60):
        return float(mp.log1p(mp.exp(mp.mpf(z))))


def exact_bce(z: float, y: float) -> float:
    """softplus(z) - yz at 60 digits, rounded once."""
    with mp.workdps(60):
        return float(mp.log1p(mp.exp(mp.mpf(z))) - mp.mpf(y) * mp.mpf(z))


def exact_sigmoid(x: float) -> float:
    with mp.workdps(60):
        return float(1 / (1 + mp.exp(-mp.mpf(x))))


# ---------------------------------------------------------------- the page and its items


def test_the_page_uses_every_item_of_the_module():
    used = set(names_used(PAGE.read_text(encoding="utf-8")))
    for name, item in VALUES.items():
        if item.compute.__module__ == frameworks.__name__:
            assert ("value", name) in used, name
    for name, item in TABLES.items():
        if item.compute.__module__ == frameworks.__name__:
            assert ("table", name) in used, name


def test_the_versions_shown_are_the_installed_ones():
    header, rows = frameworks.measured_versions()
    shown = {row[0].strip("`"): row[1] for row in rows}
    for package in frameworks.MEASURED_PACKAGES:
        assert shown[package] == version(package)
    assert shown["JAX backend"] == "`cpu`" == f"`{jax.default_backend()}`"
    assert jax.config.jax_enable_x64  # float64 is float64
    assert jnp.asarray(1.0, dtype="float64").dtype == np.float64


# ---------------------------------------------------------------- names


def test_every_measured_name_is_a_real_attribute():
    names = frameworks.measured_names()
    assert len(names) == 14
    for path in names:
        module_name, _, attribute = path.rpartition(".")
        try:
            owner = importlib.import_module(module_name)
        except ImportError:  # a method: module.Class.method
            module_name, _, cls = module_name.rpartition(".")
            owner = getattr(importlib.import_module(module_name), cls)
        assert callable(getattr(owner, attribute)), path
    # Names in the cells' notes: the alias of SiLU and SciPy's building blocks.
    x = jnp.linspace(-5.0, 5.0, 11)
    np.testing.assert_array_equal(jax.nn.swish(x), jax.nn.silu(x))
    assert callable(special.xlogy) and callable(special.xlog1py)


def test_the_tables_show_every_function_for_every_framework():
    for table in (frameworks.framework_names_deep_learning, frameworks.framework_names_scientific):
        header, rows = table()
        assert len(header) == 4
        assert [row[0] for row in rows] == list(frameworks.FUNCTIONS)
        assert all(cell for row in rows for cell in row)


def test_optax_has_no_binary_cross_entropy_from_probabilities():
    cross_entropies = {name for name in dir(optax.losses) if "cross_entropy" in name}
    assert cross_entropies == {
        "poly_loss_cross_entropy",
        "safe_softmax_cross_entropy",
        "sigmoid_binary_cross_entropy",
        "softmax_cross_entropy",
        "softmax_cross_entropy_with_integer_labels",
    }
    assert not [name for name in dir(jax.nn) if re.search("entropy|cross", name)]
    # The one binary cross-entropy takes logits and has no weight argument.
    parameters = inspect.signature(optax.sigmoid_binary_cross_entropy).parameters
    assert list(parameters) == ["logits", "labels"]


def test_scipy_special_has_no_cross_entropy_hard_sigmoid_or_silu():
    assert hasattr(special, "softplus")  # which the page says the installed SciPy has
    assert not [name for name in dir(special) if re.search("silu|swish|hard|cross|binary", name)]


def test_scikit_learn_public_api_has_no_logit_softplus_hard_sigmoid_silu_or_logit_loss():
    import sklearn
    from sklearn.linear_model import LogisticRegression

    pattern = re.compile(
        r"logit|logistic|expit|sigmoid|softplus|silu|swish|cross_?entropy|log_?loss", re.I
    )
    found = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for info in pkgutil.walk_packages(sklearn.__path__, "sklearn."):
            parts = info.name.split(".")
            if any(p.startswith("_") or p in {"tests", "externals"} for p in parts):
                continue
            module = importlib.import_module(info.name)
            # A public module's API is its __all__; without one, what it defines itself.
            public = getattr(module, "__all__", None)
            for name in public if public is not None else dir(module):
                obj = getattr(module, name)
                defined_in = getattr(obj, "__module__", None) or ""
                if public is None and defined_in != info.name:
                    continue
                if pattern.search(name) and not name.startswith("_"):
                    found.add(name)
    # sigmoid_kernel is tanh(gamma <x, y> + c0), not the logistic sigmoid; d2_log_loss_score
    # is a score built on log_loss, which takes probabilities.
    assert found == {
        "LogisticRegression",
        "LogisticRegressionCV",
        "log_loss",
        "d2_log_loss_score",
        "sigmoid_kernel",
    }
    assert "class_weight" in LogisticRegression().get_params()


def test_scipy_building_blocks_give_the_cross_entropy():
    """xlogy, xlog1py from probabilities and log_expit from logits, as the page says."""
    z = np.linspace(-30, 30, 121)
    p = special.expit(z)
    for y in (0.0, 0.3, 1.0):
        from_probabilities = -(special.xlogy(y, p) + special.xlog1py(1 - y, -p))
        from_logits = -(y * special.log_expit(z) + (1 - y) * special.log_expit(-z))
        reference = np.array([exact_bce(v, y) for v in z])
        np.testing.assert_allclose(from_logits, reference, rtol=1e-14, atol=1e-300)
        inside = np.abs(z) < 15  # where 1 - p keeps its digits
        np.testing.assert_allclose(from_probabilities[inside], reference[inside], rtol=1e-9)


def test_r_identities():
    """softplus(x) = -log sigma(-x), and the upper tail 1/(1 + e^x) is sigma(-x)."""
    with mp.workdps(40):
        for x in (-30, -2.5, 0, 1, 17, 40):
            x = mp.mpf(x)
            assert mp.almosteq(mp.log1p(mp.exp(x)), -mp.log(1 / (1 + mp.exp(x))), 1e-35)
            assert mp.almosteq(1 / (1 + mp.exp(x)), 1 - 1 / (1 + mp.exp(-x)), 1e-35)


def test_jax_hard_sigmoid_and_silu_follow_pytorch_definitions():
    x = np.linspace(-6, 6, 1201)
    hard = np.asarray(jax.nn.hard_sigmoid(jnp.asarray(x)))
    np.testing.assert_allclose(hard, np.clip(x / 6 + 0.5, 0, 1), rtol=0, atol=1e-15)
    assert VALUES["jax_hard_sigmoid_at_1"].text() == f"{1 / 6 + 1 / 2:.6f}"
    assert abs(frameworks.jax_hard_sigmoid_at_1() - (0.2 + 0.5)) > 0.03  # not Keras 2's
    silu = np.asarray(jax.nn.silu(jnp.asarray(x)))
    np.testing.assert_allclose(silu, x * sigmoid(x), rtol=1e-14, atol=1e-300)


# ---------------------------------------------------------------- the cross-entropy


@pytest.mark.parametrize("y", [0.0, 0.25, 1.0])
def test_the_three_forms_of_the_cross_entropy_from_a_logit(y):
    """Equation bce-logits, at 60 digits."""
    with mp.workdps(60):
        for z in (-700, -40, -3.5, 0, 0.1, 17, 100, 800):
            z = mp.mpf(z)
            s = 1 / (1 + mp.exp(-z))
            definition = -y * mp.log(s) - (1 - y) * mp.log(1 / (1 + mp.exp(z)))
            middle = mp.log1p(mp.exp(z)) - y * z
            last = max(z, 0) - y * z + mp.log1p(mp.exp(-abs(z)))
            assert mp.almosteq(definition, middle, 1e-50)
            assert mp.almosteq(middle, last, 1e-50)


def test_tensorflow_weighted_form_is_the_weighted_cross_entropy():
    """TensorFlow's (1 - z)x + l(log(1 + e^-|x|) + max(-x, 0)), l = 1 + (q - 1)z, equals
    q y softplus(-x) + (1 - y) softplus(x): the positive term times the weight."""
    with mp.workdps(50):
        for q in (0.5, 1, 3):
            for y in (0, 0.4, 1):
                for x in (-50, -1, 0, 2, 60):
                    x, q, y = mp.mpf(x), mp.mpf(q), mp.mpf(y)
                    weight = 1 + (q - 1) * y
                    documented = (1 - y) * x + weight * (mp.log1p(mp.exp(-abs(x))) + max(-x, 0))
                    weighted = q * y * mp.log1p(mp.exp(-x)) + (1 - y) * mp.log1p(mp.exp(x))
                    assert mp.almosteq(documented, weighted, 1e-40)


def test_optax_loss_and_its_gradient():
    """Optax's loss is softplus(z) - yz, and its gradient is sigma(z) - y (bce-gradient)."""
    loss, gradient = (
        optax.sigmoid_binary_cross_entropy,
        jax.grad(optax.sigmoid_binary_cross_entropy),
    )
    for z in (-60.0, -5.0, 0.0, 0.5, 17.0, 60.0):
        for y in (0.0, 0.3, 1.0):
            exact = exact_bce(z, y)
            value = float(loss(array(z, "float64"), array(y, "float64")))
            assert math.isclose(value, exact, rel_tol=1e-14, abs_tol=1e-300)
            g = float(gradient(array(z, "float64"), array(y, "float64")))
            assert math.isclose(g, exact_sigmoid(z) - y, rel_tol=1e-13, abs_tol=1e-15)


# ---------------------------------------------------------------- stability


def test_jax_stability_rows_measured_again():
    expected = {
        "log_sigmoid(-800)": lambda dt: jax.nn.log_sigmoid(array(-800.0, dt)),
        "log(sigmoid(-800))": lambda dt: jnp.log(jax.nn.sigmoid(array(-800.0, dt))),
        "softplus(800)": lambda dt: jax.nn.softplus(array(800.0, dt)),
        "BCE(z=100, y=0)": lambda dt: optax.sigmoid_binary_cross_entropy(
            array(100.0, dt), array(0.0, dt)
        ),
        "-log1p(-sigmoid(17))": lambda dt: -jnp.log1p(-jax.nn.sigmoid(array(17.0, dt))),
        "logit(sigmoid(17))": lambda dt: jax.scipy.special.logit(jax.nn.sigmoid(array(17.0, dt))),
    }
    rows = {m.label: m for m in frameworks.jax_stability()}
    for label, compute in expected.items():
        for dtype in frameworks.DTYPES:
            measured = float(compute(dtype))
            assert measured == rows[label].results[dtype] or (
                math.isnan(measured) and math.isnan(rows[label].results[dtype])
            ), (label, dtype)
    # What the page says of them.
    assert rows["log_sigmoid(-800)"].results == {"float32": -800.0, "float64": -800.0}
    assert rows["softplus(800)"].results == {"float32": 800.0, "float64": 800.0}
    assert rows["log(sigmoid(-800))"].results == {"float32": -math.inf, "float64": -math.inf}
    assert rows["-log1p(-sigmoid(17))"].results["float32"] == math.inf
    assert rows["logit(sigmoid(17))"].results["float32"] == math.inf
    for label in ("-log1p(-sigmoid(17))", "logit(sigmoid(17))"):
        m = rows[label]
        error = abs(m.results["float64"] - m.exact) / m.exact
        assert 1e-11 < error < 1e-9  # wrong from the tenth digit
    assert frameworks.jax_sigmoid_one_from("float32") <= 17


def test_scipy_stability_rows_measured_again():
    rows = {m.label: m for m in frameworks.scipy_stability()}
    with np.errstate(all="ignore"):
        for dtype in frameworks.DTYPES:
            x = functools.partial(scalar, dtype=dtype)
            assert float(special.log_expit(x(-800))) == rows["log_expit(-800)"].results[dtype]
            assert float(np.log(special.expit(x(-800)))) == -math.inf
            assert float(special.softplus(x(800))) == rows["softplus(800)"].results[dtype] == 800
            assert float(-special.log_expit(x(-17))) == rows["-log_expit(-17)"].results[dtype]
            assert (float(special.expit(x(17))) == 1.0) == (dtype == "float32")
            assert (
                float(-np.log1p(-special.expit(x(17)))) == rows["-log1p(-expit(17))"].results[dtype]
            )


def test_the_verdicts_follow_from_the_measured_values():
    """stable exactly when both formats are finite and within 8 eps (relative above 1,
    absolute below) of the exact value; the page's claims about which rows are stable."""
    for measured in frameworks.jax_stability() + frameworks.scipy_stability():
        close = all(
            math.isfinite(r)
            and abs(r - measured.exact) <= 8 * np.finfo(dt).eps * max(abs(measured.exact), 1.0)
            for dt, r in measured.results.items()
        )
        assert measured.stable() == close, measured.label
        assert measured.verdict().startswith("stable" if close else "unstable")
    stable = {
        m.label for m in frameworks.jax_stability() + frameworks.scipy_stability() if m.stable()
    }
    assert stable == {
        "log_sigmoid(-800)",
        "softplus(800)",
        "BCE(z=100, y=0)",
        "BCE(z=-100, y=1)",
        "BCE(z=100, y=1)",
        "BCE(z=-100, y=0)",
        "BCE(z=17, y=0)",
        "log_expit(-800)",
        "-log_expit(-17)",
    }


def test_the_float32_zeros_stand_for_values_below_the_smallest_normal_float32():
    rows = {m.label: m for m in frameworks.jax_stability()}
    for label in ("BCE(z=100, y=1)", "BCE(z=-100, y=0)"):
        assert rows[label].results["float32"] == 0.0
        assert 0 < rows[label].exact < np.finfo(np.float32).smallest_normal
        assert math.isclose(rows[label].exact, math.exp(-100), rel_tol=1e-40)


# ---------------------------------------------------------------- the gradient in the tails


def test_one_minus_a_rounded_sigmoid():
    """Equation one-minus-y: 1 - sigma(x)(1 + d) = sigma(-x)(1 - d e^x), exactly."""
    with mp.workdps(60):
        for x in (-40, -1, 0, 3, 17, 40):
            for d in (-1e-7, 2**-53, 3e-5):
                x, d = mp.mpf(x), mp.mpf(d)
                s = lambda t: 1 / (1 + mp.exp(-t))  # noqa: E731
                assert mp.almosteq(1 - s(x) * (1 + d), s(-x) * (1 - d * mp.exp(x)), 1e-50)


def test_jax_gradient_of_the_sigmoid_measured_again():
    g = lambda x, dt: float(jax.grad(jax.nn.sigmoid)(array(x, dt)))  # noqa: E731
    assert g(40.0, "float64") == 0.0 == frameworks.jax_grad_sigmoid_at_40_float64()
    assert g(20.0, "float32") == 0.0 == frameworks.jax_grad_sigmoid_at_20_float32()
    exact40 = float(sigmoid_derivative(40.0))
    assert math.isclose(exact40, 4.248354255291589e-18, rel_tol=1e-14)
    # The lower tail is accurate in both formats.
    assert math.isclose(g(-40.0, "float64"), exact40, rel_tol=1e-14)
    assert math.isclose(g(-40.0, "float32"), exact40, rel_tol=1e-6)
    # The float32 error at 10 is what the page says and within u e^10.
    exact10 = float(sigmoid_derivative(10.0))
    error = abs(g(10.0, "float32") - exact10) / exact10
    assert error == frameworks.jax_grad_sigmoid_error_at_10_float32()
    assert 1e-4 < error <= 2.0**-24 * math.exp(10)
    # The table is these numbers.
    header, rows = frameworks.jax_sigmoid_gradient_table()
    for row, x in zip(rows, frameworks.GRADIENT_POINTS, strict=True):
        assert row[2] == frameworks.format_number(g(x, "float32"), "float32")
        assert row[3] == frameworks.format_number(g(x, "float64"))


def test_jax_differentiates_the_sigmoid_as_y_times_one_minus_y_of_the_output():
    equations = frameworks.jax_gradient_jaxpr()
    assert len(equations) == 4
    forward = re.fullmatch(r"(\w+):f64\[\] = logistic a", equations[0])
    assert forward
    y = forward[1]
    complement = re.fullmatch(rf"(\w+):f64\[\] = sub 1\.0:f64\[\] {y}", equations[1])
    assert complement
    assert re.fullmatch(rf"\w+:f64\[\] = mul {y} {complement[1]}", equations[2])


@pytest.mark.parametrize("dtype", frameworks.DTYPES)
def test_the_gradient_is_zero_exactly_where_jax_sigma_returns_one(dtype):
    zero_from = frameworks.jax_gradient_zero_from(dtype)
    one_from = frameworks.jax_sigmoid_one_from(dtype)
    assert zero_from == one_from
    kind = getattr(np, dtype)
    below = np.nextafter(kind(zero_from), kind(0))
    assert float(jax.grad(jax.nn.sigmoid)(jnp.asarray(below))) > 0
    assert float(jax.nn.sigmoid(jnp.asarray(below))) < 1
    assert float(jax.grad(jax.nn.sigmoid)(jnp.asarray(kind(zero_from)))) == 0
    # Where u e^x reaches 1: 24 ln 2 or 53 ln 2, to two units in the last place.
    bits = 24 if dtype == "float32" else 53
    spacing = float(np.spacing(kind(zero_from)))
    assert abs(zero_from - bits * math.log(2)) <= 2 * spacing
    # The core's sigma stays below 1 a little longer.
    core = (
        numerics.float32_rounds_to_one_exact()
        if dtype == "float32"
        else numerics.float64_rounds_to_one_exact()
    )
    assert core > zero_from


@pytest.mark.parametrize("dtype", frameworks.DTYPES)
def test_just_below_where_the_core_sigma_reaches_one_its_complement_is_one_ulp(dtype):
    kind = getattr(np, dtype)
    one_from = (
        numerics.float32_rounds_to_one_exact()
        if dtype == "float32"
        else numerics.float64_rounds_to_one_exact()
    )
    below = np.nextafter(kind(one_from), kind(0))
    assert sigmoid(kind(one_from)) == 1
    assert 1 - sigmoid(below) == np.spacing(kind(1)) / 2  # the float just below 1


def test_the_float64_zero_is_where_the_textbook_formula_returns_one():
    assert frameworks.jax_gradient_zero_from("float64") == numerics.textbook_collapse_x_full()
    assert math.isclose(frameworks.twenty_four_log_two(), 24 * math.log(2))


def test_gradients_of_losses_from_logits_stay_exact():
    s40 = exact_sigmoid(-40.0)
    assert float(jax.grad(jax.nn.log_sigmoid)(array(-800.0, "float64"))) == 1.0
    assert frameworks.jax_grad_log_sigmoid_at_minus_800() == 1.0
    assert math.isclose(frameworks.jax_grad_log_sigmoid_at_40(), s40, rel_tol=1e-14)
    assert math.isclose(frameworks.jax_grad_bce_at_40(), -s40, rel_tol=1e-14)
    naive = jax.grad(lambda z: -jnp.log(jax.nn.sigmoid(z)))(array(40.0, "float64"))
    assert float(naive) == 0.0 == frameworks.jax_grad_naive_bce_at_40()


def test_pytorch_softplus_threshold_error():
    """Returning x for softplus(x) at x = 20: below float32's epsilon, above float64's."""
    error = frameworks.softplus_threshold_relative_error()
    with mp.workdps(40):
        exact = mp.log1p(mp.exp(20))
        assert math.isclose(error, float((exact - 20) / exact), rel_tol=1e-12)
    assert np.finfo(np.float64).eps < error < np.finfo(np.float32).eps


# ---------------------------------------------------------------- scikit-learn


def test_scikit_learn_probabilities_at_extreme_decisions():
    proba, log_proba = frameworks.sklearn_extremes()
    decisions = np.array(frameworks.DECISIONS)
    # Class 1 is expit of the decision; class 0 is 1 minus class 1, bit for bit.
    np.testing.assert_array_equal(proba[:, 1], special.expit(decisions))
    np.testing.assert_array_equal(proba[:, 0], 1 - proba[:, 1])
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal(log_proba, np.log(proba))
    i40, i_40 = list(decisions).index(40.0), list(decisions).index(-40.0)
    assert proba[i40, 0] == 0.0 == frameworks.sklearn_class0_at_40()
    assert log_proba[i40, 0] == -math.inf
    assert math.isclose(proba[i_40, 1], exact_sigmoid(-40.0), rel_tol=1e-14)
    assert frameworks.sklearn_class1_at_minus_40() == proba[i_40, 1]
    # predict_log_proba warns when it takes the log of that 0.
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression().fit([[-1.0], [1.0]], [0, 1])
    model.coef_, model.intercept_ = np.array([[1.0]]), np.array([0.0])
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        model.predict_log_proba([[40.0]])


def test_scikit_learn_log_loss_clips_at_machine_epsilon():
    for dtype in frameworks.DTYPES:
        cap = frameworks.sklearn_log_loss(0, 1.0, dtype)
        assert math.isclose(cap, -math.log(np.finfo(dtype).eps), rel_tol=1e-6)
    assert frameworks.sklearn_log_loss_cap_float64() == frameworks.sklearn_log_loss(
        0, 1.0, "float64"
    )
    certainty = frameworks.sklearn_log_loss_of_certainty()
    assert math.isclose(certainty, np.finfo(np.float64).eps, rel_tol=1e-3)
