"""Spatial reshaping layers with Keras 3 signatures (channels_last):
ZeroPaddingND, CroppingND, UpSamplingND. The math runs in C++
(cpp/src/layers/reshaping_spatial.cpp)."""
from .convolutional import _tuple
from .layer import Layer


def _pairs(value, rank, name):
    """Keras's forms: an int (all sides); for rank 1 a (before, after) pair; for
    rank > 1 ``rank`` ints (symmetric per axis) or ``rank`` (before, after) pairs."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [[value, value]] * rank
    if rank == 1:
        pair = _tuple(value, 2, name)
        return [list(pair)]
    value = tuple(value)
    if len(value) != rank:
        raise ValueError(f"`{name}` should have {rank} elements. Received: {name}={value!r}")
    out = []
    for v in value:
        out.append([int(v), int(v)] if isinstance(v, int) else list(_tuple(v, 2, name)))
    return out


class _PadCrop(Layer):
    _rank = None
    _key = None

    def __init__(self, amount, data_format=None, **kwargs):
        super().__init__(**kwargs)
        setattr(self, self._key, tuple(tuple(p) for p in _pairs(amount, self._rank, self._key)))
        self.data_format = "channels_last" if data_format is None else data_format
        self._make_native({self._key: _pairs(amount, self._rank, self._key),
                           "data_format": data_format})


class ZeroPadding1D(_PadCrop):
    """Zeros before/after the steps axis: (batch, steps, c)."""

    _native_class, _rank, _key = "ZeroPadding1D", 1, "padding"

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding2D(_PadCrop):
    """Zeros around rows and columns: (batch, rows, cols, c)."""

    _native_class, _rank, _key = "ZeroPadding2D", 2, "padding"

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_PadCrop):
    _native_class, _rank, _key = "ZeroPadding3D", 3, "padding"

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class Cropping1D(_PadCrop):
    """Removes ``cropping`` = (before, after) steps."""

    _native_class, _rank, _key = "Cropping1D", 1, "cropping"

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(cropping, None, **kwargs)


class Cropping2D(_PadCrop):
    _native_class, _rank, _key = "Cropping2D", 2, "cropping"

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(_PadCrop):
    _native_class, _rank, _key = "Cropping3D", 3, "cropping"

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class UpSampling1D(Layer):
    """Repeats each step ``size`` times."""

    _native_class = "UpSampling1D"

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)
        self._make_native({"size": self.size})


class UpSampling2D(Layer):
    """Repeats rows and columns (``"nearest"``) or interpolates (``"bilinear"``)."""

    _native_class = "UpSampling2D"

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.size = _tuple(size, 2, "size")
        self.data_format = "channels_last" if data_format is None else data_format
        self.interpolation = interpolation
        self._make_native({"size": list(self.size), "data_format": data_format,
                           "interpolation": interpolation})


class UpSampling3D(Layer):
    _native_class = "UpSampling3D"

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.size = _tuple(size, 3, "size")
        self.data_format = "channels_last" if data_format is None else data_format
        self._make_native({"size": list(self.size), "data_format": data_format})
