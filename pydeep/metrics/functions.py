"""Metric functions (per-sample values) and the Keras metrics pydeep does not have."""
import functools

from .. import _core
from .. import losses as _losses
from .base import Metric


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
