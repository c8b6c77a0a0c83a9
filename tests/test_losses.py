"""pydeep.losses: every loss (function and class forms, every reduction,
sample weights, from_logits, label smoothing) against independent float64
numpy formulas, gradients against finite differences of those formulas,
Keras 3 itself where installed, bad input and config round trips."""
import os

import numpy as np
import pytest

from op_check import check_op

import pydeep
import pydeep.losses as L
from pydeep import _core

os.environ.setdefault("KERAS_BACKEND", "torch")
EPS = 1e-7
ONE_MINUS_EPS = float(np.float32(1 - 1e-7))
REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None]


# --- float64 references (Keras 3's formulas, written independently) -----------

def _fit(yt, yp):
    """squeeze_or_expand_to_same_rank."""
    if yt.ndim == yp.ndim + 1 and yt.shape[-1] == 1:
        return (yt, yp[..., None]) if yp.ndim == 1 else (yt[..., 0], yp)
    if yp.ndim == yt.ndim + 1 and yp.shape[-1] == 1:
        return (yt[..., None], yp) if yt.ndim == 1 else (yt, yp[..., 0])
    return yt, yp


def _log_softmax(x, axis):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def _hinge_labels(t):
    return 2 * t - 1 if np.all((t == 0) | (t == 1)) else t


def _unit(x, axis):
    return x * np.minimum(1 / np.sqrt((x * x).sum(axis=axis, keepdims=True)), 1 / EPS)


