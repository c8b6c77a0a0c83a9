"""``pydeep.Input`` and ``InputLayer``: the entry points of a model."""
from ..keras_tensor import KerasTensor
from .layer import unique_name


class InputLayer:
    """Marks a model input of a given shape (batch axis first). Holds no weights."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, **kwargs):
        if kwargs:
            raise TypeError(f"InputLayer: unexpected keyword argument(s) {sorted(kwargs)}")
        if sparse:
            raise NotImplementedError("Input: sparse=True is not supported")
        if input_tensor is not None:
            raise NotImplementedError("Input: `tensor` is not supported; pass `shape`")
        if optional:
            raise NotImplementedError("Input: optional=True is not supported")
        if dtype not in (None, "float32", "int32", "int64"):
            raise NotImplementedError(f"Input: dtype={dtype!r} is not supported")
        if batch_shape is None:
            if shape is None:
                raise ValueError("You must pass a `shape` argument.")
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size,) + tuple(shape)
        elif shape is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time.")
        for d in batch_shape[1:]:
            if d is not None and (not isinstance(d, int) or d <= 0):
                raise ValueError(f"Input: shape entries must be positive integers or None; "
                                 f"received shape={tuple(batch_shape[1:])}")
        self.name = name or unique_name("input_layer")
        self.batch_shape = tuple(batch_shape)
        self.dtype = dtype or "float32"
        self.trainable = False
        self.output = KerasTensor(self.batch_shape, dtype=self.dtype, name=self.name)
        self.output._input_layer = self

    weights = trainable_weights = non_trainable_weights = property(lambda self: [])

    @property
    def built(self):
        return True

    def count_params(self):
        return 0

    def get_weights(self):
        return []

    def get_config(self):
        return {"batch_shape": self.batch_shape, "dtype": self.dtype, "name": self.name}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False):
    """A symbolic model input: ``x = pydeep.Input(shape=(784,))``."""
    return InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                      batch_shape=batch_shape, input_tensor=tensor, optional=optional,
                      name=name).output
