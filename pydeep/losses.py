"""``pydeep.losses``: Keras 3's losses over the C++ core.

Every loss computes in C++ from differentiable core functions, so
``GradientTape`` (and the trainer) differentiate it like any other op. Each
loss object keeps its core loss in ``self._native``; ``loss(y_true, y_pred,
sample_weight=None)`` weights and reduces there, with the GIL released.

Formulas, defaults, names and reductions are Keras 3's
(``keras/src/losses/``): ``"sum_over_batch_size"`` (default), ``"sum"``,
``"mean"``, ``"mean_with_sample_weight"``, ``"none"``/``None``. The functions
(``mean_squared_error(y_true, y_pred)``, ...) return per-sample losses: the
last axis (or ``axis``) is reduced. Unlike some of Keras's function forms,
every function first applies Keras's ``squeeze_or_expand_to_same_rank``
(as the classes do), so ``y_true`` of shape ``(batch,)`` against ``y_pred`` of
shape ``(batch, 1)`` never broadcasts to ``(batch, batch)``.

Differences from Keras, on purpose: ``Huber``, ``CosineSimilarity`` and
``SparseCategoricalCrossentropy`` include ``delta``/``axis`` in
``get_config()`` (Keras drops them, so its configs do not round-trip);
``dtype`` other than ``None``/``"float32"`` raises ``NotImplementedError``;
out-of-range class ids raise ``IndexError`` and non-integer ones ``ValueError``.
"""
import functools
import inspect
import numbers
import warnings

import numpy as np

from . import _core
from ._naming import auto_name as _auto_name
from ._naming import check_float32_dtype

__all__ = [
    "Loss", "LossFunctionWrapper", "MeanSquaredError", "MeanAbsoluteError",
    "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "Huber", "LogCosh",
    "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
    "KLDivergence", "Poisson", "Hinge", "SquaredHinge", "CategoricalHinge", "CosineSimilarity",
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "kl_divergence", "poisson",
    "hinge", "squared_hinge", "categorical_hinge", "cosine_similarity",
    "get", "serialize", "deserialize",
]

_REDUCTIONS = ("sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight")
# Keras 3 losses pydeep does not implement: get/deserialize name them.
_UNSUPPORTED = ("BinaryFocalCrossentropy", "binary_focal_crossentropy",
                "CategoricalFocalCrossentropy", "categorical_focal_crossentropy", "CTC", "ctc",
                "Dice", "dice", "Tversky", "tversky", "Circle", "circle",
                "CategoricalGeneralizedCrossEntropy", "categorical_generalized_cross_entropy")




def _standardize_reduction(reduction):
    if not (reduction is None or isinstance(reduction, str)) or reduction not in _REDUCTIONS:
        raise ValueError("Invalid value for argument `reduction`. Expected one of "
                         f"{set(_REDUCTIONS)}. Received: reduction={reduction!r}")
    return reduction




def _check_int(value, what, who, allow_none=False):
    if allow_none and value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral,)):
        raise ValueError(f"{who}: `{what}` must be an int; received {what}={value!r}")
    return int(value)


