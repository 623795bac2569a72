"""The sigmoid in each framework: names, numerical stability and the gradient in the tails.

What installs from PyPI at a reasonable size is measured while the site is built: JAX
(on CPU) with Optax, SciPy and scikit-learn. PyTorch, TensorFlow/Keras and R are cited,
not run; their names in the tables below are what the page's sources say.

JAX is imported lazily by :func:`jax_modules` (about a second), which also switches on
64-bit floats. ``jax_enable_x64`` is a process-wide setting: without it JAX computes a
float64 request in float32 (with only a warning), and it must be set before JAX creates its first
array. No other module of the site uses JAX, so the switch is set once, here, before
any measurement; every array below is created with an explicit dtype.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import version
from typing import Any

import mpmath as mp
import numpy as np

from sigmoid_core import sigmoid_derivative
from sigmoid_core.website.content.floats import first_float_where
from sigmoid_core.website.content.registry import TableData, table, value

#: The packages whose behaviour the page reports, as installed when the site is built.
MEASURED_PACKAGES = ("jax", "jaxlib", "optax", "scipy", "scikit-learn", "numpy")
DTYPES = ("float32", "float64")


@functools.cache
def jax_modules() -> tuple[Any, Any, Any]:
    """(jax, jax.numpy, optax), imported once, with float64 switched on before any array."""
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import optax  # type: ignore[import-untyped]

    return jax, jnp, optax


def _jax_array(x: float, dtype: str) -> Any:
    _, jnp, _ = jax_modules()
    return jnp.asarray(x, dtype=dtype)


# ---------------------------------------------------------------- names


@dataclass(frozen=True)
class Name:
    """One name in a table cell; ``path`` is the attribute checked on a measured framework."""

    text: str
    path: str | None = None


@dataclass(frozen=True)
class Cell:
    names: tuple[Name, ...] = ()
    note: str = ""  # words after the names, or the whole cell when there are no names

    def markdown(self) -> str:
        shown = ", ".join(f"`{name.text}`" for name in self.names)
        return " ".join(part for part in (shown, self.note) if part)


NONE = "—"  # the framework (or the named module) has no such function: checked
NOT_CHECKED = "not checked"  # no source consulted says either way


def _n(text: str, path: str | None = None) -> Name:
    return Name(text, path)


def _j(path: str) -> Name:
    """A JAX or Optax name, shown as its path."""
    return Name(path, path)


FUNCTIONS = (
    "sigmoid",
    "log-sigmoid",
    "logit",
    "softplus",
    "BCE from probabilities",
    "BCE from logits, weighted",
    "hard sigmoid",
    "SiLU",
)

#: Cited frameworks (PyTorch, TensorFlow/Keras, R) and measured ones (JAX/Optax, SciPy,
#: scikit-learn), one Cell per entry of FUNCTIONS.
NAMES: dict[str, tuple[Cell, ...]] = {
    "PyTorch": (
        Cell((_n("torch.sigmoid"),)),
        Cell((_n("torch.nn.functional.logsigmoid"),)),
        Cell((_n("torch.logit(p, eps)"),)),
        Cell((_n("torch.nn.functional.softplus(x, beta, threshold)"),)),
        Cell((_n("torch.nn.BCELoss(weight)"),)),
        Cell((_n("torch.nn.BCEWithLogitsLoss(weight, pos_weight)"),)),
        Cell((_n("torch.nn.functional.hardsigmoid"),)),
        Cell((_n("torch.nn.SiLU"),)),
    ),
    "TensorFlow / Keras": (
        Cell((_n("tf.math.sigmoid"),)),
        Cell((_n("tf.math.log_sigmoid"),)),
        Cell(note=NOT_CHECKED),
        Cell((_n("tf.math.softplus"),)),
        Cell((_n("tf.keras.losses.BinaryCrossentropy()"),), "with `sample_weight`"),
        Cell(
            (
                _n("tf.nn.weighted_cross_entropy_with_logits(labels, logits, pos_weight)"),
                _n("BinaryCrossentropy(from_logits=True)"),
            )
        ),
        Cell((_n("tf.keras.activations.hard_sigmoid"),), "(Keras 2 and 3 differ)"),
        Cell((_n("tf.nn.silu"),), "(alias `tf.nn.swish`)"),
    ),
    "JAX / Optax": (
        Cell((_j("jax.nn.sigmoid"),)),
        Cell((_j("jax.nn.log_sigmoid"),)),
        Cell((_j("jax.scipy.special.logit"),)),
        Cell((_j("jax.nn.softplus"),)),
        Cell(note=NONE),
        Cell((_j("optax.sigmoid_binary_cross_entropy"),), "(no weight argument: multiply)"),
        Cell((_j("jax.nn.hard_sigmoid"),)),
        Cell((_j("jax.nn.silu"),), "(alias `jax.nn.swish`)"),
    ),
    "SciPy (`scipy.special`)": (
        Cell((_n("expit", "scipy.special.expit"),)),
        Cell((_n("log_expit", "scipy.special.log_expit"),)),
        Cell((_n("logit", "scipy.special.logit"),)),
        Cell((_n("softplus", "scipy.special.softplus"),)),
        Cell(note=f"{NONE} (build it from `xlogy`, `xlog1py`)"),
        Cell(note=f"{NONE} (build it from `log_expit`)"),
        Cell(note=NONE),
        Cell(note=NONE),
    ),
    "scikit-learn": (
        Cell(
            (
                _n(
                    "LogisticRegression.predict_proba",
                    "sklearn.linear_model.LogisticRegression.predict_proba",
                ),
            )
        ),
        Cell(
            (
                _n(
                    "LogisticRegression.predict_log_proba",
                    "sklearn.linear_model.LogisticRegression.predict_log_proba",
                ),
            )
        ),
        Cell(note=NONE),
        Cell(note=NONE),
        Cell(
            (_n("sklearn.metrics.log_loss", "sklearn.metrics.log_loss"),),
            "with `sample_weight`",
        ),
        Cell(note=f"{NONE} (`LogisticRegression` takes `class_weight`)"),
        Cell(note=NONE),
        Cell(note=NONE),
    ),
    "R (`stats`)": (
        Cell((_n("plogis(x)"),)),
        Cell((_n("plogis(x, log.p = TRUE)"),)),
        Cell((_n("qlogis(p)"),)),
        Cell((_n("-plogis(-x, log.p = TRUE)"),)),
        Cell(note=NOT_CHECKED),
        Cell(
            (_n("-plogis(z, log.p = TRUE)"),),
            "for y = 1; add `lower.tail = FALSE` for y = 0",
        ),
        Cell(note=NOT_CHECKED),
        Cell(note=NOT_CHECKED),
    ),
}

MEASURED_FRAMEWORKS = ("JAX / Optax", "SciPy (`scipy.special`)", "scikit-learn")


def resolve(path: str) -> Any:
    """The object a dotted path names: the longest importable module, then attributes."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part)
        return obj
    raise ImportError(path)


