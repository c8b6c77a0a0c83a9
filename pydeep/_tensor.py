"""Python behaviour of ``pydeep.Tensor``: operators, indexing and repr.

The class itself is the core's (``pydeep._core.Tensor``); every operator
forwards to one differentiable core function.
"""
import numbers

import numpy as np

from . import _core

Tensor = _core.Tensor


def _reflected(fn):
    return lambda self, other: fn(other, self)


def _pow(x, y):
    if isinstance(y, numbers.Real) and not isinstance(y, bool):
        return _core.power_scalar(x, float(y))
    return _core.power(x, y)


def _repr(self):
    values = np.array2string(np.asarray(self), separator=", ", threshold=20)
    return f"<Tensor shape={self.shape}, dtype={self.dtype}, numpy=\n{values}>"


def _index_value(k):
    return isinstance(k, (numbers.Integral, np.integer)) and not isinstance(k, (bool, np.bool_))


def _getitem(x, key):
    """Basic indexing (ints, slices with positive steps, ``...``, ``None``)
    plus at most one integer array, as in numpy; differentiable."""
    if not isinstance(key, tuple):
        key = (key,)
    if sum(k is Ellipsis for k in key) > 1:
        raise IndexError("Tensor index: an index can only have a single ellipsis ('...')")
    consumed = sum(1 for k in key if k is not None and k is not Ellipsis)
    if consumed > x.ndim:
        raise IndexError(f"Tensor index: too many indices for a tensor of shape {x.shape}: "
                         f"{consumed} were indexed")
    if Ellipsis in [k for k in key if not isinstance(k, (np.ndarray, Tensor))]:
        i = next(i for i, k in enumerate(key) if k is Ellipsis)
        key = key[:i] + (slice(None),) * (x.ndim - consumed) + key[i + 1:]
    else:
        key = key + (slice(None),) * (x.ndim - consumed)

    begin, size, step, final_shape = [], [], [], []
    advanced = None  # (axis in x, index tensor)
    axis = 0
    for k in key:
        if k is None:
            final_shape.append(1)
            continue
        dim = x.shape[axis]
        if _index_value(k):
            i = int(k) + dim if k < 0 else int(k)
            if not 0 <= i < dim:
                raise IndexError(f"Tensor index: index {int(k)} is out of bounds for axis "
                                 f"{axis} with size {dim}")
            begin.append(i), size.append(1), step.append(1)
        elif isinstance(k, slice):
            start, stop, st = k.indices(dim)
            if st <= 0:
                raise NotImplementedError("Tensor index: slices with a negative step are not "
                                          f"supported; received step={st}")
            n = len(range(start, stop, st))
            begin.append(start if n else 0), size.append(n), step.append(st)
            final_shape.append(n)
        else:
            if advanced is not None:
                raise NotImplementedError("Tensor index: only one integer-array index is "
                                          "supported per indexing expression")
            idx = _core.convert_to_tensor(k)
            if idx.dtype not in ("int32", "int64"):
                raise IndexError("Tensor index: array indices must be integers; received "
                                 f"dtype {idx.dtype}")
            advanced = (axis, idx)
            begin.append(0), size.append(dim), step.append(1)
            final_shape.extend(idx.shape)
        axis += 1
    y = x
    if list(size) != list(x.shape) or any(s != 1 for s in step):
        y = _core.strided_slice(x, begin, size, step)
    if advanced is not None:
        y = _core.take(y, advanced[1], advanced[0])
    return _core.reshape(y, final_shape)


def _bool(self):
    if self.size != 1:
        raise ValueError(f"The truth value of a tensor with shape {self.shape} is ambiguous")
    return bool(self.item())


def _index(self):
    if self.dtype not in ("int32", "int64") or self.size != 1:
        raise TypeError("only one-element integer tensors can be used as an index; received "
                        f"shape {self.shape}, dtype {self.dtype}")
    return int(self.item())


_OPERATORS = {
    "__add__": _core.add,
    "__radd__": _reflected(_core.add),
    "__sub__": _core.subtract,
    "__rsub__": _reflected(_core.subtract),
    "__mul__": _core.multiply,
    "__rmul__": _reflected(_core.multiply),
    "__truediv__": _core.divide,
    "__rtruediv__": _reflected(_core.divide),
    "__pow__": _pow,
    "__rpow__": _reflected(_core.power),
    "__matmul__": _core.matmul,
    "__rmatmul__": _reflected(_core.matmul),
    "__neg__": _core.negative,
    "__pos__": lambda self: self,
    "__abs__": _core.abs,
    "__lt__": _core.less,
    "__le__": _core.less_equal,
    "__gt__": _core.greater,
    "__ge__": _core.greater_equal,
    "__eq__": _core.equal,
    "__ne__": _core.not_equal,
    "__and__": _core.logical_and,
    "__or__": _core.logical_or,
    "__invert__": _core.logical_not,
    "__getitem__": _getitem,
    "__repr__": _repr,
    "__bool__": _bool,
    "__float__": lambda self: float(self.item()),
    "__int__": lambda self: int(self.item()),
    "__index__": _index,
}
for _name, _fn in _OPERATORS.items():
    # Compiled functions do not bind as methods; a Python function does.
    setattr(Tensor, _name, (lambda f: lambda *args: f(*args))(_fn))
# Elementwise __eq__ would make tensors unhashable; keep identity hashing
# (needed to key variables in dicts and sets).
Tensor.__hash__ = object.__hash__
Tensor.T = property(lambda self: _core.transpose(self, []))
Tensor.__array_priority__ = 100  # numpy defers to our reflected operators