class Loss:
    """Base class of the losses (Keras 3's ``keras.losses.Loss``).

    Subclass it and implement ``call(y_true, y_pred)`` (per-sample losses,
    written with ``pydeep.ops``); ``__call__`` then converts both inputs to
    float32, weights by ``sample_weight`` and applies ``reduction`` in C++.
    The trainer runs such a loss through the core too (re-entering Python
    for ``call`` only).
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or _auto_name(type(self).__name__)
        self.reduction = _standardize_reduction(reduction)
        _check_dtype(dtype, type(self).__name__)
        self._dtype = "float32"
        self._native = _core.PythonLoss(self, self._common_config(), type(self).__name__)

    def _common_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @property
    def dtype(self):
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        return self._native(y_true, y_pred, sample_weight)

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__}: subclasses of Loss implement call()")

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class LossFunctionWrapper(Loss):
    """A Loss from a function ``fn(y_true, y_pred, **kwargs)`` returning
    per-sample losses. pydeep's own loss functions run entirely in C++; other
    functions are called from the core (under the GIL) after Keras's
    ``squeeze_or_expand_to_same_rank``."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs
        identifier = _NATIVE_IDS.get(fn)
        self._is_native = (identifier is not None
                           and type(self).call is LossFunctionWrapper.call)
        if self._is_native:
            self._native = _core.make_loss(identifier, {**self._common_config(),
                                                        **_native_kwargs(fn, kwargs)})

    def call(self, y_true, y_pred):
        if self._is_native:
            return self._native.call(y_true, y_pred)
        y_true, y_pred = _core.squeeze_or_expand_to_same_rank(_core.convert_to_tensor(y_true),
                                                              _core.convert_to_tensor(y_pred))
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        return {**Loss.get_config(self), "fn": serialize(self.fn), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "fn" in config:
            config["fn"] = deserialize(config["fn"])
        return cls(**config)

    def __repr__(self):
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"


# --- functions: per-sample losses --------------------------------------------

@functools.lru_cache(maxsize=None)
def _native_fn(identifier, items):
    return _core.make_loss(identifier, dict(items) or None)


def _per_sample(identifier, y_true, y_pred, **kwargs):
    return _native_fn(identifier, tuple(kwargs.items())).call(y_true, y_pred)


def _native_kwargs(fn, kwargs):
    """The function's keyword arguments, converted for the core (Keras's checks)."""
    out = dict(kwargs)
    who = fn.__name__
    if "from_logits" in out:
        out["from_logits"] = bool(out["from_logits"])
    if "label_smoothing" in out:
        out["label_smoothing"] = float(out["label_smoothing"])
    if "delta" in out:
        out["delta"] = float(out["delta"])
    if "axis" in out:
        out["axis"] = _check_int(out["axis"], "axis", who)
    if "ignore_class" in out:
        out["ignore_class"] = _check_int(out["ignore_class"], "ignore_class", who, True)
    return out


def _make_fn(identifier, doc, **defaults):
    params = [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD)
              for p in ("y_true", "y_pred")]
    params += [inspect.Parameter(k, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=v)
               for k, v in defaults.items()]

    def fn(y_true, y_pred, *args, **kwargs):
        bound = fn.__signature__.bind(y_true, y_pred, *args, **kwargs)
        bound.apply_defaults()
        options = _native_kwargs(fn, {k: bound.arguments[k] for k in defaults})
        if identifier == "categorical_crossentropy":
            _warn_single_class(y_pred)
        return _per_sample(identifier, y_true, y_pred, **options)

    fn.__name__ = fn.__qualname__ = identifier
    fn.__signature__ = inspect.Signature(params)
    fn.__doc__ = doc
    fn.__module__ = __name__
    # The core loss with default arguments (what compile(loss="mse") trains with).
    fn._native = _core.make_loss(identifier)
    return fn


def _warn_single_class(y_pred):
    shape = getattr(y_pred, "shape", None)
    if shape is not None and len(shape) and shape[-1] == 1:
        warnings.warn("In loss categorical_crossentropy, expected y_pred.shape to be "
                      f"(batch_size, num_classes) with num_classes > 1. Received: "
                      f"y_pred.shape={tuple(shape)}. Consider using 'binary_crossentropy' if "
                      "you only have 2 classes.", SyntaxWarning, stacklevel=3)


mean_squared_error = _make_fn("mean_squared_error", "mean(square(y_true - y_pred), axis=-1)")
mean_absolute_error = _make_fn("mean_absolute_error", "mean(abs(y_true - y_pred), axis=-1)")
mean_absolute_percentage_error = _make_fn(
    "mean_absolute_percentage_error",
    "100 * mean(abs((y_true - y_pred) / maximum(abs(y_true), 1e-7)), axis=-1)")
mean_squared_logarithmic_error = _make_fn(
    "mean_squared_logarithmic_error",
    "mean(square(log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1)), axis=-1)")
huber = _make_fn("huber", "Huber loss: mean of 0.5 e^2 where |e| <= delta, else "
                 "delta |e| - 0.5 delta^2 (e = y_pred - y_true), over the last axis.", delta=1.0)