def _bce(t, p, from_logits=False, label_smoothing=0.0, axis=-1):
    t = t * (1 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        e = np.maximum(p, 0) - p * t + np.log1p(np.exp(-np.abs(p)))
    else:
        p = np.clip(p, EPS, ONE_MINUS_EPS)
        e = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    return e.mean(axis=axis)


def _cce(t, p, from_logits=False, label_smoothing=0.0, axis=-1):
    if label_smoothing:
        t = t * (1 - label_smoothing) + label_smoothing / t.shape[-1]
    if from_logits:
        logp = _log_softmax(p, axis)
    else:
        logp = np.log(np.clip(p / p.sum(axis=axis, keepdims=True), EPS, ONE_MINUS_EPS))
    return -(t * logp).sum(axis=axis)


def _scce(t, p, from_logits=False, ignore_class=None, axis=-1):
    t = np.asarray(t).astype(np.int64)
    if t.ndim == p.ndim:
        t = np.squeeze(t, axis)
    valid = t != ignore_class if ignore_class is not None else np.ones(t.shape, bool)
    onehot = np.moveaxis(np.eye(p.shape[axis])[np.where(valid, t, 0)], -1, axis)
    return np.where(valid, _cce(onehot, p, from_logits, 0.0, axis), 0.0)


def _huber(t, p, delta=1.0):
    e = np.abs(p - t)
    return np.where(e <= delta, 0.5 * e ** 2, delta * e - 0.5 * delta ** 2).mean(-1)


REF = {
    "mean_squared_error": lambda t, p: ((t - p) ** 2).mean(-1),
    "mean_absolute_error": lambda t, p: np.abs(t - p).mean(-1),
    "mean_absolute_percentage_error":
        lambda t, p: 100 * (np.abs(t - p) / np.maximum(np.abs(t), EPS)).mean(-1),
    "mean_squared_logarithmic_error":
        lambda t, p: ((np.log1p(np.maximum(p, EPS)) - np.log1p(np.maximum(t, EPS))) ** 2).mean(-1),
    "huber": _huber,
    "log_cosh": lambda t, p: np.log(np.cosh(p - t)).mean(-1),
    "binary_crossentropy": _bce,
    "categorical_crossentropy": _cce,
    "sparse_categorical_crossentropy": _scce,
    "kl_divergence": lambda t, p: (np.clip(t, EPS, 1) * np.log(np.clip(t, EPS, 1)
                                                                / np.clip(p, EPS, 1))).sum(-1),
    "poisson": lambda t, p: (p - t * np.log(p + EPS)).mean(-1),
    "hinge": lambda t, p: np.maximum(1 - _hinge_labels(t) * p, 0).mean(-1),
    "squared_hinge": lambda t, p: (np.maximum(1 - _hinge_labels(t) * p, 0) ** 2).mean(-1),
    "categorical_hinge": lambda t, p: np.maximum(
        ((1 - t) * p).max(-1) - (t * p).sum(-1) + 1, 0),
    "cosine_similarity": lambda t, p, axis=-1: -(_unit(t, axis) * _unit(p, axis)).sum(axis),
}


def _reduce(values, sw, reduction, mask=None):
    """reduce_weighted_values, for the reductions as Keras defines them."""
    if mask is not None:
        m = mask.astype(np.float64)
        if reduction in ("mean", "sum_over_batch_size"):
            m = m * (m.size / m.sum() if m.sum() else 0.0)
        sw = m if sw is None else sw * m
    if sw is not None:
        values, sw = _fit(values, sw)
        values = values * sw
    if reduction in (None, "none") or values.ndim == 0:
        return values
    divisor = sw.sum() if reduction == "mean_with_sample_weight" and sw is not None else values.size
    return values.sum() if reduction == "sum" else values.sum() / divisor


# --- data ------------------------------------------------------------------------

def _f32(x):
    return np.asarray(x, np.float32).astype(np.float64)


def _probs(rng, shape, axis=-1):
    e = np.exp(rng.normal(size=shape))
    return _f32(e / e.sum(axis=axis, keepdims=True))


def _onehot(rng, shape):
    return np.eye(shape[-1])[rng.integers(0, shape[-1], shape[:-1])]


def _data(kind, rng, shape):
    n = lambda: _f32(rng.normal(size=shape))  # noqa: E731
    u = lambda a, b: _f32(rng.uniform(a, b, size=shape))  # noqa: E731
    return {
        "real": lambda: (n(), n()),
        "away0": lambda: (u(0.5, 2) * rng.choice([-1, 1], shape), n()),
        "positive": lambda: (u(0.1, 3), u(0.1, 3)),
        "binary_probs": lambda: (_f32(rng.integers(0, 2, shape)), u(0.05, 0.95)),
        "soft_probs": lambda: (u(0, 1), u(0.05, 0.95)),
        "binary_logits": lambda: (_f32(rng.integers(0, 2, shape)), _f32(3 * rng.normal(size=shape))),
        "onehot_probs": lambda: (_onehot(rng, shape), _probs(rng, shape)),
        "onehot_logits": lambda: (_onehot(rng, shape), _f32(2 * rng.normal(size=shape))),
        "dists": lambda: (_probs(rng, shape), _probs(rng, shape)),
        "pm1": lambda: (_f32(rng.choice([-1, 1], shape)), n()),
        "01": lambda: (_f32(rng.integers(0, 2, shape)), n()),
        "onehot_real": lambda: (_onehot(rng, shape), n()),
    }[kind]()


# (function name, class, kwargs, data kind, gradient w.r.t. y_true too)
CASES = [
    ("mean_squared_error", L.MeanSquaredError, {}, "real", True),
    ("mean_absolute_error", L.MeanAbsoluteError, {}, "real", True),
    ("mean_absolute_percentage_error", L.MeanAbsolutePercentageError, {}, "away0", False),
    ("mean_squared_logarithmic_error", L.MeanSquaredLogarithmicError, {}, "positive", True),
    ("huber", L.Huber, {}, "real", True),
    ("huber", L.Huber, {"delta": 0.3}, "real", True),
    ("log_cosh", L.LogCosh, {}, "real", True),
    ("binary_crossentropy", L.BinaryCrossentropy, {}, "binary_probs", True),
    ("binary_crossentropy", L.BinaryCrossentropy, {"label_smoothing": 0.2}, "soft_probs", True),
    ("binary_crossentropy", L.BinaryCrossentropy, {"from_logits": True}, "binary_logits", True),
    ("binary_crossentropy", L.BinaryCrossentropy,
     {"from_logits": True, "label_smoothing": 0.1, "axis": 0}, "binary_logits", True),
    ("categorical_crossentropy", L.CategoricalCrossentropy, {}, "onehot_probs", True),
    ("categorical_crossentropy", L.CategoricalCrossentropy, {"label_smoothing": 0.1},
     "onehot_probs", True),
    ("categorical_crossentropy", L.CategoricalCrossentropy, {"from_logits": True},
     "onehot_logits", True),
    ("categorical_crossentropy", L.CategoricalCrossentropy,
     {"from_logits": True, "label_smoothing": 0.3}, "onehot_logits", True),
    ("kl_divergence", L.KLDivergence, {}, "dists", True),
    ("poisson", L.Poisson, {}, "positive", True),
    ("hinge", L.Hinge, {}, "pm1", False),
    ("hinge", L.Hinge, {}, "01", False),
    ("squared_hinge", L.SquaredHinge, {}, "pm1", False),
    ("squared_hinge", L.SquaredHinge, {}, "01", False),
    ("categorical_hinge", L.CategoricalHinge, {}, "onehot_real", False),
    ("cosine_similarity", L.CosineSimilarity, {}, "real", True),
    ("cosine_similarity", L.CosineSimilarity, {"axis": 0}, "real", True),
]
SHAPES = [(4, 5), (3, 2, 4)]


def _case_id(case):
    return case[0] + "".join(f"-{k}={v}" for k, v in case[2].items()) + f"-{case[3]}"


def _ref(name, kwargs):
    return lambda t, p: REF[name](*_fit(t, p), **kwargs)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_function_values_and_gradients(case, shape, rng):
    name, _, kwargs, kind, grad_true = case
    yt, yp = _data(kind, rng, shape)
    fn = getattr(L, name)
    if grad_true:
        check_op(lambda t, p: fn(t, p, **kwargs), _ref(name, kwargs), [yt, yp], rng=rng)
    else:
        check_op(lambda p: fn(yt, p, **kwargs), lambda p: _ref(name, kwargs)(yt, p), [yp],
                 rng=rng)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_class_reductions_and_sample_weight(case, reduction, rng):
    name, cls, kwargs, kind, _ = case
    yt, yp = _data(kind, rng, (6, 3))
    loss = cls(reduction=reduction, **kwargs)
    assert isinstance(loss._native, _core.Loss)
    values = _ref(name, kwargs)(yt, yp)  # (6,), or (3,) when reducing axis 0
    n = values.shape[0]
    for sw in (None, _f32(rng.uniform(0, 2, n)), _f32(rng.uniform(0, 2, (n, 1)))):
        got = loss(yt, yp, sample_weight=sw)
        want = _reduce(values, sw, reduction)
        np.testing.assert_allclose(np.asarray(got), want, rtol=2e-5, atol=2e-6)
    # The gradient of the weighted, reduced loss.
    sw = _f32(rng.uniform(0, 2, n))
    check_op(lambda p: loss(yt, p, sample_weight=sw),
             lambda p: _reduce(_ref(name, kwargs)(yt, p), sw, reduction), [yp], rng=rng)


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("label_shape", ["flat", "column", "float"])
def test_sparse_categorical_crossentropy(from_logits, label_shape, rng):
    yp = _f32(2 * rng.normal(size=(5, 4))) if from_logits else _probs(rng, (5, 4))
    labels = rng.integers(0, 4, 5)
    yt = {"flat": labels, "column": labels[:, None], "float": labels.astype(np.float32)}[label_shape]
    check_op(lambda p: L.sparse_categorical_crossentropy(yt, p, from_logits=from_logits),
             lambda p: _scce(labels, p, from_logits), [yp], rng=rng)
    loss = L.SparseCategoricalCrossentropy(from_logits=from_logits)
    np.testing.assert_allclose(np.asarray(loss(yt, yp)), _scce(labels, yp, from_logits).mean(),
                               rtol=2e-5)
    # Same values as categorical crossentropy on one-hot labels.
    cce = L.categorical_crossentropy(np.eye(4)[labels], yp, from_logits=from_logits)
    np.testing.assert_allclose(np.asarray(L.sparse_categorical_crossentropy(
        yt, yp, from_logits=from_logits)), np.asarray(cce), rtol=1e-6)


def test_sparse_categorical_crossentropy_axis(rng):
    yp = _f32(rng.normal(size=(2, 4, 3)))
    labels = rng.integers(0, 4, (2, 3))
    check_op(lambda p: L.sparse_categorical_crossentropy(labels, p, from_logits=True, axis=1),
             lambda p: _scce(labels, p, True, axis=1), [yp], rng=rng)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_sparse_categorical_crossentropy_ignore_class(reduction, rng):
    yp = _probs(rng, (6, 3))
    labels = np.array([0, 2, -1, 1, -1, 2])
    loss = L.SparseCategoricalCrossentropy(ignore_class=-1, reduction=reduction)
    values = _scce(labels, yp, ignore_class=-1)
    for sw in (None, _f32(rng.uniform(0, 2, 6))):
        want = _reduce(values, sw, reduction, mask=labels != -1)
        np.testing.assert_allclose(np.asarray(loss(labels, yp, sample_weight=sw)), want,
                                   rtol=2e-5, atol=1e-6)
    check_op(lambda p: loss(labels, p), lambda p: _reduce(_scce(labels, p, ignore_class=-1), None,
                                                          reduction, mask=labels != -1), [yp])


def test_from_logits_is_stable_for_extreme_logits():
    logits = np.array([[100.0, -100.0, 0.0], [-80.0, 90.0, 3.0]], np.float32)
    labels = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]], np.float32)
    got = np.asarray(L.binary_crossentropy(labels, logits, from_logits=True))
    np.testing.assert_allclose(got, _bce(labels.astype(float), logits.astype(float), True),
                               rtol=1e-6)
    onehot = np.eye(3, dtype=np.float32)[[0, 2]]
    got = np.asarray(L.categorical_crossentropy(onehot, logits * 10, from_logits=True))
    np.testing.assert_allclose(got, _cce(onehot.astype(float), logits * 10.0, True), rtol=1e-6)
    x = pydeep.Variable(logits * 10)
    with pydeep.GradientTape() as tape:
        value = L.CategoricalCrossentropy(from_logits=True)(onehot, x)
    assert np.all(np.isfinite(np.asarray(tape.gradient(value, x))))