def measured_names() -> list[str]:
    """Every dotted path named in a measured framework's column."""
    return [
        name.path
        for framework in MEASURED_FRAMEWORKS
        for cell in NAMES[framework]
        for name in cell.names
        if name.path is not None
    ]


def _names_table(frameworks: tuple[str, ...]) -> TableData:
    if "JAX / Optax" in frameworks:
        jax_modules()  # resolve jax.* under the configuration of the measurements
    for framework in set(frameworks) & set(MEASURED_FRAMEWORKS):
        for cell in NAMES[framework]:
            for name in cell.names:
                if name.path is not None:
                    resolve(name.path)  # a misspelt or vanished name fails the build
    rows = [
        [function, *(NAMES[framework][i].markdown() for framework in frameworks)]
        for i, function in enumerate(FUNCTIONS)
    ]
    return ["Function", *frameworks], rows


@table()
def framework_names_deep_learning() -> TableData:
    return _names_table(("PyTorch", "TensorFlow / Keras", "JAX / Optax"))


@table()
def framework_names_scientific() -> TableData:
    return _names_table(("SciPy (`scipy.special`)", "scikit-learn", "R (`stats`)"))


@table()
def measured_versions() -> TableData:
    jax, _, _ = jax_modules()
    rows = [[f"`{package}`", version(package)] for package in MEASURED_PACKAGES]
    rows.append(["JAX backend", f"`{jax.default_backend()}`"])
    return ["Package", "Version"], rows


