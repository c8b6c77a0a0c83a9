"""Core ops: conversion, casting, shapes, slicing (``keras.ops`` core namespace)."""
import numpy as np

from .. import _core
from .._tensor import Tensor

__all__ = ["convert_to_tensor", "convert_to_numpy", "is_tensor", "cast", "shape", "slice",
           "stop_gradient", "dtype"]

_DTYPES = ("float32", "int32", "int64", "bool")


def standardize_dtype(dtype, where="dtype"):
    """The pydeep dtype name for a numpy/str dtype; float64 and friends map to float32."""
    if dtype is None:
        return None
    name = dtype if isinstance(dtype, str) else np.dtype(dtype).name
    if name in ("float16", "bfloat16", "float64"):
        return "float32"  # pydeep computes in float32 (Keras floatx)
    if name in ("int8", "int16", "uint8", "uint16"):
        return "int32"
    if name in ("uint32", "uint64"):
        return "int64"
    if name not in _DTYPES:
        raise TypeError(f"{where}: unsupported dtype {name!r}; expected one of {_DTYPES}")
    return name


def convert_to_tensor(x, dtype=None, sparse=None):
    """A tensor from an array-like. C-contiguous float32/int32/int64/bool numpy
    arrays are wrapped without copying (writes through numpy are seen by the
    tensor); other input is converted once (float64 -> float32)."""
    if sparse:
        raise NotImplementedError("convert_to_tensor: sparse tensors are not supported "
                                  "(received sparse=True)")
    t = _core.convert_to_tensor(x)
    dtype = standardize_dtype(dtype, "convert_to_tensor")
    return t if dtype is None or dtype == t.dtype else _core.cast(t, dtype)


def convert_to_numpy(x):
    """A numpy array of x; for a tensor it views the tensor's memory (no copy)."""
    if isinstance(x, Tensor):
        return x.numpy()
    return np.asarray(x)


def is_tensor(x):
    return isinstance(x, Tensor)


def cast(x, dtype):
    return _core.cast(x, standardize_dtype(dtype, "cast"))


def dtype(x):
    return convert_to_tensor(x).dtype


def shape(x):
    """The shape as a tuple of ints."""
    return tuple(convert_to_tensor(x).shape)


def slice(inputs, start_indices, shape):  # noqa: A001 - Keras's name
    """``inputs[start:start+shape]`` per axis (Keras ``ops.slice``); -1 in shape
    takes the rest of the axis."""
    x = convert_to_tensor(inputs)
    start = [int(s) for s in start_indices]
    size = [int(s) for s in shape]
    if len(start) != x.ndim or len(size) != x.ndim:
        raise ValueError(f"slice: expected {x.ndim} start indices and sizes for shape "
                         f"{x.shape}; received start_indices={start}, shape={size}")
    size = [x.shape[i] - start[i] if s == -1 else s for i, s in enumerate(size)]
    return _core.strided_slice(x, start, size, [1] * x.ndim)


def stop_gradient(variable):
    """The same values, cut from the autograd graph."""
    return convert_to_tensor(variable).detach()
