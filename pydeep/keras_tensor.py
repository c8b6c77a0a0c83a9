"""Symbolic tensors of the functional API (``pydeep.Input``, layer calls on them).

A KerasTensor has a shape (batch axis first, None for unknown sizes) and
remembers which layer call produced it, so that ``Model(inputs, outputs)``
can recover the graph.
"""


class KerasTensor:
    """A placeholder flowing through layer calls while a model is being defined."""

    def __init__(self, shape, dtype="float32", name=None, node=None, index=0):
        self.shape = tuple(None if d is None or d < 0 else int(d) for d in shape)
        self.dtype = dtype
        self.name = name
        self._node = node    # the Node that produced it; None for a model input
        self._index = index  # which output of that node

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}, name={self.name}>"

    def __array__(self, *args, **kwargs):
        raise TypeError("A symbolic KerasTensor has no values: it only describes the input of a "
                        "model being defined. Call the model on data instead.")


class Node:
    """One call of a layer on symbolic inputs."""

    def __init__(self, layer, inputs, outputs):
        self.layer = layer
        self.inputs = list(inputs)
        self.outputs = list(outputs)


def core_shape(shape):
    """Keras shape (None for unknown) -> core shape (-1 for unknown)."""
    return [-1 if d is None else int(d) for d in shape]


def keras_shape(shape):
    return tuple(None if d < 0 else int(d) for d in shape)