# ---------------------------------------------------------------- stability


@dataclass(frozen=True)
class Check:
    """An expression evaluated in float32 and float64 against its exact value."""

    label: str
    exact: Callable[[], Any]  # an mpmath number
    compute: Callable[[str], float]


def _softplus_exact(z: float) -> Any:
    with mp.workdps(60):
        return mp.log1p(mp.exp(mp.mpf(z)))


def _jax_checks() -> list[Check]:
    jax, jnp, optax = jax_modules()

    def bce(z: float, y: float) -> Callable[[str], float]:
        return lambda dt: float(
            optax.sigmoid_binary_cross_entropy(_jax_array(z, dt), _jax_array(y, dt))
        )

    return [
        Check(
            "log_sigmoid(-800)",
            lambda: -_softplus_exact(800.0),
            lambda dt: float(jax.nn.log_sigmoid(_jax_array(-800.0, dt))),
        ),
        Check(
            "log(sigmoid(-800))",
            lambda: -_softplus_exact(800.0),
            lambda dt: float(jnp.log(jax.nn.sigmoid(_jax_array(-800.0, dt)))),
        ),
        Check(
            "softplus(800)",
            lambda: _softplus_exact(800.0),
            lambda dt: float(jax.nn.softplus(_jax_array(800.0, dt))),
        ),
        Check("BCE(z=100, y=0)", lambda: _softplus_exact(100.0), bce(100.0, 0.0)),
        Check("BCE(z=-100, y=1)", lambda: _softplus_exact(100.0), bce(-100.0, 1.0)),
        Check("BCE(z=100, y=1)", lambda: _softplus_exact(-100.0), bce(100.0, 1.0)),
        Check("BCE(z=-100, y=0)", lambda: _softplus_exact(-100.0), bce(-100.0, 0.0)),
        Check("BCE(z=17, y=0)", lambda: _softplus_exact(17.0), bce(17.0, 0.0)),
        Check(
            "-log1p(-sigmoid(17))",
            lambda: _softplus_exact(17.0),
            lambda dt: float(-jnp.log1p(-jax.nn.sigmoid(_jax_array(17.0, dt)))),
        ),
        Check(
            "logit(sigmoid(17))",
            lambda: mp.mpf(17),
            lambda dt: float(jax.scipy.special.logit(jax.nn.sigmoid(_jax_array(17.0, dt)))),
        ),
    ]


def _scipy_checks() -> list[Check]:
    from scipy import special  # type: ignore[import-untyped]

    def arg(x: float, dt: str) -> Any:
        return np.asarray(x, dtype=dt)[()]

    return [
        Check(
            "log_expit(-800)",
            lambda: -_softplus_exact(800.0),
            lambda dt: float(special.log_expit(arg(-800.0, dt))),
        ),
        Check(
            "log(expit(-800))",
            lambda: -_softplus_exact(800.0),
            lambda dt: float(np.log(special.expit(arg(-800.0, dt)))),
        ),
        Check(
            "softplus(800)",
            lambda: _softplus_exact(800.0),
            lambda dt: float(special.softplus(arg(800.0, dt))),
        ),
        Check(
            "-log_expit(-17)",
            lambda: _softplus_exact(17.0),
            lambda dt: float(-special.log_expit(arg(-17.0, dt))),
        ),
        Check(
            "-log1p(-expit(17))",
            lambda: _softplus_exact(17.0),
            lambda dt: float(-np.log1p(-special.expit(arg(17.0, dt)))),
        ),
        Check(
            "logit(expit(17))",
            lambda: mp.mpf(17),
            lambda dt: float(special.logit(special.expit(arg(17.0, dt)))),
        ),
    ]