log_cosh = _make_fn("log_cosh", "mean(log(cosh(y_pred - y_true)), axis=-1), computed stably.")
binary_crossentropy = _make_fn(
    "binary_crossentropy", "Mean over `axis` of the elementwise binary crossentropy. Labels are "
    "smoothed towards 0.5 by `label_smoothing`; probabilities are clipped to [1e-7, 1 - 1e-7] "
    "unless from_logits=True.", from_logits=False, label_smoothing=0.0, axis=-1)
categorical_crossentropy = _make_fn(
    "categorical_crossentropy", "-sum(y_true * log(p), axis) with one-hot y_true of y_pred's "
    "shape; p = y_pred normalised along `axis` and clipped to [1e-7, 1 - 1e-7], or "
    "log_softmax(y_pred) when from_logits=True.", from_logits=False, label_smoothing=0.0, axis=-1)
sparse_categorical_crossentropy = _make_fn(
    "sparse_categorical_crossentropy", "Categorical crossentropy with integer class ids: y_true "
    "has y_pred's shape without `axis` (or a size-1 axis there). Entries labelled "
    "`ignore_class` give 0.", from_logits=False, ignore_class=None, axis=-1)
kl_divergence = _make_fn("kl_divergence", "sum(t * log(t / p), axis=-1), t and p clipped to "
                         "[1e-7, 1].")
poisson = _make_fn("poisson", "mean(y_pred - y_true * log(y_pred + 1e-7), axis=-1)")
hinge = _make_fn("hinge", "mean(maximum(1 - y_true * y_pred, 0), axis=-1); labels in {0, 1} "
                 "become {-1, 1}.")
squared_hinge = _make_fn("squared_hinge", "mean(square(maximum(1 - y_true * y_pred, 0)), "
                         "axis=-1); labels in {0, 1} become {-1, 1}.")
categorical_hinge = _make_fn("categorical_hinge", "maximum(max((1 - y_true) * y_pred) - "
                             "sum(y_true * y_pred) + 1, 0) over the last axis.")
cosine_similarity = _make_fn("cosine_similarity", "-sum(l2_normalize(y_true) * "
                             "l2_normalize(y_pred), axis); 0 for a zero vector.", axis=-1)

_NATIVE_IDS = {f: f.__name__ for f in (
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, huber, log_cosh, binary_crossentropy,
    categorical_crossentropy, sparse_categorical_crossentropy, kl_divergence, poisson, hinge,
    squared_hinge, categorical_hinge, cosine_similarity)}

# Keras 2's aliases (keras.losses.get accepts the first six in Keras 3 too).
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
bce = BCE = binary_crossentropy
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh


# --- classes ------------------------------------------------------------------

def _simple_class(class_name, fn, doc):
    """A Keras loss class whose only arguments are reduction, name and dtype."""
    default_name = fn.__name__

    def __init__(self, reduction="sum_over_batch_size", name=default_name, dtype=None):
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, dtype=dtype)

    return type(class_name, (LossFunctionWrapper,), {
        "__init__": __init__, "get_config": Loss.get_config, "__module__": __name__,
        "__qualname__": class_name, "__doc__": f"{doc}\n\nSame as ``{default_name}`` per "
        "sample, then weighted and reduced."})


MeanSquaredError = _simple_class("MeanSquaredError", mean_squared_error,
                                 "Mean of squares of errors between labels and predictions.")
MeanAbsoluteError = _simple_class("MeanAbsoluteError", mean_absolute_error,
                                  "Mean of absolute errors between labels and predictions.")
MeanAbsolutePercentageError = _simple_class("MeanAbsolutePercentageError",
                                            mean_absolute_percentage_error,
                                            "Mean absolute percentage error.")
MeanSquaredLogarithmicError = _simple_class("MeanSquaredLogarithmicError",
                                            mean_squared_logarithmic_error,
                                            "Mean squared logarithmic error.")
LogCosh = _simple_class("LogCosh", log_cosh, "Logarithm of the hyperbolic cosine of the error.")
KLDivergence = _simple_class("KLDivergence", kl_divergence, "Kullback-Leibler divergence.")
Poisson = _simple_class("Poisson", poisson, "Poisson loss.")
Hinge = _simple_class("Hinge", hinge, "Hinge loss (labels -1/1, or 0/1 converted).")
SquaredHinge = _simple_class("SquaredHinge", squared_hinge, "Squared hinge loss.")
CategoricalHinge = _simple_class("CategoricalHinge", categorical_hinge,
                                 "Categorical hinge loss (one-hot labels).")


