"""Convolution and pooling ops (``keras.ops`` nn namespace), Keras 3 signatures.

channels_last only: inputs are (batch, spatial..., channels) with 1 to 3
spatial axes; kernels use Keras's layouts. The math and the gradients run in
C++ (``pydeep::conv`` and friends).
"""
from .. import _core
from .core import convert_to_tensor

__all__ = ["conv", "depthwise_conv", "separable_conv", "conv_transpose", "max_pool",
           "average_pool", "pad"]


def _tuple(value, rank, name):
    """An int or a sequence of ``rank`` ints, as a list (Keras's standardize_tuple)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [value] * rank
    try:
        values = [int(v) for v in value]
    except TypeError:
        raise ValueError(f"The `{name}` argument must be an int or a tuple of {rank} ints. "
                         f"Received: {name}={value!r}") from None
    if len(values) != rank:
        raise ValueError(f"The `{name}` argument must be a tuple of {rank} integers. "
                         f"Received {name}={value!r}")
    return values


def _rank(x, where):
    if x.ndim not in (3, 4, 5):
        raise ValueError(f"{where}: expected an input of rank 3 to 5 (batch, spatial..., "
                         f"channels); received shape {tuple(x.shape)}")
    return x.ndim - 2


def _channels_last(data_format, where):
    if data_format not in (None, "channels_last"):
        raise NotImplementedError(f"{where}: data_format={data_format!r} is not supported; "
                                  "pydeep is channels_last")


def _padding(padding):
    return padding.lower() if isinstance(padding, str) else padding


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-d convolution; groups = input channels / kernel input channels."""
    _channels_last(data_format, "conv")
    x = convert_to_tensor(inputs)
    r = _rank(x, "conv")
    return _core.conv(x, kernel, _tuple(strides, r, "strides"), _padding(padding),
                      _tuple(dilation_rate, r, "dilation_rate"), "conv")


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None,
                   dilation_rate=1):
    """Depthwise convolution; kernel (kernel_size..., channels, depth_multiplier)."""
    _channels_last(data_format, "depthwise_conv")
    x = convert_to_tensor(inputs)
    r = _rank(x, "depthwise_conv")
    return _core.depthwise_conv(x, kernel, _tuple(strides, r, "strides"), _padding(padding),
                                _tuple(dilation_rate, r, "dilation_rate"), "depthwise_conv")


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    """Depthwise convolution followed by a 1x1 (pointwise) convolution."""
    y = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(y, pointwise_kernel, 1, "valid", data_format, 1)


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None,
                   data_format=None, dilation_rate=1):
    """Transposed convolution; kernel (kernel_size..., filters, input channels)."""
    _channels_last(data_format, "conv_transpose")
    x = convert_to_tensor(inputs)
    r = _rank(x, "conv_transpose")
    op = [] if output_padding is None else _tuple(output_padding, r, "output_padding")
    return _core.conv_transpose(x, kernel, _tuple(strides, r, "strides"), _padding(padding), op,
                                _tuple(dilation_rate, r, "dilation_rate"), "conv_transpose")


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling; strides default to pool_size."""
    _channels_last(data_format, "max_pool")
    x = convert_to_tensor(inputs)
    r = _rank(x, "max_pool")
    pool = _tuple(pool_size, r, "pool_size")
    return _core.max_pool(x, pool, pool if strides is None else _tuple(strides, r, "strides"),
                          _padding(padding), "max_pool")


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling (padded positions are not counted); strides default to pool_size."""
    _channels_last(data_format, "average_pool")
    x = convert_to_tensor(inputs)
    r = _rank(x, "average_pool")
    pool = _tuple(pool_size, r, "pool_size")
    return _core.average_pool(x, pool,
                              pool if strides is None else _tuple(strides, r, "strides"),
                              _padding(padding), "average_pool")


def pad(x, pad_width, mode="constant", constant_values=None):
    """Zero padding with numpy's ``pad_width`` forms (an int, one (before, after)
    pair for every axis, or a pair per axis); differentiable."""
    if mode != "constant" or constant_values not in (None, 0, 0.0):
        raise NotImplementedError(f"pad: only mode='constant' with zeros is supported; received "
                                  f"mode={mode!r}, constant_values={constant_values!r}")
    x = convert_to_tensor(x)
    import numpy as np
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64).reshape(-1, 2)
                             if np.ndim(pad_width) else np.int64(pad_width), (x.ndim, 2))
    return _core.pad(x, [int(v) for v in widths[:, 0]], [int(v) for v in widths[:, 1]])