@dataclass(frozen=True)
class Measured:
    label: str
    exact: float
    results: dict[str, float]  # dtype -> value

    def status(self, dtype: str) -> str:
        """'correct' (within 8 eps of the exact value, relative above 1, absolute below),
        'fails' (not finite) or 'inaccurate'."""
        result = self.results[dtype]
        if not math.isfinite(result):
            return "fails"
        tolerance = 8 * float(np.finfo(dtype).eps) * max(abs(self.exact), 1.0)
        return "correct" if abs(result - self.exact) <= tolerance else "inaccurate"

    def stable(self) -> bool:
        return all(self.status(dtype) == "correct" for dtype in DTYPES)

    def verdict(self) -> str:
        if self.stable():
            return "stable"
        problems = []
        for dtype in DTYPES:
            status, result = self.status(dtype), self.results[dtype]
            if status == "fails":
                problems.append(f"{dtype} gives {format_number(result, dtype)}")
            elif status == "inaccurate":
                error = abs(result - self.exact) / abs(self.exact)
                problems.append(f"{dtype} relative error {error:.1e}")
        return "unstable: " + ", ".join(problems)


def _measure(checks: list[Check]) -> list[Measured]:
    measured = []
    with np.errstate(all="ignore"):
        for check in checks:
            exact = float(check.exact())
            results = {dtype: check.compute(dtype) for dtype in DTYPES}
            measured.append(Measured(check.label, exact, results))
    return measured


@functools.cache
def jax_stability() -> list[Measured]:
    return _measure(_jax_checks())


@functools.cache
def scipy_stability() -> list[Measured]:
    return _measure(_scipy_checks())


