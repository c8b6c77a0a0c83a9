"""Core layers with Keras 3 signatures; the math runs in the C++ layers."""
from .. import activations as _activations
from .. import constraints as _constraints
from .. import regularizers as _regularizers
from .layer import Layer


def _initializer_config(value, argument):
    if isinstance(value, (str, dict)) or value is None:
        return value
    if hasattr(value, "get_config"):
        return {"class_name": type(value).__name__, "config": value.get_config()}
    raise ValueError(f"Invalid value for argument `{argument}`: {value!r}")


def _unsupported(layer, **arguments):
    for key, value in arguments.items():
        if value is not None:
            raise NotImplementedError(f"{layer}: argument `{key}` is not supported yet; "
                                      f"received {key}={value!r}")


class Dense(Layer):
    """Densely connected layer: ``activation(inputs @ kernel + bias)``.

    inputs (batch, ..., d) -> (batch, ..., units); kernel shape (d, units).
    ``kernel_regularizer`` / ``bias_regularizer`` / ``activity_regularizer``
    (``pydeep.regularizers``) add their penalties to the training and
    evaluation loss (``layer.losses`` lists them); ``kernel_constraint`` /
    ``bias_constraint`` (``pydeep.constraints``) project the weights after
    every optimizer update. ``lora_rank`` raises NotImplementedError.
    """

    _native_class = "Dense"

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 lora_rank=None, lora_alpha=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
            raise ValueError("Received an invalid value for `units`, expected a positive "
                             f"integer. Received: units={units}")
        _unsupported("Dense", lora_rank=lora_rank, lora_alpha=lora_alpha)
        self.units = units
        self.activation = _activations.get(activation)
        self.use_bias = bool(use_bias)
        specs = {  # validated first, so that errors name the argument
            "kernel_regularizer": _regularizers._layer_spec(kernel_regularizer, "Dense",
                                                            "kernel_regularizer"),
            "bias_regularizer": _regularizers._layer_spec(bias_regularizer, "Dense",
                                                          "bias_regularizer"),
            "kernel_constraint": _constraints._layer_spec(kernel_constraint, "Dense",
                                                          "kernel_constraint"),
            "bias_constraint": _constraints._layer_spec(bias_constraint, "Dense",
                                                        "bias_constraint")}
        self.kernel_regularizer = _regularizers.get(kernel_regularizer)
        self.bias_regularizer = _regularizers.get(bias_regularizer)
        self.kernel_constraint = _constraints.get(kernel_constraint)
        self.bias_constraint = _constraints.get(bias_constraint)
        self._make_native({
            "units": units, "activation": _activations.serialize(activation),
            "use_bias": self.use_bias,
            "kernel_initializer": _initializer_config(kernel_initializer, "kernel_initializer"),
            "bias_initializer": _initializer_config(bias_initializer, "bias_initializer"),
            **specs})

    @property
    def kernel(self):
        return self._native.weights[0]

    @property
    def bias(self):
        return self._native.weights[1] if self.use_bias else None


class Activation(Layer):
    """Applies an activation function: ``Activation("relu")``."""

    _native_class = "Activation"

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = _activations.get(activation)
        self._make_native({"activation": _activations.serialize(activation)})


class Dropout(Layer):
    """Inverted dropout at ``rate`` during training; the identity in inference."""

    _native_class = "Dropout"

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not 0 <= rate <= 1:
            raise ValueError("Invalid value received for argument `rate`. Expected a float value "
                             f"between 0 and 1. Received: rate={rate}")
        self.rate = float(rate)
        self.noise_shape = noise_shape
        self.seed = seed
        self._make_native({"rate": self.rate,
                           "noise_shape": None if noise_shape is None else
                           [-1 if d is None else int(d) for d in noise_shape],
                           "seed": seed})


class Identity(Layer):
    """Returns its input unchanged."""

    _native_class = "Identity"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._make_native({})


class Rescaling(Layer):
    """``inputs * scale + offset``."""

    _native_class = "Rescaling"

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = float(scale), float(offset)
        self._make_native({"scale": self.scale, "offset": self.offset})


class Flatten(Layer):
    """Flattens all axes but the batch axis."""

    _native_class = "Flatten"

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._make_native({"data_format": data_format})


class Reshape(Layer):
    """Reshapes to ``(batch,) + target_shape`` (one -1 allowed)."""

    _native_class = "Reshape"

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)
        self._make_native({"target_shape": list(self.target_shape)})


class Permute(Layer):
    """Permutes the non-batch axes; ``dims`` are 1-based as in Keras."""

    _native_class = "Permute"

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(int(d) for d in dims)
        self._make_native({"dims": list(self.dims)})


class RepeatVector(Layer):
    """(batch, features) -> (batch, n, features)."""

    _native_class = "RepeatVector"

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"RepeatVector: expected an integer value for `n`; received n={n!r}")
        self.n = n
        self._make_native({"n": n})


class ActivityRegularization(Layer):
    """The identity, adding ``l1 * sum(|x|) + l2 * sum(x^2)`` (divided by
    the batch size) to the model's loss: Keras 3's activity regularizer as a
    layer."""

    _native_class = "ActivityRegularization"

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        if "activity_regularizer" in kwargs:
            raise TypeError("ActivityRegularization: pass l1 and l2, not activity_regularizer")
        super().__init__(**kwargs)
        self.l1, self.l2 = l1, l2
        self.activity_regularizer = _regularizers.L1L2(l1=l1, l2=l2)  # validates l1, l2
        self._make_native({"l1": l1, "l2": l2})
