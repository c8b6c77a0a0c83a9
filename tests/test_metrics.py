"""pydeep.metrics: every metric over several weighted batches against an
independent numpy float64 computation, and against Keras 3 itself (torch
backend) where installed; reset_state, configs, accuracy resolution, bad input."""
import os
import re

import numpy as np
import pytest

import pydeep.metrics as M
from pydeep import _core

os.environ.setdefault("KERAS_BACKEND", "torch")
EPS = 1e-7


# --- data: three batches of each kind, with sample weights (some zero) --------

def _batches(kind, seed=0, n=3, b=16, c=4):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        w = rng.uniform(0, 2, size=b).astype(np.float32)
        w[rng.integers(0, b, 3)] = 0
        if kind == "binary":  # (b, 1) probabilities, 0/1 labels (b,)
            t = rng.integers(0, 2, b).astype(np.float32)
            p = rng.uniform(size=(b, 1)).astype(np.float32)
        elif kind == "multilabel":  # (b, c)
            t = rng.integers(0, 2, (b, c)).astype(np.float32)
            p = rng.uniform(size=(b, c)).astype(np.float32)
        elif kind in ("categorical", "sparse"):
            labels = rng.integers(0, c, b)
            p = rng.dirichlet(np.ones(c), b).astype(np.float32)
            t = np.eye(c, dtype=np.float32)[labels] if kind == "categorical" else labels
        else:  # regression, positive values (for MSLE/MAPE/Poisson)
            t = rng.uniform(0.1, 2, (b, c)).astype(np.float32)
            p = rng.uniform(0.1, 2, (b, c)).astype(np.float32)
        out.append((t, p, w))
    return out


def _weighted(per_sample):
    """numpy reference of a mean metric: sum(v * w) / sum(w) over all batches."""
    def ref(batches, **kw):
        v = np.concatenate([per_sample(np.asarray(t, np.float64), np.asarray(p, np.float64), **kw)
                            for t, p, _ in batches])
        w = np.concatenate([bw for _, _, bw in batches]).astype(np.float64)
        return (v * w).sum() / w.sum()
    return ref


def _in_top_k(labels, p, k):
    target = np.take_along_axis(p, labels[:, None].astype(int), 1)
    return ((p > target).sum(1) < k).astype(np.float64)


def _cos(t, p):
    n = lambda x: x * np.minimum(1 / np.sqrt((x * x).sum(-1, keepdims=True)), 1 / EPS)  # noqa
    return (n(t) * n(p)).sum(-1)


