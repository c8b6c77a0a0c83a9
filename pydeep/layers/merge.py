"""Merge layers with Keras 3 signatures; the math runs in the C++ layers.

Each layer is called on a list of tensors (arrays or symbolic tensors) and
returns one tensor. Shapes include the batch axis:

* ``Add``, ``Multiply``, ``Average``, ``Maximum``, ``Minimum``: two or more
  inputs; ``Subtract``: exactly two. Shapes broadcast as in Keras: batch
  sizes must agree, the other axes align from the right (sizes equal or 1),
  and a lower-rank input gets size-1 axes after its batch axis.
* ``Concatenate(axis=-1)``: two or more inputs of one rank, equal except on
  ``axis``.
* ``Dot(axes, normalize=False)``: two inputs of rank >= 2, contracted over one
  non-batch axis of each (Keras's ``batch_dot``).

Shape problems raise ``ValueError`` naming the layer and every input shape.
"""
from .layer import Layer

__all__ = ["Add", "Average", "Concatenate", "Dot", "Maximum", "Minimum", "Multiply",
           "Subtract", "add", "average", "concatenate", "dot", "maximum", "minimum", "multiply",
           "subtract"]


class _Merge(Layer):
    """Base of the weightless merge layers configured by the common keys only."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._make_native({})


class Add(_Merge):
    """Elementwise sum of a list of inputs: ``inputs[0] + inputs[1] + ...``."""

    _native_class = "Add"


class Subtract(_Merge):
    """``inputs[0] - inputs[1]``; exactly two inputs."""

    _native_class = "Subtract"


class Multiply(_Merge):
    """Elementwise product of a list of inputs."""

    _native_class = "Multiply"


class Average(_Merge):
    """Elementwise mean of a list of inputs."""

    _native_class = "Average"


class Maximum(_Merge):
    """Elementwise maximum of a list of inputs."""

    _native_class = "Maximum"


class Minimum(_Merge):
    """Elementwise minimum of a list of inputs."""

    _native_class = "Minimum"


class Concatenate(Layer):
    """Concatenates a list of inputs along ``axis``.

    ``[(batch, 3), (batch, 5)] -> (batch, 8)`` for ``axis=-1``.
    """

    _native_class = "Concatenate"

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self._make_native({"axis": axis})


class Dot(Layer):
    """Batch dot product of two inputs over ``axes``.

    ``axes`` is an int (the same axis of both inputs) or a pair
    ``(axis_x, axis_y)``; the batch axis 0 cannot be used. The output keeps
    x's remaining axes then y's remaining non-batch axes, e.g.
    ``[(b, 3, 5), (b, 10, 3)]`` with ``axes=(1, 2)`` -> ``(b, 5, 10)``; two
    ``(b, n)`` inputs give ``(b, 1)``. ``normalize=True`` L2-normalises both
    inputs along their axes first (cosine similarity).
    """

    _native_class = "Dot"

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes = axes
        self.normalize = normalize
        self._make_native({"axes": list(axes) if isinstance(axes, (list, tuple)) else axes,
                           "normalize": bool(normalize)})


def add(inputs, **kwargs):
    """Functional interface to :class:`Add`."""
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """Functional interface to :class:`Subtract`."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Functional interface to :class:`Multiply`."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Functional interface to :class:`Average`."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """Functional interface to :class:`Maximum`."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """Functional interface to :class:`Minimum`."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """Functional interface to :class:`Concatenate`."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes=-1, normalize=False, **kwargs):
    """Functional interface to :class:`Dot`."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