def test_probabilities_are_clipped_like_keras():
    # p = 0 and 1 give the clipped log, not inf; the gradient is 0 outside [eps, 1 - eps].
    t = np.array([[1.0, 0.0]], np.float32)
    p = np.array([[0.0, 1.0]], np.float32)
    bce = -(np.log(EPS) + np.log(1 - ONE_MINUS_EPS)) / 2
    np.testing.assert_allclose(np.asarray(L.binary_crossentropy(t, p)), [bce], rtol=1e-5)
    np.testing.assert_allclose(np.asarray(L.categorical_crossentropy(t, p)), [-np.log(EPS)],
                               rtol=1e-5)
    x = pydeep.Variable(p)
    with pydeep.GradientTape() as tape:
        value = L.BinaryCrossentropy()(t, x)
    np.testing.assert_array_equal(np.asarray(tape.gradient(value, x)), [[0.0, 0.0]])


def test_shape_squeeze_and_expand():
    yt = np.array([1.0, 2.0, 3.0], np.float32)
    yp = np.array([[1.5], [2.0], [2.0]], np.float32)
    want = (yt - yp[:, 0]) ** 2
    np.testing.assert_allclose(np.asarray(L.MeanSquaredError(reduction=None)(yt, yp)), want)
    np.testing.assert_allclose(np.asarray(L.MeanSquaredError(reduction=None)(yp, yt)), want)
    assert L.BinaryCrossentropy(reduction=None)(yt[:, None] / 4, yp[:, 0] / 4).shape == (3,)