def _bce(t, p):
    t = t.reshape(p.shape)
    p = np.clip(p, EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean(-1)


MEAN_CASES = [  # name, kwargs, data kind, numpy per-sample function
    ("BinaryAccuracy", {}, "binary", lambda t, p: (t == (p[:, 0] > 0.5))),
    ("BinaryAccuracy", {"threshold": 0.3}, "multilabel", lambda t, p: (t == (p > 0.3)).mean(1)),
    ("CategoricalAccuracy", {}, "categorical", lambda t, p: t.argmax(1) == p.argmax(1)),
    ("SparseCategoricalAccuracy", {}, "sparse", lambda t, p: t == p.argmax(1)),
    ("TopKCategoricalAccuracy", {"k": 2}, "categorical",
     lambda t, p: _in_top_k(t.argmax(1), p, 2)),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse", lambda t, p: _in_top_k(t, p, 2)),
    ("MeanSquaredError", {}, "regression", lambda t, p: ((t - p) ** 2).mean(1)),
    ("MeanAbsoluteError", {}, "regression", lambda t, p: np.abs(t - p).mean(1)),
    ("MeanAbsolutePercentageError", {}, "regression",
     lambda t, p: 100 * (np.abs(t - p) / np.maximum(np.abs(t), EPS)).mean(1)),
    ("MeanSquaredLogarithmicError", {}, "regression",
     lambda t, p: ((np.log1p(p) - np.log1p(t)) ** 2).mean(1)),
    ("LogCoshError", {}, "regression", lambda t, p: np.log(np.cosh(p - t)).mean(1)),
    ("CosineSimilarity", {}, "regression", _cos),
    ("BinaryCrossentropy", {}, "binary", _bce),
    ("CategoricalCrossentropy", {}, "categorical",
     lambda t, p: -(t * np.log(np.clip(p / p.sum(1, keepdims=True), EPS, 1 - EPS))).sum(1)),
    ("SparseCategoricalCrossentropy", {}, "sparse",
     lambda t, p: -np.log(np.clip(p[np.arange(len(t)), t.astype(int)], EPS, 1 - EPS))),
    ("KLDivergence", {}, "categorical",
     lambda t, p: (np.clip(t, EPS, 1) * np.log(np.clip(t, EPS, 1) / np.clip(p, EPS, 1))).sum(1)),
    ("Poisson", {}, "regression", lambda t, p: (p - t * np.log(p + EPS)).mean(1)),
    ("Hinge", {}, "multilabel", lambda t, p: np.maximum(1 - (2 * t - 1) * p, 0).mean(1)),
]


def _run(metric, batches, weighted=True):
    for t, p, w in batches:
        metric.update_state(t, p, sample_weight=w if weighted else None)
    result = np.asarray(metric.result(), np.float64)
    return float(result) if result.ndim == 0 else result


@pytest.mark.parametrize("name,kwargs,kind,fn", MEAN_CASES, ids=lambda c: str(c))
def test_mean_metrics_match_numpy(name, kwargs, kind, fn):
    batches = _batches(kind)
    m = getattr(M, name)(**kwargs)
    assert _run(m, batches) == pytest.approx(_weighted(fn)(batches), rel=1e-5, abs=1e-6)
    m.reset_state()
    assert float(m.result()) == 0.0
    unweighted = [(t, p, np.ones_like(w)) for t, p, w in batches]
    assert _run(m, batches, weighted=False) == pytest.approx(_weighted(fn)(unweighted), rel=1e-5)


def test_root_mean_squared_error_and_reductions():
    batches = _batches("regression")
    err = sum(((t - p.astype(np.float64)) ** 2).mean(1) @ w for t, p, w in batches)
    want = np.sqrt(err / sum(w.sum() for _, _, w in batches))
    assert _run(M.RootMeanSquaredError(), batches) == pytest.approx(want, rel=1e-6)
    m = M.Mean()
    m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    m.update_state(np.array([[2.0, 4.0]]), sample_weight=[3.0])  # per-sample mean 3, weight 3
    assert float(m.result()) == pytest.approx((1 + 3 + 9) / 5)
    s = M.Sum()
    s.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    s.update_state(np.ones((2, 3)))
    assert float(s.result()) == 10.0


def _confusion(batches, thresholds, top_k=None, class_id=None):
    """numpy tp, fp, tn, fn per threshold by direct comparison (p > t)."""
    tp, fp, tn, fn = (np.zeros(len(thresholds)) for _ in range(4))
    for t, p, w in batches:
        t, p = np.asarray(t, np.float64).reshape(p.shape), p.astype(np.float64)
        w = np.broadcast_to(w.reshape(-1, *([1] * (p.ndim - 1))), p.shape)
        if top_k is not None:
            keep = np.zeros(p.shape, bool)
            np.put_along_axis(keep, np.argsort(-p, 1, kind="stable")[:, :top_k], True, 1)
            p = np.where(keep, p, -1e10)
        if class_id is not None:
            t, p, w = t[:, class_id], p[:, class_id], w[:, class_id]
        for i, th in enumerate(np.float32(thresholds)):
            pos, lab = p > th, t != 0
            tp[i] += w[pos & lab].sum()
            fp[i] += w[pos & ~lab].sum()
            tn[i] += w[~pos & ~lab].sum()
            fn[i] += w[~pos & lab].sum()
    return tp, fp, tn, fn


def _div(a, b):
    return np.where(b == 0, 0.0, a / np.where(b == 0, 1, b))


CONFUSION_CASES = [  # name, kwargs, kind, reference(tp, fp, tn, fn), thresholds, top_k, class_id
    ("Precision", {}, "binary", lambda tp, fp, tn, fn: _div(tp, tp + fp), [0.5], None, None),
    ("Recall", {"thresholds": [0.2, 0.7]}, "multilabel",
     lambda tp, fp, tn, fn: _div(tp, tp + fn), [0.2, 0.7], None, None),
    ("Precision", {"top_k": 2}, "multilabel", lambda tp, fp, tn, fn: _div(tp, tp + fp),
     [-1e10], 2, None),
    ("Recall", {"class_id": 2, "thresholds": 0.4}, "multilabel",
     lambda tp, fp, tn, fn: _div(tp, tp + fn), [0.4], None, 2),
    ("Precision", {"thresholds": [0.0, 0.5, 1.0]}, "binary",
     lambda tp, fp, tn, fn: _div(tp, tp + fp), [0.0, 0.5, 1.0], None, None),
    ("TruePositives", {}, "binary", lambda tp, fp, tn, fn: tp, [0.5], None, None),
    ("FalsePositives", {"thresholds": [0.3]}, "multilabel", lambda tp, fp, tn, fn: fp, [0.3],
     None, None),
    ("TrueNegatives", {}, "multilabel", lambda tp, fp, tn, fn: tn, [0.5], None, None),
    ("FalseNegatives", {"thresholds": [0.1, 0.9]}, "binary", lambda tp, fp, tn, fn: fn,
     [0.1, 0.9], None, None),
]


@pytest.mark.parametrize("name,kwargs,kind,ref,thresholds,top_k,class_id", CONFUSION_CASES)
def test_confusion_metrics_match_numpy(name, kwargs, kind, ref, thresholds, top_k, class_id):
    batches = _batches(kind, seed=3)
    m = getattr(M, name)(**kwargs)
    _run(m, batches)
    want = ref(*_confusion(batches, thresholds, top_k, class_id))
    got = np.asarray(m.result(), np.float64)
    np.testing.assert_allclose(got, want if len(want) > 1 else want[0], rtol=1e-5, atol=1e-5)
    m.reset_state()
    assert not np.asarray(m.result()).any()


def _auc_reference(batches, curve="ROC", summation="interpolation", n=200):
    th = [-EPS] + [(i + 1) / (n - 1) for i in range(n - 2)] + [1 + EPS]
    tp, fp, tn, fn = _confusion(batches, th)
    if curve == "PR" and summation == "interpolation":
        p = tp + fp
        dtp, dp = tp[:-1] - tp[1:], p[:-1] - p[1:]
        slope = _div(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        ratio = np.where((p[:-1] > 0) & (p[1:] > 0), _div(p[:-1], np.maximum(p[1:], 0)), 1)
        return _div(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0)).sum()
    x, y = (_div(fp, fp + tn), _div(tp, tp + fn)) if curve == "ROC" else \
        (_div(tp, tp + fn), _div(tp, tp + fp))
    h = {"interpolation": (y[:-1] + y[1:]) / 2, "minoring": np.minimum(y[:-1], y[1:]),
         "majoring": np.maximum(y[:-1], y[1:])}[summation]
    return ((x[:-1] - x[1:]) * h).sum()


@pytest.mark.parametrize("curve,summation", [("ROC", "interpolation"), ("PR", "interpolation"),
                                             ("ROC", "minoring"), ("PR", "majoring")])
def test_auc_matches_numpy(curve, summation):
    batches = _batches("multilabel", seed=5)
    m = M.AUC(curve=curve, summation_method=summation)
    assert _run(m, batches) == pytest.approx(_auc_reference(batches, curve, summation), rel=1e-5)


def test_auc_close_to_exact_roc_auc():
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(0)
    t = rng.integers(0, 2, 2000)
    p = np.clip(t * 0.3 + rng.uniform(size=2000) * 0.7, 0, 1).astype(np.float32)
    m = M.AUC(num_thresholds=1000)
    m.update_state(t, p)
    assert float(m.result()) == pytest.approx(sklearn_metrics.roc_auc_score(t, p), abs=2e-3)


def test_at_constraint_metrics():
    batches = _batches("binary", seed=9)
    th = [0.0] + [(i + 1) / 199 for i in range(198)] + [1.0]
    tp, fp, tn, fn = _confusion(batches, th)
    rec, spec, prec = _div(tp, tp + fn), _div(tn, tn + fp), _div(tp, tp + fp)
    cases = [(M.SensitivityAtSpecificity(0.6), 0.6, spec, rec),
             (M.SpecificityAtSensitivity(0.6), 0.6, rec, spec),
             (M.PrecisionAtRecall(0.6), 0.6, rec, prec), (M.RecallAtPrecision(0.5), 0.5, prec, rec)]
    for m, value, constrained, dependent in cases:
        want = np.where(constrained.astype(np.float32) >= np.float32(value), dependent, 0).max()
        assert _run(m, batches) == pytest.approx(want, rel=1e-5), type(m).__name__


# --- against Keras 3 itself ----------------------------------------------------

# (Keras's own BinaryCrossentropy metric rejects y_true (b,) against y_pred (b, 1).)
KERAS_CASES = [(n, kw, kind) for n, kw, kind, _ in MEAN_CASES if n != "BinaryCrossentropy"] + [
    (n, kw, kind) for n, kw, kind, *_ in CONFUSION_CASES] + [
    ("RootMeanSquaredError", {}, "regression"), ("SquaredHinge", {}, "multilabel"),
    ("CategoricalHinge", {}, "categorical"), ("Accuracy", {}, "sparse_as_pred"),
    ("AUC", {}, "binary"), ("AUC", {"curve": "PR"}, "multilabel"),
    ("AUC", {"multi_label": True, "label_weights": [1, 2, 0, 1]}, "multilabel"),
    ("AUC", {"from_logits": True, "num_thresholds": 50}, "regression_logits"),
    ("AUC", {"thresholds": [0.1, 0.35, 0.8], "summation_method": "minoring"}, "multilabel"),
    ("AUC", {"curve": "PRGAIN"}, "multilabel"),
    ("SensitivityAtSpecificity", {"specificity": 0.5}, "binary"),
    ("RecallAtPrecision", {"precision": 0.5, "num_thresholds": 1}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "regression_logits"),
    ("BinaryCrossentropy", {}, "binary_column"),
    ("SparseTopKCategoricalAccuracy", {"k": 1, "from_sorted_ids": True}, "sorted_ids"),
    ("SparseCategoricalCrossentropy", {"ignore_class": 1}, "sparse"),
    ("MeanSquaredError", {}, "sequence_regression"),
    ("RootMeanSquaredError", {}, "sequence_regression"),
    ("SparseCategoricalAccuracy", {}, "sequence_sparse"), ("BinaryAccuracy", {}, "weight_column"),
    ("CategoricalAccuracy", {}, "scalar_weight"), ("Precision", {}, "scalar_weight"),
    ("AUC", {}, "edges"), ("AUC", {"thresholds": [0.25, 0.5, 0.75]}, "edges"),
    ("Precision", {"thresholds": [0.0, 0.5, 1.0]}, "edges"), ("Recall", {}, "edges"),
    ("Precision", {"thresholds": [0.0, 0.5, 1.0]}, "multilabel"),
]


def _keras_batches(kind):
    if kind == "sparse_as_pred":
        return [(t, t[::-1].copy(), w) for t, _, w in _batches("sparse")]
    if kind == "regression_logits":
        return [((t > 1).astype(np.float32), (p - 1) * 4, w) for t, p, w in _batches("regression")]
    rng = np.random.default_rng(2)
    if kind == "sequence_regression":  # (b, t, d) with per-sample weights
        return [(rng.normal(size=(4, 3, 2)), rng.normal(size=(4, 3, 2)), rng.uniform(size=4))
                for _ in range(3)]
    if kind == "sequence_sparse":  # (b, t) labels, (b, t, c) scores, (b, t) weights
        return [(rng.integers(0, 3, (4, 5)), rng.uniform(size=(4, 5, 3)), rng.uniform(size=(4, 5)))
                for _ in range(3)]
    if kind == "weight_column":
        return [(t, p, w[:, None]) for t, p, w in _batches("binary")]
    if kind == "scalar_weight":
        return [(t, p, np.float32(i + 0.5)) for i, (t, p, _) in enumerate(_batches("categorical"))]
    if kind == "edges":  # on thresholds, at 0 and 1, outside [0, 1]
        p = np.array([0, 0.5, 1, -0.2, 1.3, 3 / 199, 0.25, 0.75, 100 / 199], np.float32)
        return [(np.array([1, 0, 1, 1, 0, 1, 0, 1, 1]), p[:, None], np.arange(1.0, 10.0))]
    if kind == "binary_column":
        return [(t[:, None], p, w) for t, p, w in _batches("binary", seed=11)]
    if kind == "sorted_ids":
        return [(t, np.argsort(-p, 1).astype(np.float32), w) for t, p, w in _batches("sparse")]
    return _batches(kind, seed=11)


@pytest.mark.parametrize("name,kwargs,kind", KERAS_CASES, ids=lambda c: str(c))
def test_metrics_match_keras(name, kwargs, kind):
    keras = pytest.importorskip("keras")
    pytest.importorskip("torch")
    ours, theirs = getattr(M, name)(**kwargs), getattr(keras.metrics, name)(**kwargs)
    for t, p, w in _keras_batches(kind):
        ours.update_state(t, p, sample_weight=w)
        theirs.update_state(t, p, sample_weight=w)
    want = keras.ops.convert_to_numpy(theirs.result())
    np.testing.assert_allclose(np.asarray(ours.result()), want, rtol=2e-5, atol=2e-6)
    config, keras_config = ours.get_config(), theirs.get_config()
    for key, value in keras_config.items():
        if key not in ("name", "label_weights") and not (name == "AUC" and key == "thresholds"):
            assert config[key] == value, key


def test_function_forms_match_keras():
    keras = pytest.importorskip("keras")
    pytest.importorskip("torch")
    t, p, _ = _batches("categorical")[0]
    labels = t.argmax(1)
    for ours, theirs, args in [
            (M.binary_accuracy, keras.metrics.binary_accuracy, (t, p)),
            (M.categorical_accuracy, keras.metrics.categorical_accuracy, (t, p)),
            (M.sparse_categorical_accuracy, keras.metrics.sparse_categorical_accuracy, (labels, p)),
            (M.top_k_categorical_accuracy, keras.metrics.top_k_categorical_accuracy, (t, p, 2)),
            (M.sparse_top_k_categorical_accuracy, keras.metrics.sparse_top_k_categorical_accuracy,
             (labels, p, 3)),
            (M.mean_squared_error, keras.metrics.mean_squared_error, (t, p))]:
        np.testing.assert_allclose(np.asarray(ours(*args)),
                                   keras.ops.convert_to_numpy(theirs(*args)), rtol=1e-6)


def test_accuracy_resolution_matches_keras():
    cases = [((8,), (8, 1)), ((8, 1), (8, 1)), ((8,), (8, 5)), ((8, 1), (8, 5)),
             ((8, 5), (8, 5)), ((8, 3), (8, 3, 7)), ((None, 1), (None, 10)), ((None,), (None, 1))]
    want = ["binary_accuracy", "binary_accuracy", "sparse_categorical_accuracy",
            "sparse_categorical_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
            "sparse_categorical_accuracy", "binary_accuracy"]
    got = [_core.resolve_accuracy("CategoricalCrossentropy", t, p) for t, p in cases]
    assert got == want
    # y_true not known yet (compile time): the loss class says what the labels look like
    assert _core.resolve_accuracy("SparseCategoricalCrossentropy", [], [None, 10]) == \
        "sparse_categorical_accuracy"
    assert _core.resolve_accuracy("CategoricalCrossentropy", [], [None, 10]) == \
        "categorical_accuracy"
    assert _core.resolve_accuracy("BinaryCrossentropy", [], [None, 1]) == "binary_accuracy"
    keras = pytest.importorskip("keras")
    from keras.src.trainers.compile_utils import get_metric
    for (t, p), name in zip(cases[:6], want):
        kmetric = get_metric("accuracy", keras.KerasTensor(t), keras.KerasTensor(p))
        assert M._snake(type(kmetric).__name__) == name


# --- configs, names, lookup --------------------------------------------------------

CONFIG_CLASSES = sorted({c[0] for c in MEAN_CASES + CONFUSION_CASES} | {
    "Mean", "Sum", "Accuracy", "RootMeanSquaredError", "AUC", "SquaredHinge",
    "CategoricalHinge"})


@pytest.mark.parametrize("name", CONFIG_CLASSES)
def test_config_round_trip(name):
    cls = getattr(M, name)
    extra = {"curve": "PR", "thresholds": [0.2, 0.4]} if name == "AUC" else {}
    m = cls(name="custom", **extra)
    config = m.get_config()
    assert config["name"] == "custom" and config["dtype"] == "float32"
    assert cls.from_config(config).get_config() == config
    assert M.deserialize(M.serialize(m)).get_config() == config
    assert _core.make_metric(name, config).get_config() == config


def test_names_lookup_and_wrappers():
    first, second = M.Precision().name, M.Precision().name  # Keras's auto_name
    assert re.fullmatch(r"precision(_\d+)?", first) and second != first
    assert isinstance(M.get("mse"), M.MeanSquaredError)
    assert M.get("mse").name == "mean_squared_error"  # as Keras's get; compile renames
    assert isinstance(M.get("auc"), M.AUC) and isinstance(M.get("accuracy"), M.Accuracy)
    recall = M.get({"class_name": "Recall", "config": {"thresholds": 0.3}})
    assert recall.get_config()["thresholds"] == 0.3
    assert M.get(M.binary_accuracy) is M.binary_accuracy
    batches = _batches("regression")
    huber = M.get("huber")  # any loss as a metric
    def err(t, p):
        e = np.abs(p - t)
        return np.where(e <= 1, 0.5 * e ** 2, e - 0.5).mean(1)
    assert _run(huber, batches) == pytest.approx(_weighted(err)(batches), rel=1e-5)
    assert huber.get_config() == {"name": "huber", "dtype": "float32", "fn": "huber"}
    kl = M.get("kl_divergence")
    assert isinstance(kl, M.KLDivergence)
    wrapped = M.MeanMetricWrapper(M.binary_accuracy, threshold=0.7)
    assert wrapped.get_config()["fn"] == "binary_accuracy"
    assert M.MeanMetricWrapper.from_config(wrapped.get_config()).get_config()["threshold"] == 0.7
    py = M.MeanMetricWrapper(lambda t, p: np.abs(np.asarray(t) - np.asarray(p)).sum(-1), name="l1")
    want = _weighted(lambda t, p: np.abs(t - p).sum(1))(batches)
    assert _run(py, batches) == pytest.approx(want, rel=1e-5)
    assert py._native.result() == pytest.approx(want, rel=1e-5)  # the trainer's view


def test_python_metric_runs_through_the_core():
    class CountPositives(M.Metric):
        def __init__(self, name="count_positives", dtype=None):
            super().__init__(name=name, dtype=dtype)
            self.count = self.add_variable((), "zeros", name="count")

        def update_state(self, y_true, y_pred, sample_weight=None):
            self.count.assign_add(np.float32((np.asarray(y_pred) > 0.5).sum()))

        def result(self):
            return self.count

    m = CountPositives()
    m._native.update_state(np.zeros(3), np.array([0.9, 0.1, 0.7], np.float32))  # as the trainer
    m.update_state(None, np.array([0.6]))
    assert m._native.result() == 3.0 and float(m.result()) == 3.0
    m._native.reset_state()
    assert float(m.result()) == 0.0 and len(m.variables) == 1
    assert m._native.get_config() == {"name": "count_positives", "dtype": "float32"}
    m.name = "renamed"
    assert m._native.name == "renamed" and repr(m) == "<CountPositives name=renamed>"

    class Clipped(M.BinaryAccuracy):  # a built-in metric with a Python override
        def update_state(self, y_true, y_pred, sample_weight=None):
            super().update_state(y_true, np.clip(np.asarray(y_pred), 0, 0.4), sample_weight)

    c = Clipped(name="clipped")
    c._native.update_state(np.array([1, 0]), np.array([0.9, 0.1], np.float32))
    assert c._native.result() == 0.5 and c.get_config()["threshold"] == 0.5
    c.name = "other"
    assert c._native.name == "other" and c.get_config()["name"] == "other"


# --- bad input ---------------------------------------------------------------------

@pytest.mark.parametrize("make,call,exc,pattern", [
    (M.CategoricalAccuracy, lambda m: m.update_state(np.zeros(4), np.zeros((4, 3))), ValueError,
     r"CategoricalAccuracy.*\(4,\).*\(4, 3\)"),
    (M.SparseCategoricalAccuracy, lambda m: m.update_state(np.zeros((4, 2)), np.zeros((4, 3))),
     ValueError, r"SparseCategoricalAccuracy.*\(4, 2\).*\(4, 3\)"),
    (M.MeanSquaredError, lambda m: m.update_state(np.zeros((4, 2)), np.zeros((4, 3))), ValueError,
     r"MeanSquaredError.*\(4, 2\).*\(4, 3\)"),
    (M.BinaryAccuracy, lambda m: m.update_state(np.zeros(4), np.zeros(4), np.ones(3)), ValueError,
     r"BinaryAccuracy.*sample_weight.*\(3,\)"),
    (M.Precision, lambda m: m.update_state(np.zeros((4, 2)), np.zeros((4, 3))), ValueError,
     r"Precision.*\(4, 2\).*\(4, 3\)"),
    (lambda: M.Recall(class_id=5), lambda m: m.update_state(np.zeros((4, 3)), np.zeros((4, 3))),
     IndexError, r"Recall.*class_id=5.*\(4, 3\)"),
    (lambda: M.Precision(class_id=0), lambda m: m.update_state(np.zeros(4), np.zeros(4)),
     ValueError, "class_id"),
    (lambda: M.AUC(multi_label=True), lambda m: m.update_state(np.zeros(4), np.zeros(4)),
     ValueError, r"AUC.*rank 2.*\(4,\)"),
    (M.Mean, lambda m: m._native.update_state(np.zeros(2), np.zeros(2)), TypeError, "Mean"),
])
def test_bad_updates_raise(make, call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call(make())


@pytest.mark.parametrize("make,exc,pattern", [
    (lambda: M.Precision(thresholds=[0.5, 1.5]), ValueError, r"\[0, 1\]"),
    (lambda: M.AUC(num_thresholds=1), ValueError, "num_thresholds"),
    (lambda: M.AUC(curve="XY"), ValueError, "curve"),
    (lambda: M.AUC(summation_method="trapezoid"), ValueError, "summation_method"),
    (lambda: M.AUC(num_labels=3), ValueError, "multi_label"),
    (lambda: M.SensitivityAtSpecificity(1.5), ValueError, "specificity"),
    (lambda: M.TopKCategoricalAccuracy(k=0), ValueError, "k"),
    (lambda: M.MeanSquaredError(dtype="float64"), NotImplementedError, "dtype"),
    (lambda: M.CosineSimilarity(axis=0), NotImplementedError, "axis"),
    (lambda: M.F1Score(), NotImplementedError, "F1Score"),
    (lambda: M.get("not_a_metric"), ValueError, "not_a_metric"),
    (lambda: _core.make_metric("accuracy"), ValueError, "resolve_accuracy"),
    (lambda: _core.make_metric("Precision", {"top_kk": 1}), ValueError, "top_kk"),
    (lambda: _core.make_metric("r2_score"), NotImplementedError, "r2_score"),
])
def test_bad_arguments_raise(make, exc, pattern):
    with pytest.raises(exc, match=pattern):
        make()
