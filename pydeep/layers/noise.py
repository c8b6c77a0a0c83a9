"""Noise layers with Keras 3 signatures: active only with ``training=True``.
The draws come from the C++ core's seeded Philox generator
(cpp/src/layers/noise.cpp)."""
from .layer import Layer


class GaussianNoise(Layer):
    """Adds N(0, stddev) noise in training."""

    _native_class = "GaussianNoise"

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.stddev, self.seed = float(stddev), seed
        self._make_native({"stddev": self.stddev, "seed": seed})


class GaussianDropout(Layer):
    """Multiplies by N(1, sqrt(rate / (1 - rate))) noise in training."""

    _native_class = "GaussianDropout"

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.seed = float(rate), seed
        self._make_native({"rate": self.rate, "seed": seed})


class _SpatialDropout(Layer):
    """Drops whole channels (one mask value per sample and channel), scaling
    the kept ones by 1 / (1 - rate), in training."""

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, **kwargs)
        self.rate, self.seed = float(rate), seed
        self.data_format = "channels_last" if data_format is None else data_format
        self._make_native({"rate": self.rate, "seed": seed, "data_format": data_format})


class SpatialDropout1D(_SpatialDropout):
    _native_class = "SpatialDropout1D"

    def __init__(self, rate, seed=None, name=None, dtype=None, **kwargs):
        super().__init__(rate, None, seed, name, dtype, **kwargs)


class SpatialDropout2D(_SpatialDropout):
    _native_class = "SpatialDropout2D"


class SpatialDropout3D(_SpatialDropout):
    _native_class = "SpatialDropout3D"
