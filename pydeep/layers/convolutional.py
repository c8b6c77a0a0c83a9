"""Convolution layers with Keras 3 signatures (channels_last); the math runs in
the C++ layers (cpp/src/layers/conv.cpp, conv_transpose.cpp, depthwise_conv.cpp)."""
from .. import activations as _activations
from .. import constraints as _constraints
from .. import regularizers as _regularizers
from .core import _initializer_config, _unsupported
from .layer import Layer


def _tuple(value, rank, name):
    """Keras's standardize_tuple: an int, or an iterable of ``rank`` ints."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) * rank
    try:
        values = tuple(int(v) for v in value)
    except TypeError:
        raise ValueError(f"The `{name}` argument must be a tuple of {rank} integers. "
                         f"Received {name}={value!r}") from None
    if len(values) != rank:
        raise ValueError(f"The `{name}` argument must be a tuple of {rank} integers. "
                         f"Received {name}={value!r}")
    return values


class _BaseConv(Layer):
    """Shared by ConvND, ConvNDTranspose, DepthwiseConvND, SeparableConvND."""

    _rank = None

    def _common(self, kernel_size, strides, padding, data_format, dilation_rate, activation,
                use_bias):
        r = self._rank
        self.kernel_size = _tuple(kernel_size, r, "kernel_size")
        self.strides = _tuple(strides, r, "strides")
        self.dilation_rate = _tuple(dilation_rate, r, "dilation_rate")
        self.padding = padding.lower() if isinstance(padding, str) else padding
        self.data_format = "channels_last" if data_format is None else data_format
        self.activation = _activations.get(activation)
        self.use_bias = bool(use_bias)
        return {"kernel_size": list(self.kernel_size), "strides": list(self.strides),
                "padding": self.padding, "data_format": data_format,
                "dilation_rate": list(self.dilation_rate),
                "activation": _activations.serialize(activation), "use_bias": self.use_bias}

    @property
    def kernel(self):
        return self._native.weights[0]

    @property
    def bias(self):
        return self._native.weights[-1] if self.use_bias else None


class _Conv(_BaseConv):
    """``activation(conv(inputs, kernel) + bias)``;
    kernel (kernel_size..., in_channels / groups, filters)."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        who = type(self).__name__
        _unsupported(who, lora_rank=lora_rank, lora_alpha=lora_alpha)
        config = self._common(kernel_size, strides, padding, data_format, dilation_rate,
                              activation, use_bias)
        self.filters, self.groups = filters, groups
        config.update(filters=filters, groups=groups,
                      kernel_regularizer=_regularizers._layer_spec(kernel_regularizer, who,
                                                                   "kernel_regularizer"),
                      bias_regularizer=_regularizers._layer_spec(bias_regularizer, who,
                                                                 "bias_regularizer"),
                      kernel_constraint=_constraints._layer_spec(kernel_constraint, who,
                                                                 "kernel_constraint"),
                      bias_constraint=_constraints._layer_spec(bias_constraint, who,
                                                               "bias_constraint"),
                      kernel_initializer=_initializer_config(kernel_initializer,
                                                             "kernel_initializer"),
                      bias_initializer=_initializer_config(bias_initializer, "bias_initializer"))
        self._make_native(config)


class Conv1D(_Conv):
    """1-D convolution: (batch, steps, channels) -> (batch, new_steps, filters).
    ``padding`` may also be ``"causal"``."""

    _native_class, _rank = "Conv1D", 1


class Conv2D(_Conv):
    """2-D convolution: (batch, rows, cols, channels) -> (batch, new_rows, new_cols, filters)."""

    _native_class, _rank = "Conv2D", 2


class Conv3D(_Conv):
    """3-D convolution: (batch, d1, d2, d3, channels) -> (batch, n1, n2, n3, filters)."""

    _native_class, _rank = "Conv3D", 3


class _ConvTranspose(_BaseConv):
    """Transposed convolution; kernel (kernel_size..., filters, in_channels)."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        _unsupported(type(self).__name__, kernel_regularizer=kernel_regularizer,
                     bias_regularizer=bias_regularizer,
                     activity_regularizer=activity_regularizer,
                     kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)
        config = self._common(kernel_size, strides, padding, data_format, dilation_rate,
                              activation, use_bias)
        self.filters = filters
        self.output_padding = (None if output_padding is None
                               else _tuple(output_padding, self._rank, "output_padding"))
        config.update(filters=filters,
                      output_padding=None if output_padding is None else
                      list(self.output_padding),
                      kernel_initializer=_initializer_config(kernel_initializer,
                                                             "kernel_initializer"),
                      bias_initializer=_initializer_config(bias_initializer, "bias_initializer"))
        self._make_native(config)


class Conv1DTranspose(_ConvTranspose):
    _native_class, _rank = "Conv1DTranspose", 1


class Conv2DTranspose(_ConvTranspose):
    _native_class, _rank = "Conv2DTranspose", 2


class Conv3DTranspose(_ConvTranspose):
    _native_class, _rank = "Conv3DTranspose", 3


class _DepthwiseConv(_BaseConv):
    """Each input channel convolved with its own ``depth_multiplier`` filters;
    kernel (kernel_size..., channels, depth_multiplier)."""

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        _unsupported(type(self).__name__, depthwise_regularizer=depthwise_regularizer,
                     bias_regularizer=bias_regularizer,
                     activity_regularizer=activity_regularizer,
                     depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint)
        config = self._common(kernel_size, strides, padding, data_format, dilation_rate,
                              activation, use_bias)
        self.depth_multiplier = depth_multiplier
        config.update(depth_multiplier=depth_multiplier,
                      depthwise_initializer=_initializer_config(depthwise_initializer,
                                                                "depthwise_initializer"),
                      bias_initializer=_initializer_config(bias_initializer, "bias_initializer"))
        self._make_native(config)


class DepthwiseConv1D(_DepthwiseConv):
    _native_class, _rank = "DepthwiseConv1D", 1


class DepthwiseConv2D(_DepthwiseConv):
    _native_class, _rank = "DepthwiseConv2D", 2


class _SeparableConv(_BaseConv):
    """Depthwise convolution then a pointwise (1x1) one to ``filters`` channels.
    Weights: depthwise_kernel, pointwise_kernel, bias."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        _unsupported(type(self).__name__, depthwise_regularizer=depthwise_regularizer,
                     pointwise_regularizer=pointwise_regularizer,
                     bias_regularizer=bias_regularizer,
                     activity_regularizer=activity_regularizer,
                     depthwise_constraint=depthwise_constraint,
                     pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint)
        config = self._common(kernel_size, strides, padding, data_format, dilation_rate,
                              activation, use_bias)
        self.filters, self.depth_multiplier = filters, depth_multiplier
        config.update(filters=filters, depth_multiplier=depth_multiplier,
                      depthwise_initializer=_initializer_config(depthwise_initializer,
                                                                "depthwise_initializer"),
                      pointwise_initializer=_initializer_config(pointwise_initializer,
                                                                "pointwise_initializer"),
                      bias_initializer=_initializer_config(bias_initializer, "bias_initializer"))
        self._make_native(config)

    @property
    def depthwise_kernel(self):
        return self._native.weights[0]

    @property
    def pointwise_kernel(self):
        return self._native.weights[1]


class SeparableConv1D(_SeparableConv):
    _native_class, _rank = "SeparableConv1D", 1


class SeparableConv2D(_SeparableConv):
    _native_class, _rank = "SeparableConv2D", 2
