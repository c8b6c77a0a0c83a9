"""Pooling layers with Keras 3 signatures (channels_last); the math runs in C++
(cpp/src/layers/pooling.cpp)."""
from .convolutional import _tuple
from .layer import Layer


class _Pooling(Layer):
    """Max / average over windows of ``pool_size``; strides default to pool_size.
    "same" padding: average pooling divides by the in-input count."""

    _rank = None

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        r = self._rank
        self.pool_size = _tuple(pool_size, r, "pool_size")
        self.strides = self.pool_size if strides is None else _tuple(strides, r, "strides")
        self.padding = padding.lower() if isinstance(padding, str) else padding
        self.data_format = "channels_last" if data_format is None else data_format
        self._make_native({"pool_size": list(self.pool_size), "strides": list(self.strides),
                           "padding": self.padding, "data_format": data_format})


def _pooling(name, rank, default_pool):
    def __init__(self, pool_size=default_pool, strides=None, padding="valid", data_format=None,
                 **kwargs):
        _Pooling.__init__(self, pool_size, strides, padding, data_format, **kwargs)
    kind = "Max" if name.startswith("Max") else "Average"
    return type(name, (_Pooling,), {
        "_native_class": name, "_rank": rank, "__init__": __init__,
        "__doc__": f"{kind} pooling over {rank}-D windows (Keras 3 ``{name}``)."})


MaxPooling1D = _pooling("MaxPooling1D", 1, 2)
MaxPooling2D = _pooling("MaxPooling2D", 2, (2, 2))
MaxPooling3D = _pooling("MaxPooling3D", 3, (2, 2, 2))
AveragePooling1D = _pooling("AveragePooling1D", 1, 2)
AveragePooling2D = _pooling("AveragePooling2D", 2, (2, 2))
AveragePooling3D = _pooling("AveragePooling3D", 3, (2, 2, 2))


class _GlobalPooling(Layer):
    """Max / mean over all spatial axes: (batch, spatial..., c) -> (batch, c),
    or (batch, 1..., c) with ``keepdims``."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = "channels_last" if data_format is None else data_format
        self.keepdims = bool(keepdims)
        self._make_native({"data_format": data_format, "keepdims": self.keepdims})


def _global(name):
    return type(name, (_GlobalPooling,), {"_native_class": name,
                                          "__doc__": f"Keras 3 ``{name}``."})


GlobalMaxPooling1D = _global("GlobalMaxPooling1D")
GlobalMaxPooling2D = _global("GlobalMaxPooling2D")
GlobalMaxPooling3D = _global("GlobalMaxPooling3D")
GlobalAveragePooling1D = _global("GlobalAveragePooling1D")
GlobalAveragePooling2D = _global("GlobalAveragePooling2D")
GlobalAveragePooling3D = _global("GlobalAveragePooling3D")
