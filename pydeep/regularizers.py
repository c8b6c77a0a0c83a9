"""``pydeep.regularizers``: Keras 3's weight and activity regularizers.

Same class names, arguments, defaults and configs as ``keras.regularizers``;
the penalties are computed by the C++ core (``pydeep/regularizers`` there),
so a layer's regularization runs inside the C++ training loop. Calling a
regularizer on a tensor returns a scalar ``pydeep.Tensor`` (differentiable
under a ``GradientTape``).

Layers take them as ``kernel_regularizer``, ``bias_regularizer`` and
``activity_regularizer``; ``fit``/``evaluate``/``train_on_batch``/
``test_on_batch`` add the penalties to the loss (Keras 3's ``compute_loss``),
and ``layer.losses`` / ``model.losses`` list their current values. An
activity penalty is divided by the batch size, as in Keras 3.

Only the built-in classes run inside layers; a custom ``Regularizer``
subclass or function can be called directly but a layer given one raises
NotImplementedError.
"""
import math

from . import _core
from ._identifiers import Namespace

__all__ = ["Regularizer", "L1", "L2", "L1L2", "OrthogonalRegularizer", "l1", "l2", "l1_l2",
           "orthogonal_regularizer", "get", "serialize", "deserialize"]


def _validate_float_arg(value, name):
    if isinstance(value, bool) or not isinstance(value, (float, int)) or \
            math.isinf(value) or math.isnan(value) or value < 0:
        raise ValueError(f"Invalid value for argument {name}: expected a non-negative float."
                         f"Received: {name}={value}")
    return float(value)


class Regularizer:
    """Base class: subclasses implement ``__call__(x)`` (a scalar penalty)
    and ``get_config()``."""

    def __call__(self, x):
        return 0.0

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_config(self):
        raise NotImplementedError(f"{self} does not implement get_config()")


class _CoreRegularizer(Regularizer):
    """A built-in regularizer computed by the core."""

    def _make_native(self):
        self._native = _core.make_regularizer(
            {"class_name": type(self).__name__, "config": self.get_config()},
            type(self).__name__)

    def __call__(self, x):
        return self._native(x)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class L1L2(_CoreRegularizer):
    """``l1 * sum(abs(x)) + l2 * sum(square(x))``; defaults 0.0 (as Keras)."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _validate_float_arg(0.0 if l1 is None else l1, "l1")
        self.l2 = _validate_float_arg(0.0 if l2 is None else l2, "l2")
        self._make_native()

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(_CoreRegularizer):
    """``l1 * sum(abs(x))``; ``"l1"`` gives ``l1=0.01``."""

    def __init__(self, l1=0.01):
        self.l1 = _validate_float_arg(0.01 if l1 is None else l1, "l1")
        self._make_native()

    def get_config(self):
        return {"l1": self.l1}


class L2(_CoreRegularizer):
    """``l2 * sum(square(x))``; ``"l2"`` gives ``l2=0.01``."""

    def __init__(self, l2=0.01):
        self.l2 = _validate_float_arg(0.01 if l2 is None else l2, "l2")
        self._make_native()

    def get_config(self):
        return {"l2": self.l2}


class OrthogonalRegularizer(_CoreRegularizer):
    """Pushes the rows (``mode="rows"``) or columns of a 2-D input towards
    mutual orthogonality: ``factor * 0.5 * sum(|offdiag(N N^T)|) / (n(n-1)/2)``
    with ``N`` the L2-normalised rows (columns: ``N^T N``)."""

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _validate_float_arg(factor, "factor")
        if mode not in {"rows", "columns"}:
            raise ValueError("Invalid value for argument `mode`. Expected one of "
                             f'{{"rows", "columns"}}. Received: mode={mode}')
        self.mode = mode
        self._make_native()

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


# Keras's function-style aliases are the classes themselves.
l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer

ALL_OBJECTS_DICT = {cls.__name__: cls for cls in (Regularizer, L1, L2, L1L2,
                                                   OrthogonalRegularizer)}
ALL_OBJECTS_DICT.update({"regularizer": Regularizer, "l1": L1, "l2": L2, "l1l2": L1L2,
                         "l1_l2": L1L2, "orthogonal_regularizer": OrthogonalRegularizer})


_NAMESPACE = Namespace("regularizer", "keras.regularizers", ALL_OBJECTS_DICT, _CoreRegularizer,
                       "L1, L2, L1L2, OrthogonalRegularizer")
serialize = _NAMESPACE.serialize
deserialize = _NAMESPACE.deserialize
get = _NAMESPACE.get
_layer_spec = _NAMESPACE.layer_spec