# --- Keras 3 itself --------------------------------------------------------------

def _keras():
    try:
        return pytest.importorskip("keras")
    except ValueError as e:  # KERAS_BACKEND names a backend that cannot load
        pytest.skip(str(e))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # torch's __array__ under numpy 2
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_matches_keras(case, rng):
    keras = _keras()
    name, cls, kwargs, kind, _ = case
    yt, yp = _data(kind, rng, (5, 4))
    sw = _f32(rng.uniform(0, 2, _ref(name, kwargs)(yt, yp).shape))
    for reduction in ["sum_over_batch_size", "sum", "mean_with_sample_weight", None]:
        mine = cls(reduction=reduction, **kwargs)
        theirs = getattr(keras.losses, cls.__name__)(reduction=reduction, **kwargs)
        for weights in (None, sw):
            want = keras.ops.convert_to_numpy(theirs(yt, yp, sample_weight=weights))
            np.testing.assert_allclose(np.asarray(mine(yt, yp, sample_weight=weights)), want,
                                       rtol=1e-5, atol=1e-6)
    want = keras.ops.convert_to_numpy(getattr(keras.losses, name)(yt, yp, **kwargs))
    np.testing.assert_allclose(np.asarray(getattr(L, name)(yt, yp, **kwargs)), want, rtol=1e-5,
                               atol=1e-6)
    config = cls(name="x", **kwargs).get_config()
    keras_config = getattr(keras.losses, cls.__name__)(name="x", **kwargs).get_config()
    assert {k: config[k] for k in keras_config} == keras_config


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("kwargs", [{}, {"from_logits": True}, {"ignore_class": 2},
                                    {"from_logits": True, "ignore_class": 0}])