def format_number(x: float, dtype: str = "float64") -> str:
    """A result as the page prints it: 8 significant digits for float32, 12 for float64."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.{8 if dtype == 'float32' else 12}g}"


def format_exact(x: Any) -> str:
    """An mpmath number to 6 significant digits, however small (below float64's range too)."""
    text = mp.nstr(x, 6, min_fixed=-4, max_fixed=6)
    return text.removesuffix(".0")


def _stability_table(measured: list[Measured]) -> TableData:
    rows = [
        [
            f"`{m.label}`",
            format_number(m.exact),
            format_number(m.results["float32"], "float32"),
            format_number(m.results["float64"]),
            m.verdict(),
        ]
        for m in measured
    ]
    return ["Expression", "Exact", "float32", "float64", "Verdict"], rows


@table()
def jax_stability_checks() -> TableData:
    return _stability_table(jax_stability())


@table()
def scipy_stability_checks() -> TableData:
    return _stability_table(scipy_stability())


# ---------------------------------------------------------------- the gradient in the tails

GRADIENT_POINTS = (-40.0, 10.0, 20.0, 40.0)


@functools.cache
def jax_sigmoid_gradient(x: float, dtype: str) -> float:
    """jax.grad(jax.nn.sigmoid) at x, computed in dtype."""
    jax, _, _ = jax_modules()
    return float(jax.grad(jax.nn.sigmoid)(_jax_array(x, dtype)))


@table()
def jax_sigmoid_gradient_table() -> TableData:
    rows = [
        [
            f"{x:g}",
            f"{float(sigmoid_derivative(x)):.6e}",
            format_number(jax_sigmoid_gradient(x, "float32"), "float32"),
            format_number(jax_sigmoid_gradient(x, "float64")),
        ]
        for x in GRADIENT_POINTS
    ]
    return ["x", "exact σ′(x)", "float32", "float64"], rows


@functools.cache
def jax_gradient_jaxpr() -> list[str]:
    """The equations JAX traces for jax.grad(jax.nn.sigmoid), one per line."""
    jax, jnp, _ = jax_modules()
    text = str(jax.make_jaxpr(jax.grad(jax.nn.sigmoid))(jnp.asarray(1.0, dtype="float64")))
    return [
        line.strip()
        for line in text.splitlines()
        if re.match(r"^\s*\w+:f64\[\] = ", line)  # the equations, not the header
    ]


@table()
def jax_sigmoid_gradient_rule() -> TableData:
    return ["Step", "Equation JAX traces for `jax.grad(jax.nn.sigmoid)`"], [
        [str(i), f"`{line}`"] for i, line in enumerate(jax_gradient_jaxpr(), 1)
    ]


@value("g", "jax.grad(jax.nn.sigmoid) at x = 40 in float64")
def jax_grad_sigmoid_at_40_float64() -> float:
    return jax_sigmoid_gradient(40.0, "float64")


@value("g", "jax.grad(jax.nn.sigmoid) at x = 20 in float32")
def jax_grad_sigmoid_at_20_float32() -> float:
    return jax_sigmoid_gradient(20.0, "float32")


@value(".2e", "the exact sigma'(40), from the core")
def exact_sigmoid_derivative_at_40() -> float:
    return float(sigmoid_derivative(40.0))


@value(".1e", "relative error of jax.grad(jax.nn.sigmoid) at x = 10 in float32")
def jax_grad_sigmoid_error_at_10_float32() -> float:
    exact = float(sigmoid_derivative(10.0))
    return abs(jax_sigmoid_gradient(10.0, "float32") - exact) / exact


@functools.cache
def jax_gradient_zero_from(dtype: str) -> float:
    """Smallest x > 10 of dtype at which jax.grad(jax.nn.sigmoid) returns exactly 0."""
    jax, jnp, _ = jax_modules()
    gradient = jax.jit(jax.grad(jax.nn.sigmoid))
    return first_float_where(
        lambda x: float(gradient(jnp.asarray(x))) == 0.0, 10.0, 60.0, getattr(np, dtype)
    )


@functools.cache
def jax_sigmoid_one_from(dtype: str) -> float:
    """Smallest x > 10 of dtype at which jax.nn.sigmoid returns exactly 1."""
    jax, jnp, _ = jax_modules()
    forward = jax.jit(jax.nn.sigmoid)
    return first_float_where(
        lambda x: float(forward(jnp.asarray(x))) == 1.0, 10.0, 60.0, getattr(np, dtype)
    )


@value(".9g", "first float32 x at which jax.grad(jax.nn.sigmoid) is exactly 0")
def jax_gradient_zero_from_float32() -> float:
    return jax_gradient_zero_from("float32")


@value(".17g", "first float64 x at which jax.grad(jax.nn.sigmoid) is exactly 0")
def jax_gradient_zero_from_float64() -> float:
    return jax_gradient_zero_from("float64")


@value(".9g", "first float32 x at which jax.nn.sigmoid returns exactly 1")
def jax_sigmoid_one_from_float32() -> float:
    return jax_sigmoid_one_from("float32")


@value(".17g", "first float64 x at which jax.nn.sigmoid returns exactly 1")
def jax_sigmoid_one_from_float64() -> float:
    return jax_sigmoid_one_from("float64")


@value(".6f", "24 log 2: where exp(-x) falls to 2^-24, the float32 unit roundoff")
def twenty_four_log_two() -> float:
    return 24 * math.log(2)


@value("g", "jax.grad(jax.nn.log_sigmoid) at x = -800 in float64")
def jax_grad_log_sigmoid_at_minus_800() -> float:
    jax, _, _ = jax_modules()
    return float(jax.grad(jax.nn.log_sigmoid)(_jax_array(-800.0, "float64")))


@value(".3e", "jax.grad(jax.nn.log_sigmoid) at x = 40 in float64")
def jax_grad_log_sigmoid_at_40() -> float:
    jax, _, _ = jax_modules()
    return float(jax.grad(jax.nn.log_sigmoid)(_jax_array(40.0, "float64")))


@value(".3e", "d/dz of optax.sigmoid_binary_cross_entropy(z, 1) at z = 40 in float64")
def jax_grad_bce_at_40() -> float:
    jax, _, optax = jax_modules()
    loss = optax.sigmoid_binary_cross_entropy
    return float(jax.grad(loss)(_jax_array(40.0, "float64"), _jax_array(1.0, "float64")))


@value("g", "d/dz of -log(jax.nn.sigmoid(z)) at z = 40 in float64, through sigmoid's gradient")
def jax_grad_naive_bce_at_40() -> float:
    jax, jnp, _ = jax_modules()
    gradient = jax.grad(lambda z: -jnp.log(jax.nn.sigmoid(z)))(_jax_array(40.0, "float64"))
    return float(gradient) + 0.0  # JAX returns -0.0; the page shows it as 0


@value(".1e", "relative error of returning x for softplus(x) at x = 20 (PyTorch's threshold)")
def softplus_threshold_relative_error() -> float:
    with mp.workdps(40):
        exact = _softplus_exact(20.0)
        return float((exact - 20) / exact)


@value(".6f", "jax.nn.hard_sigmoid(1)")
def jax_hard_sigmoid_at_1() -> float:
    jax, _, _ = jax_modules()
    return float(jax.nn.hard_sigmoid(_jax_array(1.0, "float64")))


# ---------------------------------------------------------------- scikit-learn

DECISIONS = (-800.0, -40.0, 40.0, 800.0)


@functools.cache
def sklearn_extremes() -> tuple[np.ndarray, np.ndarray]:
    """predict_proba and predict_log_proba of a LogisticRegression whose decision
    function is exactly x (coefficient 1, intercept 0), at the DECISIONS."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    model = LogisticRegression().fit([[-1.0], [1.0], [-2.0], [2.0]], [0, 1, 0, 1])
    model.coef_ = np.array([[1.0]])
    model.intercept_ = np.array([0.0])
    x = np.array(DECISIONS).reshape(-1, 1)
    assert np.array_equal(model.decision_function(x), np.array(DECISIONS))
    with warnings.catch_warnings(), np.errstate(divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # log(0) is what is shown
        return model.predict_proba(x), model.predict_log_proba(x)


@table()
def sklearn_extreme_decisions() -> TableData:
    proba, log_proba = sklearn_extremes()
    rows = [
        [
            f"{d:g}",
            format_number(float(proba[i, 1])),
            format_number(float(proba[i, 0])),
            format_exact(mp.mpf(1) / (1 + mp.exp(mp.mpf(d)))),
            format_number(float(log_proba[i, 0])),
        ]
        for i, d in enumerate(DECISIONS)
    ]
    return [
        "decision d",
        "`predict_proba`, class 1",
        "class 0",
        "exact σ(−d)",
        "`predict_log_proba`, class 0",
    ], rows


@value("g", "scikit-learn predict_proba for class 0 at decision value 40")
def sklearn_class0_at_40() -> float:
    return float(sklearn_extremes()[0][2, 0])


@value(".2e", "scikit-learn predict_proba for class 1 at decision value -40")
def sklearn_class1_at_minus_40() -> float:
    return float(sklearn_extremes()[0][1, 1])


def sklearn_log_loss(y: int, p: float, dtype: str) -> float:
    """sklearn.metrics.log_loss of one prediction p (of class 1) for the label y."""
    from sklearn.metrics import log_loss  # type: ignore[import-untyped]

    return float(log_loss([y], np.array([p], dtype=dtype), labels=[0, 1]))


@value(".2f", "sklearn log_loss of a float64 probability 1 for label 0")
def sklearn_log_loss_cap_float64() -> float:
    return sklearn_log_loss(0, 1.0, "float64")


@value(".2f", "sklearn log_loss of a float32 probability 1 for label 0")
def sklearn_log_loss_cap_float32() -> float:
    return sklearn_log_loss(0, 1.0, "float32")


@value(".2e", "sklearn log_loss of a float64 probability 1 for label 1")
def sklearn_log_loss_of_certainty() -> float:
    return sklearn_log_loss(1, 1.0, "float64")
