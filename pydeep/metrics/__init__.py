"""``pydeep.metrics``: Keras 3's metrics over the C++ core.

Every metric keeps its state in a core object (``self._native``) that reads
the batch in place and accumulates in double, with the GIL released; the
trainer updates those core objects directly, every batch, without Python.
Formulas, shapes, sample-weight rules, names, defaults and configs are Keras
3's (``keras/src/metrics/``); ``AUC``, ``Precision``, ``Recall`` and the other
confusion metrics count exactly as Keras does (including its bucketing of
evenly spaced thresholds).

``result()`` returns a 0-d float32 ``pydeep.Tensor`` (Keras returns a 0-d
backend tensor), or a 1-d one for confusion metrics given several
thresholds: ``float(m.result())`` works either way for scalars. Metrics
written in Python (subclasses of ``Metric`` with their own ``update_state``
and ``result``, or ``MeanMetricWrapper`` around a Python function) run in the
core too, through a callback into Python.

Differences from Keras, on purpose: ``dtype`` other than ``None``/``"float32"``
raises ``NotImplementedError``; y_true/y_pred must have one shape up to a
trailing 1 (Keras would broadcast some mismatches silently); the state of
core metrics is not exposed as ``variables``; ``get(name)`` also accepts any
loss name (``"huber"``, ``"log_cosh"``...) as the mean of the per-sample loss.
The ``F1Score``/``FBetaScore``, IoU, ``R2Score`` and correlation metrics raise
``NotImplementedError``.
"""
import inspect

from .. import _core
from .._naming import snake_case as _snake
from .base import Mean, Metric, Sum
from .confusion_metrics import *  # noqa: F401,F403
from .functions import *  # noqa: F401,F403
from .mean_metrics import *  # noqa: F401,F403

__all__ = [
    "Metric", "Mean", "Sum", "MeanMetricWrapper", "Accuracy", "BinaryAccuracy",
    "CategoricalAccuracy", "SparseCategoricalAccuracy", "TopKCategoricalAccuracy",
    "SparseTopKCategoricalAccuracy", "MeanSquaredError", "MeanAbsoluteError",
    "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "RootMeanSquaredError",
    "LogCoshError", "CosineSimilarity", "BinaryCrossentropy", "CategoricalCrossentropy",
    "SparseCategoricalCrossentropy", "KLDivergence", "Poisson", "Hinge", "SquaredHinge",
    "CategoricalHinge", "Precision", "Recall", "TruePositives", "FalsePositives",
    "TrueNegatives", "FalseNegatives", "AUC", "SensitivityAtSpecificity",
    "SpecificityAtSensitivity", "PrecisionAtRecall", "RecallAtPrecision",
    "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
    "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "kl_divergence", "poisson",
    "hinge", "squared_hinge", "categorical_hinge", "get", "serialize", "deserialize",
]


# --- lookup -----------------------------------------------------------------------

_CLASSES = {c.__name__: c for c in (
    Metric, Mean, Sum, MeanMetricWrapper, Accuracy, BinaryAccuracy, CategoricalAccuracy,
    SparseCategoricalAccuracy, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy,
    MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, RootMeanSquaredError, LogCoshError, CosineSimilarity,
    BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, KLDivergence,
    Poisson, Hinge, SquaredHinge, CategoricalHinge, Precision, Recall, TruePositives,
    FalsePositives, TrueNegatives, FalseNegatives, AUC, SensitivityAtSpecificity,
    SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision, F1Score, FBetaScore, IoU,
    BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU, R2Score, PearsonCorrelation,
    ConcordanceCorrelation)}
# keras.metrics.get's table: class names, their snake_case names, a few aliases.
_OBJECTS = {**_CLASSES, **{_snake(n): c for n, c in _CLASSES.items()},
            "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy, "mse": MeanSquaredError,
            "MSE": MeanSquaredError, "mae": MeanAbsoluteError, "MAE": MeanAbsoluteError,
            "mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
            "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError}


def serialize(metric):
    """A Keras-3-style config dict for a Metric instance or metric function."""
    if isinstance(metric, Metric):
        return {"module": "keras.metrics", "class_name": type(metric).__name__,
                "config": metric.get_config(), "registered_name": None}
    if callable(metric) and hasattr(metric, "__name__"):
        return {"module": "builtins", "class_name": "function", "config": metric.__name__,
                "registered_name": "function"}
    raise ValueError(f"Cannot serialize metric {metric!r}")


def _lookup(name, custom_objects=None):
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in _OBJECTS:
        return _OBJECTS[name]
    if name in globals() and callable(globals()[name]) and name in __all__:
        return globals()[name]
    raise ValueError(f"Could not interpret metric identifier: {name}")


def deserialize(config, custom_objects=None):
    """A Metric instance (or class/function, for a name) from serialize's output."""
    if isinstance(config, str):
        return _lookup(config, custom_objects)
    if isinstance(config, dict) and "class_name" in config:
        if config["class_name"] == "function":
            return _lookup(config["config"], custom_objects)
        return _lookup(config["class_name"], custom_objects).from_config(config.get("config") or {})
    raise ValueError(f"Could not interpret metric identifier: {config}")


def get(identifier):
    """A metric from a class or snake_case name (an instance with default
    arguments, as Keras), a ``{"class_name", "config"}`` dict, a Metric
    instance or class, or a function (returned as is). Any loss name
    (``"huber"``, ...) gives a MeanMetricWrapper around that loss."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = _OBJECTS.get(identifier)
        if obj is None and identifier in _core.loss_names():
            return MeanMetricWrapper(fn=identifier, name=identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret metric identifier: {identifier}")