class Huber(LossFunctionWrapper):
    """Huber loss: quadratic for errors up to ``delta``, linear beyond."""

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss",
                 dtype=None):
        super().__init__(huber, name=name, reduction=reduction, dtype=dtype, delta=delta)
        self.delta = delta

    def get_config(self):
        return {**Loss.get_config(self), "delta": self.delta}


class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity along ``axis``: -1 when aligned, 0 when orthogonal."""

    def __init__(self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity",
                 dtype=None):
        super().__init__(cosine_similarity, name=name, reduction=reduction, dtype=dtype,
                         axis=axis)
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "axis": self.axis}


class BinaryCrossentropy(LossFunctionWrapper):
    """Binary crossentropy; ``from_logits=True`` takes logits (stable softplus form)."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="binary_crossentropy", dtype=None):
        super().__init__(binary_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class CategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy with one-hot labels; ``from_logits=True`` uses log_softmax."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def __call__(self, y_true, y_pred, sample_weight=None):
        _warn_single_class(y_pred)
        return super().__call__(y_true, y_pred, sample_weight)

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy with integer class ids. Entries labelled ``ignore_class``
    count as 0 and are left out of the averaging reductions."""

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size",
                 axis=-1, name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(sparse_categorical_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, from_logits=from_logits, ignore_class=ignore_class,
                         axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits,
                "ignore_class": self.ignore_class, "axis": self.axis}


_CLASSES = (MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
            MeanSquaredLogarithmicError, Huber, LogCosh, BinaryCrossentropy,
            CategoricalCrossentropy, SparseCategoricalCrossentropy, KLDivergence, Poisson, Hinge,
            SquaredHinge, CategoricalHinge, CosineSimilarity)
_OBJECTS = {cls.__name__: cls for cls in _CLASSES}
_OBJECTS.update({"Loss": Loss, "LossFunctionWrapper": LossFunctionWrapper})
_OBJECTS.update({f.__name__: f for f in _NATIVE_IDS})
_OBJECTS.update({"mse": mse, "MSE": mse, "mae": mae, "MAE": mae, "mape": mape, "MAPE": mape,
                 "msle": msle, "MSLE": msle, "bce": bce, "BCE": bce, "kld": kld, "KLD": kld,
                 "kullback_leibler_divergence": kld, "logcosh": logcosh})


def _lookup(name, custom_objects=None):
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in _OBJECTS:
        return _OBJECTS[name]
    if name in _UNSUPPORTED:
        raise NotImplementedError(f"The Keras loss {name!r} is not implemented in pydeep")
    raise ValueError(f"Could not interpret loss identifier: {name}")


def serialize(loss):
    """A Keras-3-style config dict for a Loss instance or loss function."""
    if loss is None:
        return None
    if isinstance(loss, Loss):
        return {"module": "keras.losses", "class_name": type(loss).__name__,
                "config": loss.get_config(), "registered_name": None}
    if callable(loss) and hasattr(loss, "__name__"):
        return {"module": "builtins", "class_name": "function", "config": loss.__name__,
                "registered_name": "function"}
    raise ValueError(f"Cannot serialize loss {loss!r}")


def deserialize(name, custom_objects=None):
    """A Loss instance or loss function from ``serialize``'s output or a name."""
    if isinstance(name, str):
        return _lookup(name, custom_objects)
    if isinstance(name, dict) and "class_name" in name:
        if name["class_name"] == "function":
            return _lookup(name["config"], custom_objects)
        cls = _lookup(name["class_name"], custom_objects)
        return cls.from_config(name.get("config") or {})
    raise ValueError(f"Could not interpret loss identifier: {name}")


def get(identifier):
    """A loss from a name (function/alias -> function, class name -> instance),
    a ``{"class_name", "config"}`` dict, a Loss instance or class, or a callable."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = _lookup(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret loss identifier: {identifier}")


def _check_dtype(dtype, who):
    check_float32_dtype(dtype, who, "losses compute")
