"""Neural-network ops (``keras.ops`` nn namespace), Keras 3 signatures and defaults."""
from .. import _core
from .core import cast, convert_to_tensor, standardize_dtype

__all__ = ["relu", "relu6", "sigmoid", "hard_sigmoid", "softplus", "softsign", "silu", "swish",
           "log_sigmoid", "leaky_relu", "elu", "selu", "gelu", "softmax", "log_softmax",
           "one_hot"]

relu = _core.relu
relu6 = _core.relu6
sigmoid = _core.sigmoid
hard_sigmoid = _core.hard_sigmoid
softplus = _core.softplus
softsign = _core.softsign
silu = _core.silu
swish = _core.silu
selu = _core.selu


def log_sigmoid(x):
    return _core.negative(_core.softplus(_core.negative(x)))


def leaky_relu(x, negative_slope=0.2):
    return _core.leaky_relu(x, float(negative_slope))


def elu(x, alpha=1.0):
    return _core.elu(x, float(alpha))


def gelu(x, approximate=True):
    return _core.gelu(x, bool(approximate))


def _axis(axis, where):
    if isinstance(axis, (tuple, list)):
        raise NotImplementedError(f"{where}: only a single integer axis is supported; "
                                  f"received axis={axis}")
    return int(axis)


def softmax(x, axis=-1):
    return _core.softmax(x, _axis(axis, "softmax"))


def log_softmax(x, axis=-1):
    return _core.log_softmax(x, _axis(axis, "log_softmax"))


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot encoding along ``axis``; indices outside [0, num_classes) give zeros."""
    if sparse:
        raise NotImplementedError("one_hot: sparse=True is not supported")
    x = convert_to_tensor(x)
    out = _core.one_hot(x, int(num_classes))
    if axis != -1:
        nd = out.ndim
        axis = axis + nd if axis < 0 else axis
        if not 0 <= axis < nd:
            raise ValueError(f"one_hot: axis {axis} is out of range for a result of rank {nd}")
        perm = list(range(nd - 1))
        perm.insert(axis, nd - 1)
        out = _core.transpose(out, perm)
    dtype = standardize_dtype(dtype, "one_hot")
    return out if dtype in (None, "float32") else cast(out, dtype)
