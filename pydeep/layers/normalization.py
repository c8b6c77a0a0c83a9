"""Normalization layers with Keras 3 signatures; the math runs in C++
(cpp/src/layers/batch_normalization.cpp, normalization.cpp)."""
from .core import _initializer_config, _unsupported
from .layer import Layer


def _axis(axis):
    return [int(a) for a in axis] if isinstance(axis, (list, tuple)) else int(axis)


class BatchNormalization(Layer):
    """Normalizes with the batch's statistics in training (updating
    ``moving_mean`` / ``moving_variance``), with the moving ones in inference or
    when the layer is frozen. Weights: gamma, beta, moving_mean, moving_variance."""

    _native_class = "BatchNormalization"

    def __init__(self, axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        _unsupported("BatchNormalization", beta_regularizer=beta_regularizer,
                     gamma_regularizer=gamma_regularizer, beta_constraint=beta_constraint,
                     gamma_constraint=gamma_constraint, renorm_clipping=renorm_clipping)
        if renorm:
            raise NotImplementedError("BatchNormalization: argument `renorm` is not supported "
                                      "yet; received renorm=True")
        if isinstance(axis, (list, tuple)):
            raise NotImplementedError("BatchNormalization: only a single integer `axis` is "
                                      f"supported; received axis={axis!r}")
        self.axis, self.momentum, self.epsilon = int(axis), float(momentum), float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self._make_native({
            "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
            "center": self.center, "scale": self.scale, "synchronized": bool(synchronized),
            "beta_initializer": _initializer_config(beta_initializer, "beta_initializer"),
            "gamma_initializer": _initializer_config(gamma_initializer, "gamma_initializer"),
            "moving_mean_initializer": _initializer_config(moving_mean_initializer,
                                                           "moving_mean_initializer"),
            "moving_variance_initializer": _initializer_config(moving_variance_initializer,
                                                               "moving_variance_initializer")})

    def _weight(self, name):
        for w in self._native.weights:
            if w.name.endswith("/" + name):
                return w
        return None

    @property
    def gamma(self):
        return self._weight("gamma")

    @property
    def beta(self):
        return self._weight("beta")

    @property
    def moving_mean(self):
        return self._weight("moving_mean")

    @property
    def moving_variance(self):
        return self._weight("moving_variance")


class LayerNormalization(Layer):
    """Normalizes each sample over ``axis`` (an int or a list of ints)."""

    _native_class = "LayerNormalization"

    def __init__(self, axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, **kwargs):
        rms_scaling = kwargs.pop("rms_scaling", False)
        super().__init__(**kwargs)
        _unsupported("LayerNormalization", beta_regularizer=beta_regularizer,
                     gamma_regularizer=gamma_regularizer, beta_constraint=beta_constraint,
                     gamma_constraint=gamma_constraint)
        self.axis, self.epsilon = _axis(axis), float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self._make_native({
            "axis": self.axis, "epsilon": self.epsilon, "center": self.center,
            "scale": self.scale, "rms_scaling": bool(rms_scaling),
            "beta_initializer": _initializer_config(beta_initializer, "beta_initializer"),
            "gamma_initializer": _initializer_config(gamma_initializer, "gamma_initializer")})


class GroupNormalization(Layer):
    """Normalizes groups of channels (last axis) over the channels and spatial axes."""

    _native_class = "GroupNormalization"

    def __init__(self, groups=32, axis=-1, epsilon=0.001, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        _unsupported("GroupNormalization", beta_regularizer=beta_regularizer,
                     gamma_regularizer=gamma_regularizer, beta_constraint=beta_constraint,
                     gamma_constraint=gamma_constraint)
        self.groups, self.axis, self.epsilon = int(groups), int(axis), float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self._make_native({
            "groups": self.groups, "axis": self.axis, "epsilon": self.epsilon,
            "center": self.center, "scale": self.scale,
            "beta_initializer": _initializer_config(beta_initializer, "beta_initializer"),
            "gamma_initializer": _initializer_config(gamma_initializer, "gamma_initializer")})


class UnitNormalization(Layer):
    """Scales each sample to unit L2 norm over ``axis``."""

    _native_class = "UnitNormalization"

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = _axis(axis)
        self._make_native({"axis": self.axis})
