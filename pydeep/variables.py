"""``pydeep.Variable``: Keras 3's variable, backed by a core variable tensor."""
import numpy as np

from . import _core

_AGGREGATIONS = ("none", "mean", "sum", "only_first_replica")
_SYNCHRONIZATIONS = ("none", "on_write", "on_read", "auto")


class Variable(_core.Variable):
    """A named, mutable tensor that layers own and optimizers update.

    Signature as Keras 3: ``Variable(initializer, shape=None, dtype=None,
    trainable=True, autocast=True, aggregation="none", synchronization="auto",
    name=None)``. ``initializer`` is a value (array-like) or a callable
    ``initializer(shape, dtype)``. Trainable variables are differentiated by
    ``GradientTape`` automatically. ``aggregation`` and ``synchronization``
    only matter under distribution strategies, which pydeep does not have; on
    one device they change nothing, as in Keras.
    """

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, autocast=True,
                 aggregation="none", synchronization="auto", name=None):
        if aggregation not in _AGGREGATIONS:
            raise ValueError(f"Variable: invalid aggregation {aggregation!r}; expected one of "
                             f"{_AGGREGATIONS}")
        if synchronization not in _SYNCHRONIZATIONS:
            raise ValueError(f"Variable: invalid synchronization {synchronization!r}; expected "
                             f"one of {_SYNCHRONIZATIONS}")
        if name is not None and (not isinstance(name, str) or "/" in name):
            raise ValueError(f"Variable: name must be a string without '/'; received name={name!r}")
        dtype = "float32" if dtype is None else _standardize_dtype(dtype)
        if callable(initializer):
            if shape is None:
                raise ValueError("Variable: when `initializer` is callable, `shape` must be "
                                 "given; received shape=None")
            value = initializer(tuple(shape), dtype=dtype)
        else:
            value = initializer
        value = np.asarray(value, dtype=dtype)
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise ValueError(f"Variable: initial value has shape {value.shape}, which does not "
                             f"match shape={tuple(shape)}")
        super().__init__(value, bool(trainable), name or "variable")
        self.autocast = autocast
        self.aggregation = aggregation
        self.synchronization = synchronization

    def __repr__(self):
        values = np.array2string(np.asarray(self), separator=", ", threshold=20)
        return (f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype}, "
                f"value={values}>")


def _standardize_dtype(dtype):
    name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if name in ("float16", "float64", "bfloat16"):
        raise NotImplementedError(f"Variable: dtype {name!r} is not supported; pydeep computes "
                                  "in float32 (use dtype='float32')")
    if name not in ("float32", "int32", "int64", "bool"):
        raise TypeError(f"Variable: unsupported dtype {name!r}; expected float32, int32, "
                        "int64 or bool")
    return name
