"""``pydeep.activations``: Keras 3's activation functions (compute in C++)."""
from . import _core
from .ops import nn as _nn

__all__ = ["relu", "relu6", "sigmoid", "hard_sigmoid", "softmax", "log_softmax", "tanh",
           "elu", "selu", "gelu", "softplus", "softsign", "silu", "swish", "leaky_relu",
           "exponential", "linear", "mish", "get", "serialize", "deserialize"]


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    if negative_slope or max_value is not None or threshold:
        raise NotImplementedError("relu: negative_slope, max_value and threshold are not "
                                  "supported yet; use leaky_relu or relu6")
    return _core.relu(x)


def relu6(x):
    return _core.relu6(x)


def sigmoid(x):
    return _core.sigmoid(x)


def hard_sigmoid(x):
    return _core.hard_sigmoid(x)


def softmax(x, axis=-1):
    return _nn.softmax(x, axis)


def log_softmax(x, axis=-1):
    return _nn.log_softmax(x, axis)


def tanh(x):
    return _core.tanh(x)


def elu(x, alpha=1.0):
    return _core.elu(x, float(alpha))


def selu(x):
    return _core.selu(x)


def gelu(x, approximate=False):
    """Keras's activation defaults to the exact form (``keras.ops.gelu`` to the tanh one)."""
    return _core.gelu(x, bool(approximate))


def softplus(x):
    return _core.softplus(x)


def softsign(x):
    return _core.softsign(x)


def silu(x):
    return _core.silu(x)


swish = silu


def leaky_relu(x, negative_slope=0.2):
    return _core.leaky_relu(x, float(negative_slope))


def exponential(x):
    return _core.exp(x)


def linear(x):
    return x


def mish(x):
    return _core.multiply(x, _core.tanh(_core.softplus(x)))


_BY_NAME = {name: globals()[name] for name in __all__ if name not in ("get", "serialize",
                                                                        "deserialize")}


def serialize(activation):
    """The name under which the C++ layers know an activation."""
    if activation is None:
        return "linear"
    if isinstance(activation, str):
        if activation not in _BY_NAME:
            raise ValueError(f"Unknown activation function: '{activation}'. Known: "
                             f"{sorted(_BY_NAME)}")
        return activation
    for name, fn in _BY_NAME.items():
        if activation is fn:
            return name
    raise NotImplementedError(
        f"activation={activation!r}: custom activation callables are not supported by "
        "built-in layers yet; pass one of the names " + ", ".join(sorted(_BY_NAME)))


def deserialize(name):
    return get(name)


def get(identifier):
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    return _BY_NAME[serialize(identifier)]
