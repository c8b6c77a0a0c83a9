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
import functools
import inspect

import numpy as np

from . import _core
from ._naming import auto_name as _auto_name
from ._naming import check_float32_dtype
from ._naming import snake_case as _snake
from . import losses as _losses

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









def _plain(value):
    """Config values for the core: numpy arrays/scalars and tuples as lists/numbers."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.ndarray, np.generic)) or hasattr(value, "__array__"):
        return np.asarray(value).tolist()
    return value


def _tensor(values):
    values = np.asarray(values, dtype=np.float32)
    return _core.convert_to_tensor(values[0] if values.size == 1 else values)


class Metric:
    """Base class of the metrics (Keras 3's ``keras.metrics.Metric``).

    Subclass it with ``update_state(...)``, ``result()`` and (when the state
    is not just ``add_variable`` variables) ``reset_state()``, written with
    ``pydeep.ops``; the trainer calls them through the core. ``m(...)``
    updates and returns ``result()``.
    """

    def __init__(self, dtype=None, name=None):
        _check_dtype(dtype, type(self).__name__)
        self._variables = []
        config = {"name": name or _auto_name(type(self).__name__)}
        self._native = _core.PythonMetric(self, config, type(self).__name__)

    @property
    def name(self):
        return self._native.name

    @name.setter
    def name(self, value):
        self._native.name = str(value)

    @property
    def dtype(self):
        return "float32"

    @property
    def variables(self):
        return list(self._variables)

    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        """A non-trainable ``pydeep.Variable`` of the metric's state."""
        from .variables import Variable
        if initializer is None or (isinstance(initializer, str) and initializer == "zeros"):
            initializer = np.zeros(tuple(shape), dtype="float32")
        elif isinstance(initializer, str) and initializer == "ones":
            initializer = np.ones(tuple(shape), dtype="float32")
        variable = Variable(initializer, shape=shape, dtype=dtype, trainable=False,
                            aggregation=aggregation, synchronization="on_read", name=name)
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    def update_state(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__}: subclasses of Metric implement "
                                  "update_state()")

    def result(self):
        raise NotImplementedError(f"{type(self).__name__}: subclasses of Metric implement result()")

    def reset_state(self):
        for v in self._variables:
            v.assign(np.zeros(v.shape, dtype=v.dtype))

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

    __str__ = __repr__


def _builtin_class(cls):
    """The first class of this module in cls's MRO: the core class it computes."""
    return next(c for c in cls.__mro__ if c.__module__ == __name__ and c.__name__[0] != "_")


class _NativeMetric(Metric):
    """A metric computed by a core metric (``self._core``).

    ``self._native`` (what the trainer updates) is that core metric, or, for
    a user subclass that overrides update_state/result/reset_state, a
    callback into those overrides (which may call ``super()``)."""

    _core_class = None  # default: the name of the pydeep class

    def _init_native(self, name, dtype, **arguments):
        _check_dtype(dtype, type(self).__name__)
        self._variables = []
        base = _builtin_class(type(self))
        core_class = self._core_class or base.__name__
        config = {"name": name or _auto_name(core_class), **_plain(arguments)}
        self._core = self._native = _core.make_metric(core_class, config)
        if any(getattr(type(self), m) is not getattr(base, m)
               for m in ("update_state", "result", "reset_state")):
            self._native = _core.PythonMetric(self, {"name": self._core.name}, type(self).__name__)

    @Metric.name.setter
    def name(self, value):
        self._native.name = self._core.name = str(value)

    def update_state(self, y_true, y_pred, sample_weight=None):
        self._core.update_state(y_true, y_pred, sample_weight)

    def result(self):
        return _tensor(self._core.result_values())

    def reset_state(self):
        self._core.reset_state()

    def get_config(self):
        return self._core.get_config()


class Sum(_NativeMetric):
    """The (weighted) sum of the given values: ``update_state(values, sample_weight=None)``."""

    def __init__(self, name="sum", dtype=None):
        self._init_native(name, dtype)

    def update_state(self, values, sample_weight=None):
        self._core.update_values(values, sample_weight)


class Mean(_NativeMetric):
    """The (weighted) mean of the given values: ``update_state(values, sample_weight=None)``.

    Values of a higher rank than the weights are first averaged over the axes
    the weights lack; each sample then counts with the mean of its weights."""

    def __init__(self, name="mean", dtype=None):
        self._init_native(name, dtype)

    def update_state(self, values, sample_weight=None):
        self._core.update_values(values, sample_weight)


