"""Metrics that average a per-sample value: MeanMetricWrapper and its Keras classes."""
from .. import _core
from .. import losses as _losses
from .base import Mean, Metric, _builtin_class, _tensor


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
