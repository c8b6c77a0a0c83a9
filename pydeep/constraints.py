"""``pydeep.constraints``: Keras 3's weight constraints.

Same class names, arguments, defaults and configs as ``keras.constraints``;
the projections are computed by the C++ core. A layer's ``kernel_constraint``
/ ``bias_constraint`` is applied by the optimizer after every update
(``fit``, ``train_on_batch`` and ``optimizer.apply_gradients`` alike), as
Keras's optimizer does. Norms are L2 norms over ``axis`` and divide by
``epsilon + norm`` with Keras's epsilon 1e-7.

Only the built-in classes run inside layers; a custom ``Constraint`` can be
called directly but a layer given one raises NotImplementedError.
"""
from . import _core
from ._identifiers import Namespace

__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "max_norm",
           "min_max_norm", "non_neg", "unit_norm", "get", "serialize", "deserialize"]


class Constraint:
    """Base class: ``__call__(w)`` returns the projected weight (identity here)."""

    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class _CoreConstraint(Constraint):
    def _make_native(self):
        self._native = _core.make_constraint(
            {"class_name": type(self).__name__, "config": self.get_config()},
            type(self).__name__)

    def __call__(self, w):
        return self._native(w)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class MaxNorm(_CoreConstraint):
    """Rescales the weights incident to each unit to a norm <= ``max_value``
    (norms over ``axis``: 0 for a Dense kernel's input vectors)."""

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis
        self._make_native()

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(_CoreConstraint):
    """Rescales norms towards ``[min_value, max_value]``:
    ``rate * clip(norm, min, max) + (1 - rate) * norm``."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis
        self._make_native()

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


class NonNeg(_CoreConstraint):
    """Clips the weights at 0 from below."""

    def __init__(self):
        self._make_native()


class UnitNorm(_CoreConstraint):
    """Rescales the weights incident to each unit to unit norm."""

    def __init__(self, axis=0):
        self.axis = axis
        self._make_native()

    def get_config(self):
        return {"axis": self.axis}


max_norm, min_max_norm, non_neg, unit_norm = MaxNorm, MinMaxNorm, NonNeg, UnitNorm

ALL_OBJECTS_DICT = {cls.__name__: cls for cls in (Constraint, MaxNorm, MinMaxNorm, NonNeg,
                                                   UnitNorm)}
ALL_OBJECTS_DICT.update({"constraint": Constraint, "max_norm": MaxNorm,
                         "min_max_norm": MinMaxNorm, "non_neg": NonNeg, "unit_norm": UnitNorm})


_NAMESPACE = Namespace("constraint", "keras.constraints", ALL_OBJECTS_DICT, _CoreConstraint,
                       "MaxNorm, MinMaxNorm, NonNeg, UnitNorm")
serialize = _NAMESPACE.serialize
deserialize = _NAMESPACE.deserialize
get = _NAMESPACE.get
_layer_spec = _NAMESPACE.layer_spec