def _fn_identifier(fn):
    """The core's name of a metric/loss function, or None for other callables."""
    if isinstance(fn, str):
        return fn
    name = getattr(fn, "__name__", None)
    for module in (globals(), vars(_losses)):
        if name and module.get(name) is fn:
            return name
    return None


class MeanMetricWrapper(Mean):
    """The weighted mean over samples of ``fn(y_true, y_pred, **kwargs)``.

    ``fn`` is a function of this module or of ``pydeep.losses``, or the name
    of one (computed in C++), or any Python function returning per-sample
    values (run in Python, averaged in C++)."""

    _mean = None  # the core Mean behind a Python fn

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        self._fn, self._fn_kwargs = fn, kwargs
        identifier = _fn_identifier(fn)
        if identifier is not None:
            self._core_class = "MeanMetricWrapper"
            self._init_native(name, dtype, fn=identifier, **kwargs)
            return
        if not callable(fn):
            raise ValueError(f"MeanMetricWrapper: `fn` must be callable; received fn={fn!r}")
        Metric.__init__(self, dtype=dtype, name=name)
        self._core = self._native
        self._mean = _core.make_metric("Mean", {"name": self.name})

    def update_state(self, y_true, y_pred, sample_weight=None):
        if self._mean is None:
            return self._core.update_state(y_true, y_pred, sample_weight)
        self._mean.update_values(self._fn(y_true, y_pred, **self._fn_kwargs), sample_weight)

    def result(self):
        return _tensor((self._core if self._mean is None else self._mean).result_values())

    def reset_state(self):
        (self._core if self._mean is None else self._mean).reset_state()

    def get_config(self):
        if _builtin_class(type(self)) is not MeanMetricWrapper:
            return self._core.get_config()
        fn = _fn_identifier(self._fn) or getattr(self._fn, "__name__", repr(self._fn))
        return {"name": self.name, "dtype": self.dtype, "fn": fn, **self._fn_kwargs}


def _simple(class_name, base, default_name, doc):
    """A metric class whose only arguments are name and dtype."""

    def __init__(self, name=default_name, dtype=None):
        self._init_native(name, dtype)

    return type(class_name, (base,), {"__init__": __init__, "__module__": __name__,
                                      "__qualname__": class_name, "__doc__": doc})


Accuracy = _simple("Accuracy", MeanMetricWrapper, "accuracy",
                   "How often predictions equal labels (elementwise).")
CategoricalAccuracy = _simple("CategoricalAccuracy", MeanMetricWrapper, "categorical_accuracy",
                              "How often argmax(y_pred) equals argmax(y_true) (one-hot labels).")
SparseCategoricalAccuracy = _simple("SparseCategoricalAccuracy", MeanMetricWrapper,
                                    "sparse_categorical_accuracy",
                                    "How often argmax(y_pred) equals the integer label.")
MeanSquaredError = _simple("MeanSquaredError", MeanMetricWrapper, "mean_squared_error",
                           "Mean over samples of mean(square(y_true - y_pred), axis=-1).")
MeanAbsoluteError = _simple("MeanAbsoluteError", MeanMetricWrapper, "mean_absolute_error",
                            "Mean over samples of mean(abs(y_true - y_pred), axis=-1).")
MeanAbsolutePercentageError = _simple(
    "MeanAbsolutePercentageError", MeanMetricWrapper, "mean_absolute_percentage_error",
    "Mean over samples of 100 * mean(abs((y_true - y_pred) / max(abs(y_true), 1e-7)), -1).")
MeanSquaredLogarithmicError = _simple(
    "MeanSquaredLogarithmicError", MeanMetricWrapper, "mean_squared_logarithmic_error",
    "Mean over samples of mean(square(log1p(max(y_pred, 1e-7)) - log1p(max(y_true, 1e-7))), -1).")
LogCoshError = _simple("LogCoshError", MeanMetricWrapper, "logcosh",
                       "Mean over samples of mean(log(cosh(y_pred - y_true)), axis=-1).")
KLDivergence = _simple("KLDivergence", MeanMetricWrapper, "kl_divergence",
                       "Mean over samples of the Kullback-Leibler divergence.")