def test_sparse_matches_keras(kwargs, rng):
    keras = _keras()
    yp = _probs(rng, (6, 3))
    labels = np.array([0, 2, 1, 1, 2, 0])
    for reduction in ["sum_over_batch_size", "sum", "mean_with_sample_weight", None]:
        want = keras.losses.SparseCategoricalCrossentropy(reduction=reduction, **kwargs)(labels, yp)
        got = L.SparseCategoricalCrossentropy(reduction=reduction, **kwargs)(labels, yp)
        np.testing.assert_allclose(np.asarray(got), keras.ops.convert_to_numpy(want), rtol=1e-5,
                                   atol=1e-6)


# --- errors ------------------------------------------------------------------------

@pytest.mark.parametrize("call,exc,pattern", [
    (lambda: L.MeanSquaredError()(np.zeros((4, 3)), np.zeros((4, 2))), ValueError,
     r"MeanSquaredError.*\(4, 3\).*\(4, 2\)"),
    (lambda: L.categorical_crossentropy(np.zeros((4,)), np.ones((4, 3))), ValueError,
     r"CategoricalCrossentropy.*\(4,\).*\(4, 3\)"),
    (lambda: L.BinaryCrossentropy()(np.zeros((4, 2)), np.ones((4, 3)) / 2), ValueError,
     r"BinaryCrossentropy.*\(4, 2\).*\(4, 3\)"),
    (lambda: L.sparse_categorical_crossentropy(np.array([0, 3]), np.ones((2, 3))), IndexError,
     "label 3"),
    (lambda: L.sparse_categorical_crossentropy(np.array([-1, 0]), np.ones((2, 3))), IndexError,
     "label -1"),
    (lambda: L.sparse_categorical_crossentropy(np.array([0.5, 1.0]), np.ones((2, 3))), ValueError,
     "label 0.5"),
    (lambda: L.sparse_categorical_crossentropy(np.array([0, 1, 1]), np.ones((2, 3))), ValueError,
     r"\(3,\).*\(2, 3\)"),
    (lambda: L.MeanSquaredError()(np.zeros((4, 3)), np.zeros((4, 3)), np.ones(5)), ValueError,
     "sample_weight"),
    (lambda: L.mean_squared_error(np.float32(1), np.float32(2)), ValueError, "rank"),
    (lambda: L.MeanSquaredError(reduction="avg"), ValueError, "reduction"),
    (lambda: L.MeanSquaredError(dtype="float16"), NotImplementedError, "dtype"),
    (lambda: L.BinaryCrossentropy(label_smoothing=1.5), ValueError, "label_smoothing"),
    (lambda: L.Huber(delta=-1.0), ValueError, "delta"),
    (lambda: L.CategoricalCrossentropy(axis=True), ValueError, "axis"),
    (lambda: L.SparseCategoricalCrossentropy(ignore_class=1.5), ValueError, "ignore_class"),
    (lambda: L.CategoricalCrossentropy(axis=3)(np.ones((2, 3)), np.ones((2, 3))), ValueError,
     "axis=3"),
    (lambda: L.get("no_such_loss"), ValueError, "no_such_loss"),
    (lambda: L.get("dice"), NotImplementedError, "dice"),
    (lambda: _core.make_loss("mse", {"delta": 1.0}), ValueError, "delta"),
    (lambda: _core.make_loss("focal"), ValueError, "mean_squared_error"),
    (lambda: L.Loss()(np.zeros(2), np.zeros(2)), NotImplementedError, "call"),
])
def test_bad_input(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_single_class_categorical_crossentropy_warns():
    with pytest.warns(SyntaxWarning, match="binary_crossentropy"):
        L.CategoricalCrossentropy()(np.ones((2, 1)), np.ones((2, 1)))


# --- configs, identifiers, Python losses ---------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_config_round_trip(case):
    _, cls, kwargs, _, _ = case
    loss = cls(reduction="sum", name="custom", **kwargs)
    config = loss.get_config()
    assert config["name"] == "custom" and config["reduction"] == "sum"
    assert {k: config[k] for k in kwargs} == kwargs
    again = cls.from_config(config)
    assert type(again) is cls and again.get_config() == config
    copy = L.deserialize(L.serialize(loss))
    assert type(copy) is cls and copy.get_config() == config
    native = loss._native.get_config()
    assert {k: native[k] for k in config} == {**config, "reduction": "sum"}
    assert L.get({"class_name": cls.__name__, "config": config}).get_config() == config


def test_reduction_none_round_trips_as_none():
    assert L.MeanSquaredError(reduction=None).get_config()["reduction"] is None


@pytest.mark.parametrize("alias,target", [
    ("mse", "mean_squared_error"), ("MSE", "mean_squared_error"), ("mae", "mean_absolute_error"),
    ("MAE", "mean_absolute_error"), ("mape", "mean_absolute_percentage_error"),
    ("MAPE", "mean_absolute_percentage_error"), ("msle", "mean_squared_logarithmic_error"),
    ("MSLE", "mean_squared_logarithmic_error"), ("bce", "binary_crossentropy"),
    ("BCE", "binary_crossentropy"), ("kld", "kl_divergence"), ("KLD", "kl_divergence"),
    ("kullback_leibler_divergence", "kl_divergence"), ("logcosh", "log_cosh"),
])
def test_aliases(alias, target):
    assert L.get(alias) is getattr(L, target) is getattr(L, alias)
    native = _core.make_loss(alias)
    assert native.get_config() == _core.make_loss(target).get_config()


def test_get_and_serialize_functions():
    assert isinstance(L.get("CategoricalCrossentropy"), L.CategoricalCrossentropy)
    assert isinstance(L.get(L.Hinge), L.Hinge)
    assert L.get(None) is None
    assert L.deserialize(L.serialize(L.mean_squared_error)) is L.mean_squared_error
    assert L.serialize(L.hinge)["config"] == "hinge"
    # Loss functions carry their default core loss too (compile(loss="bce") trains with it).
    assert L.get("bce")._native.class_name == "BinaryCrossentropy"
    assert L.LossFunctionWrapper(L.huber, delta=2.0)._native.get_config()["delta"] == 2.0
    assert L.Loss().name.startswith("loss")


def test_python_subclass_and_wrapper_run_through_the_core(rng):
    class Cubic(L.Loss):
        def call(self, y_true, y_pred):
            return pydeep.ops.mean(pydeep.ops.abs(y_true - y_pred) ** 3, axis=-1)

    yt, yp = _f32(rng.normal(size=(4, 3))), _f32(rng.normal(size=(4, 3)))
    sw = _f32(rng.uniform(0, 1, 4))
    for loss in (Cubic(reduction="sum"), L.LossFunctionWrapper(
            lambda t, p: pydeep.ops.mean(pydeep.ops.abs(t - p) ** 3, axis=-1), reduction="sum")):
        check_op(lambda p: loss(yt, p, sample_weight=sw),
                 lambda p: ((np.abs(yt - p) ** 3).mean(-1) * sw).sum(), [yp], rng=rng)
        assert isinstance(loss._native, _core.Loss)
