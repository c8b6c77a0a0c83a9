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


def serialize(constraint):
    """Keras 3's config dict ``{"module", "class_name", "config", "registered_name"}``."""
    if constraint is None:
        return None
    return {"module": "keras.constraints", "class_name": type(constraint).__name__,
            "config": constraint.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """A constraint from a config dict or a name."""
    objects = dict(ALL_OBJECTS_DICT, **(custom_objects or {}))
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not interpret constraint identifier: {config}")
    cls = objects.get(config["class_name"])
    if cls is None:
        raise ValueError(f"Could not interpret constraint identifier: {config}")
    return cls.from_config(dict(config.get("config") or {}))


def get(identifier):
    """A constraint from None, a name, a config dict, a class or an instance."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    obj = ALL_OBJECTS_DICT.get(identifier) if isinstance(identifier, str) else identifier
    if callable(obj):
        return obj() if isinstance(obj, type) else obj
    raise ValueError(f"Could not interpret constraint identifier: {identifier}")


def _layer_spec(value, layer, argument):
    """The core spec of a layer's constraint argument (None stays None)."""
    try:
        c = get(value)
    except ValueError as e:
        raise ValueError(f"{layer}: argument `{argument}`: {e}") from None
    if c is None:
        return None
    if not isinstance(c, _CoreConstraint):
        raise NotImplementedError(
            f"{layer}: argument `{argument}`: custom constraints are not supported inside "
            f"layers yet; received {value!r}. Use one of MaxNorm, MinMaxNorm, NonNeg, UnitNorm.")
    return {"class_name": type(c).__name__, "config": c.get_config()}