Poisson = _simple("Poisson", MeanMetricWrapper, "poisson",
                  "Mean over samples of mean(y_pred - y_true * log(y_pred + 1e-7), axis=-1).")
Hinge = _simple("Hinge", MeanMetricWrapper, "hinge", "Mean over samples of the hinge loss.")
SquaredHinge = _simple("SquaredHinge", MeanMetricWrapper, "squared_hinge",
                       "Mean over samples of the squared hinge loss.")
CategoricalHinge = _simple("CategoricalHinge", MeanMetricWrapper, "categorical_hinge",
                           "Mean over samples of the categorical hinge loss.")


class RootMeanSquaredError(Mean):
    """sqrt of the weighted mean of the elementwise squared errors."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        self._init_native(name, dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        self._core.update_state(y_true, y_pred, sample_weight)


class BinaryAccuracy(MeanMetricWrapper):
    """How often ``y_pred > threshold`` equals the binary label."""

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        self._init_native(name, dtype, threshold=threshold)
        self.threshold = threshold


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot target is among the ``k`` largest predictions."""

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        self._init_native(name, dtype, k=k)
        self.k = k


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer target is among the ``k`` largest predictions (or,
    with ``from_sorted_ids``, among the first ``k`` ids of ``y_pred``)."""

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids=False):
        self._init_native(name, dtype, k=k, from_sorted_ids=from_sorted_ids)
        self.k, self.from_sorted_ids = k, from_sorted_ids


class CosineSimilarity(MeanMetricWrapper):
    """Mean over samples of the cosine similarity along the last axis."""

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        self._init_native(name, dtype, axis=axis)


class BinaryCrossentropy(MeanMetricWrapper):
    """Mean over samples of the binary crossentropy."""

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0):
        self._init_native(name, dtype, from_logits=from_logits, label_smoothing=label_smoothing)


class CategoricalCrossentropy(MeanMetricWrapper):
    """Mean over samples of the categorical crossentropy (one-hot labels)."""

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False,
                 label_smoothing=0, axis=-1):
        self._init_native(name, dtype, from_logits=from_logits, label_smoothing=label_smoothing,
                          axis=axis)


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """Mean over samples of the crossentropy with integer labels."""

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False,
                 ignore_class=None, axis=-1):
        self._init_native(name, dtype, from_logits=from_logits, ignore_class=ignore_class,
                          axis=axis)


def _thresholds_class(class_name, doc):
    """TruePositives & co.: arguments thresholds, name, dtype."""

    def __init__(self, thresholds=None, name=None, dtype=None):
        self._init_native(name, dtype, thresholds=thresholds)

    return type(class_name, (_NativeMetric,), {"__init__": __init__, "__module__": __name__,
                                               "__qualname__": class_name, "__doc__": doc})


TruePositives = _thresholds_class("TruePositives", "Weighted count of true positives.")
FalsePositives = _thresholds_class("FalsePositives", "Weighted count of false positives.")
TrueNegatives = _thresholds_class("TrueNegatives", "Weighted count of true negatives.")
FalseNegatives = _thresholds_class("FalseNegatives", "Weighted count of false negatives.")


class Precision(_NativeMetric):
    """tp / (tp + fp) at each threshold (``y_pred > threshold``); ``top_k`` and
    ``class_id`` restrict the predictions as in Keras."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        self._init_native(name, dtype, thresholds=thresholds, top_k=top_k, class_id=class_id)


class Recall(_NativeMetric):
    """tp / (tp + fn) at each threshold; ``top_k`` and ``class_id`` as Precision."""

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        self._init_native(name, dtype, thresholds=thresholds, top_k=top_k, class_id=class_id)


class SensitivityAtSpecificity(_NativeMetric):
    """The best recall (sensitivity) where specificity >= ``specificity``."""

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        self._init_native(name, dtype, specificity=specificity, num_thresholds=num_thresholds,
                          class_id=class_id)


class SpecificityAtSensitivity(_NativeMetric):
    """The best specificity where recall (sensitivity) >= ``sensitivity``."""

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        self._init_native(name, dtype, sensitivity=sensitivity, num_thresholds=num_thresholds,
                          class_id=class_id)


class PrecisionAtRecall(_NativeMetric):
    """The best precision where recall >= ``recall``."""

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        self._init_native(name, dtype, recall=recall, num_thresholds=num_thresholds,
                          class_id=class_id)


