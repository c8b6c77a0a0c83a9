"""Confusion-matrix metrics (Precision, Recall, AUC, ...), counted in the core as Keras does."""
from .base import _NativeMetric


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
