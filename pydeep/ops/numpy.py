"""Numpy-like ops (``keras.ops`` numpy namespace), Keras 3 signatures."""
import numbers

import numpy as np

from .. import _core
from .core import convert_to_tensor, standardize_dtype

__all__ = [
    "add", "subtract", "multiply", "divide", "true_divide", "power", "negative", "abs",
    "absolute", "sign", "square", "sqrt", "exp", "expm1", "log", "log1p", "sin", "cos", "tanh",
    "reciprocal", "clip", "maximum", "minimum", "matmul", "dot", "transpose", "reshape",
    "expand_dims", "squeeze", "concatenate", "stack", "split", "take", "sum", "mean", "max",
    "min", "argmax", "argmin", "where", "equal", "not_equal", "less", "less_equal", "greater",
    "greater_equal", "logical_and", "logical_or", "logical_not", "broadcast_to", "zeros",
    "ones", "full", "zeros_like", "ones_like", "full_like", "arange",
]

add = _core.add
subtract = _core.subtract
multiply = _core.multiply
divide = _core.divide
true_divide = _core.divide
negative = _core.negative
abs = _core.abs  # noqa: A001 - Keras's name
absolute = _core.abs
sign = _core.sign
square = _core.square
sqrt = _core.sqrt
exp = _core.exp
expm1 = _core.expm1
log = _core.log
log1p = _core.log1p
sin = _core.sin
cos = _core.cos
tanh = _core.tanh
reciprocal = _core.reciprocal
maximum = _core.maximum
minimum = _core.minimum
matmul = _core.matmul
equal = _core.equal
not_equal = _core.not_equal
less = _core.less
less_equal = _core.less_equal
greater = _core.greater
greater_equal = _core.greater_equal
logical_and = _core.logical_and
logical_or = _core.logical_or
logical_not = _core.logical_not


def power(x1, x2):
    if isinstance(x2, numbers.Real) and not isinstance(x2, bool):
        return _core.power_scalar(x1, float(x2))
    return _core.power(x1, x2)


def clip(x, x_min, x_max):
    return _core.clip(x, float(x_min), float(x_max))


def dot(x1, x2):
    """numpy.dot for operands of rank <= 2 (a matrix/vector product)."""
    a, b = convert_to_tensor(x1), convert_to_tensor(x2)
    if a.ndim == 0 or b.ndim == 0:
        return _core.multiply(a, b)
    if a.ndim > 2 or b.ndim > 2:
        raise NotImplementedError(f"dot: operands of rank > 2 are not supported (received "
                                  f"shapes {a.shape} and {b.shape}); use matmul or tensordot")
    return _core.matmul(a, b)


def transpose(x, axes=None):
    return _core.transpose(x, [] if axes is None else [int(a) for a in axes])


def reshape(x, newshape):
    if isinstance(newshape, numbers.Integral):
        newshape = (newshape,)
    return _core.reshape(x, [int(d) for d in newshape])


def expand_dims(x, axis):
    if isinstance(axis, (tuple, list)):
        for a in sorted(axis):
            x = _core.expand_dims(x, int(a))
        return x
    return _core.expand_dims(x, int(axis))


def squeeze(x, axis=None):
    return _core.squeeze(x, _axes(axis))


def concatenate(xs, axis=0):
    return _core.concatenate(list(xs), int(axis))


def stack(x, axis=0):
    return _core.stack(list(x), int(axis))


def split(x, indices_or_sections, axis=0):
    """Equal sections (an int that divides the axis) or split points (a list)."""
    x = convert_to_tensor(x)
    ax = int(axis) + x.ndim if int(axis) < 0 else int(axis)
    if not 0 <= ax < x.ndim:
        raise IndexError(f"split: axis {axis} is out of bounds for shape {x.shape}")
    n = x.shape[ax]
    if isinstance(indices_or_sections, numbers.Integral):
        k = int(indices_or_sections)
        if k <= 0 or n % k:
            raise ValueError(f"split: an axis of size {n} cannot be split into {k} equal "
                             "sections")
        sizes = [n // k] * k
    else:
        points = [min(max(int(p) + n if int(p) < 0 else int(p), 0), n)
                  for p in indices_or_sections]
        bounds = [0] + points + [n]
        sizes = [max(b - a, 0) for a, b in zip(bounds[:-1], bounds[1:])]
        if sum(sizes) != n:
            raise ValueError(f"split: split points {list(indices_or_sections)} must be "
                             "non-decreasing")
    return _core.split(x, sizes, ax)


def take(x, indices, axis=None):
    """numpy.take: indices (int, negative wrap) along axis; axis=None flattens x."""
    x = convert_to_tensor(x)
    if axis is None:
        x = _core.reshape(x, [-1])
        axis = 0
    return _core.take(x, indices, int(axis))


def _axes(axis):
    if axis is None:
        return []
    if isinstance(axis, (tuple, list)):
        return [int(a) for a in axis]
    return [int(axis)]


def _reduction(fn, x, axis, keepdims):
    axes = _axes(axis)
    if axis is not None and len(axes) == 0:  # axis=() reduces nothing
        return convert_to_tensor(x)
    return fn(x, axes, bool(keepdims))


def sum(x, axis=None, keepdims=False):  # noqa: A001
    return _reduction(_core.sum, x, axis, keepdims)


def mean(x, axis=None, keepdims=False):
    return _reduction(_core.mean, x, axis, keepdims)


def max(x, axis=None, keepdims=False, initial=None):  # noqa: A001
    out = _reduction(_core.max, x, axis, keepdims)
    return out if initial is None else _core.maximum(out, float(initial))


def min(x, axis=None, keepdims=False, initial=None):  # noqa: A001
    out = _reduction(_core.min, x, axis, keepdims)
    return out if initial is None else _core.minimum(out, float(initial))


def _arg(fn, x, axis, keepdims):
    x = convert_to_tensor(x)
    if axis is None:
        flat = fn(_core.reshape(x, [-1]), 0, False)
        return _core.reshape(flat, [1] * x.ndim) if keepdims else flat
    return fn(x, int(axis), bool(keepdims))


def argmax(x, axis=None, keepdims=False):
    return _arg(_core.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg(_core.argmin, x, axis, keepdims)


def where(condition, x1=None, x2=None):
    if x1 is None and x2 is None:
        raise NotImplementedError("where: the one-argument form (indices of true elements) "
                                  "is not supported; pass x1 and x2")
    if x1 is None or x2 is None:
        raise ValueError("where: x1 and x2 must both be given or both be None")
    return _core.where(condition, x1, x2)


def broadcast_to(x, shape):
    return _core.broadcast_to(x, [int(d) for d in shape])


def full(shape, fill_value, dtype=None):
    dtype = standardize_dtype(dtype, "full") or "float32"  # Keras: floatx by default
    return convert_to_tensor(np.full(tuple(shape), fill_value), dtype=dtype)


def zeros(shape, dtype=None):
    return full(shape, 0, dtype=dtype or "float32")


def ones(shape, dtype=None):
    return full(shape, 1, dtype=dtype or "float32")


def full_like(x, fill_value, dtype=None):
    x = convert_to_tensor(x)
    return full(x.shape, fill_value, dtype=dtype or x.dtype)


def zeros_like(x, dtype=None):
    return full_like(x, 0, dtype)


def ones_like(x, dtype=None):
    return full_like(x, 1, dtype)


def arange(start, stop=None, step=1, dtype=None):
    values = np.arange(start, stop, step)
    return convert_to_tensor(values, dtype=dtype)