class RecallAtPrecision(_NativeMetric):
    """The best recall where precision >= ``precision``."""

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        self._init_native(name, dtype, precision=precision, num_thresholds=num_thresholds,
                          class_id=class_id)


class AUC(_NativeMetric):
    """Area under the ROC or PR curve from confusion counts at ``num_thresholds``
    thresholds; ``multi_label`` averages one curve per label column."""

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False):
        self._init_native(name, dtype, num_thresholds=num_thresholds, curve=curve,
                          summation_method=summation_method, thresholds=thresholds,
                          multi_label=multi_label, num_labels=num_labels,
                          label_weights=label_weights, from_logits=from_logits)

    @property
    def thresholds(self):
        config = self._core.get_config()
        n, given = config["num_thresholds"], config.get("thresholds")
        inner = given if given is not None else [(i + 1) / (n - 1) for i in range(n - 2)]
        return [0.0 - 1e-7] + list(inner) + [1.0 + 1e-7]


def _unsupported(class_name):
    def __init__(self, *args, **kwargs):
        raise NotImplementedError(f"The Keras metric {class_name} is not implemented in pydeep")
    return type(class_name, (Metric,), {"__init__": __init__, "__module__": __name__,
                                        "__qualname__": class_name})


F1Score, FBetaScore, IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU, R2Score, \
    PearsonCorrelation, ConcordanceCorrelation = [_unsupported(n) for n in (
        "F1Score", "FBetaScore", "IoU", "BinaryIoU", "MeanIoU", "OneHotIoU", "OneHotMeanIoU",
        "R2Score", "PearsonCorrelation", "ConcordanceCorrelation")]



# --- functions: per-sample values ----------------------------------------------

@functools.lru_cache(maxsize=None)
def _function_metric(core_class, items):
    return _core.make_metric(core_class, dict(items) or None)


def _samplewise(core_class, y_true, y_pred, **kwargs):
    return _function_metric(core_class, tuple(kwargs.items())).samplewise_values(y_true, y_pred)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where ``(y_pred > threshold) == y_true``, elementwise (not differentiable)."""
    return _samplewise("BinaryAccuracy", y_true, y_pred, threshold=float(threshold))


def categorical_accuracy(y_true, y_pred):
    """1.0 where argmax(y_true) == argmax(y_pred) over the last axis: (..., c) -> (...)."""
    return _samplewise("CategoricalAccuracy", y_true, y_pred)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the integer label equals argmax(y_pred) over the last axis."""
    return _samplewise("SparseCategoricalAccuracy", y_true, y_pred)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot target is among the k largest predictions."""
    return _samplewise("TopKCategoricalAccuracy", y_true, y_pred, k=int(k))


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer target is among the k largest predictions (or, with
    from_sorted_ids, among the first k class ids of y_pred)."""
    return _samplewise("SparseTopKCategoricalAccuracy", y_true, y_pred, k=int(k),
                       from_sorted_ids=bool(from_sorted_ids))


# Keras's metric namespace re-exports these loss functions (differentiable).
mean_squared_error = _losses.mean_squared_error
mean_absolute_error = _losses.mean_absolute_error
mean_absolute_percentage_error = _losses.mean_absolute_percentage_error
mean_squared_logarithmic_error = _losses.mean_squared_logarithmic_error
huber = _losses.huber
log_cosh = _losses.log_cosh
binary_crossentropy = _losses.binary_crossentropy
categorical_crossentropy = _losses.categorical_crossentropy
sparse_categorical_crossentropy = _losses.sparse_categorical_crossentropy
kl_divergence = _losses.kl_divergence
poisson = _losses.poisson
hinge = _losses.hinge
squared_hinge = _losses.squared_hinge
categorical_hinge = _losses.categorical_hinge


def _unsupported_fn(fn_name):
    def fn(*args, **kwargs):
        raise NotImplementedError(f"The Keras metric function {fn_name} is not implemented in "
                                  "pydeep")
    fn.__name__ = fn.__qualname__ = fn_name
    return fn


binary_focal_crossentropy, categorical_focal_crossentropy, pearson_correlation, \
    concordance_correlation = [_unsupported_fn(n) for n in (
        "binary_focal_crossentropy", "categorical_focal_crossentropy", "pearson_correlation",
        "concordance_correlation")]


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


def _check_dtype(dtype, who):
    check_float32_dtype(dtype, who, "metrics report")
