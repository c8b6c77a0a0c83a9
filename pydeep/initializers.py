"""``pydeep.initializers``: Keras 3's built-in initializers.

Same class names, arguments, defaults and configs as ``keras.initializers``;
the values are computed by the C++ core (``pydeep.init`` there), which also
validates the arguments, so a config written by Keras works in pydeep's C++
layers unchanged. Calling an initializer returns a ``pydeep.Tensor``.

Seeds follow Keras: an initializer seeded with an integer, or unseeded (its
seed is then drawn once, at construction, from the global generator), gives
the same values on every call; one seeded with a
``pydeep.random.SeedGenerator`` gives new values on every call.
"""
import inspect
import numbers

import numpy as np

from . import _core
from ._tensor import Tensor
from .ops.core import standardize_dtype
from .random import _MASK64, SeedGenerator, _to_int64, draw_seed

__all__ = [
    "Initializer", "Zeros", "Ones", "Constant", "Identity", "RandomUniform", "RandomNormal",
    "TruncatedNormal", "VarianceScaling", "GlorotUniform", "GlorotNormal", "HeUniform",
    "HeNormal", "LecunUniform", "LecunNormal", "Orthogonal", "STFT", "get", "serialize",
    "deserialize",
]


class Initializer:
    """Base class: subclasses implement ``__call__(shape, dtype=None)``."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError("Initializer subclasses must implement the `__call__()` method.")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def clone(self):
        return self.__class__.from_config(self.get_config())


class _CoreInitializer(Initializer):
    """A built-in initializer: the core computes its values from its config."""

    _class_name = None  # the Keras class name the core knows

    def _validate(self):
        """Checks the arguments in the core; returns the canonical config."""
        config = self.get_config()
        if isinstance(config.get("seed"), numbers.Integral):
            config["seed"] = _to_int64(int(config["seed"]) & _MASK64)
        return _core.initializer_config({"class_name": self._class_name,
                                         "config": config})["config"]

    def _call_config(self):
        return self.get_config()

    def __call__(self, shape, dtype=None):
        dtype = standardize_dtype(dtype if dtype is not None else "float32", "initializer")
        spec = {"class_name": self._class_name, "config": self._call_config()}
        return _core.initialize(spec, [int(d) for d in shape], dtype)


class Zeros(_CoreInitializer):
    """Initializer that generates tensors initialized to 0."""
    _class_name = "Zeros"


class Ones(_CoreInitializer):
    """Initializer that generates tensors initialized to 1."""
    _class_name = "Ones"


class Constant(_CoreInitializer):
    """Initializer that generates tensors with a constant (scalar) value."""
    _class_name = "Constant"

    def __init__(self, value=0.0):
        self.value = value
        self._validate()

    def get_config(self):
        return {"value": self.value}


class Identity(_CoreInitializer):
    """``gain * eye(rows, cols)``; only for 2-D shapes."""
    _class_name = "Identity"

    def __init__(self, gain=1.0):
        self.gain = gain
        self._validate()

    def get_config(self):
        return {"gain": self.gain}


class _RandomInitializer(_CoreInitializer):
    def __init__(self, seed=None):
        self._init_seed = seed
        if seed is None:
            seed = _core.draw_seed()  # Keras: make_default_seed(), drawn once
        elif isinstance(seed, dict):
            seed = SeedGenerator.from_config(seed.get("config", {}))
        elif isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, SeedGenerator)):
            raise ValueError("`seed` argument should be an instance of "
                             "`keras.random.SeedGenerator()` or an integer. "
                             f"Received: seed={seed}")
        self.seed = seed

    def _seed_config(self):
        seed = self._init_seed
        if isinstance(seed, SeedGenerator):
            return {"module": "keras.random", "class_name": "SeedGenerator",
                    "config": seed.get_config(), "registered_name": None}
        return seed

    def _call_config(self):
        config = self.get_config()
        config["seed"] = _to_int64(draw_seed(self.seed))
        return config


class RandomUniform(_RandomInitializer):
    """Uniform values in ``[minval, maxval)``."""
    _class_name = "RandomUniform"

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval = minval, maxval
        super().__init__(seed=seed)
        self._validate()

    def get_config(self):
        return {"seed": self._seed_config(), "minval": self.minval, "maxval": self.maxval}


class RandomNormal(_RandomInitializer):
    """Normal values with the given mean and standard deviation."""
    _class_name = "RandomNormal"

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev = mean, stddev
        super().__init__(seed=seed)
        self._validate()

    def get_config(self):
        return {"seed": self._seed_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomNormal):
    """Normal values, redrawn when more than two standard deviations from the mean."""
    _class_name = "TruncatedNormal"


class VarianceScaling(_RandomInitializer):
    """Values with variance ``scale / n``, n from the fans as `mode` says:
    truncated/untruncated normal (stddev ``sqrt(scale / n)``, after truncation)
    or uniform in ``[-sqrt(3 scale / n), sqrt(3 scale / n)]``."""
    _class_name = "VarianceScaling"

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.input_axes, self.output_axes = input_axes, output_axes
        super().__init__(seed=seed)
        self.distribution = self._validate().get("distribution", distribution)

    def get_config(self):
        return {"seed": self._seed_config(), "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


def _preset(name, scale, mode, distribution, doc):
    def __init__(self, seed=None, input_axes=None, output_axes=None):
        VarianceScaling.__init__(self, scale=scale, mode=mode, distribution=distribution,
                                 seed=seed, input_axes=input_axes, output_axes=output_axes)

    def get_config(self):
        return {"seed": self._seed_config(), "input_axes": self.input_axes,
                "output_axes": self.output_axes}

    return type(name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config,
                                            "_class_name": name, "__doc__": doc,
                                            "__module__": __name__})


GlorotUniform = _preset("GlorotUniform", 1.0, "fan_avg", "uniform",
                        "Uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out)).")
GlorotNormal = _preset("GlorotNormal", 1.0, "fan_avg", "truncated_normal",
                       "Truncated normal, stddev = sqrt(2 / (fan_in + fan_out)).")
HeUniform = _preset("HeUniform", 2.0, "fan_in", "uniform",
                    "Uniform in [-limit, limit], limit = sqrt(6 / fan_in).")
HeNormal = _preset("HeNormal", 2.0, "fan_in", "truncated_normal",
                   "Truncated normal, stddev = sqrt(2 / fan_in).")
LecunUniform = _preset("LecunUniform", 1.0, "fan_in", "uniform",
                       "Uniform in [-limit, limit], limit = sqrt(3 / fan_in).")
LecunNormal = _preset("LecunNormal", 1.0, "fan_in", "truncated_normal",
                      "Truncated normal, stddev = sqrt(1 / fan_in).")


class Orthogonal(_RandomInitializer):
    """``gain`` times an orthogonal matrix (from the QR of a normal matrix);
    shapes of rank > 2 are filled as (prod(shape[:-1]), shape[-1])."""
    _class_name = "Orthogonal"

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)
        self._validate()

    def get_config(self):
        return {"seed": self._seed_config(), "gain": self.gain}


class STFT(Initializer):
    """Keras's STFT kernel initializer; not available in pydeep."""

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        raise NotImplementedError("pydeep.initializers.STFT is not supported (the STFT "
                                  "initializer of keras.layers.STFTSpectrogram)")


# Keras's lower-case exports are the classes themselves.
zeros, ones, constant, identity = Zeros, Ones, Constant, Identity
random_uniform, random_normal, truncated_normal = RandomUniform, RandomNormal, TruncatedNormal
variance_scaling, orthogonal = VarianceScaling, Orthogonal
glorot_uniform, glorot_normal, he_uniform, he_normal = (GlorotUniform, GlorotNormal, HeUniform,
                                                        HeNormal)
lecun_uniform, lecun_normal = LecunUniform, LecunNormal
IdentityInitializer, OrthogonalInitializer, STFTInitializer = Identity, Orthogonal, STFT

_CLASSES = [Initializer, Constant, Identity, Ones, STFT, Zeros, GlorotNormal, GlorotUniform,
            HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal, RandomNormal,
            RandomUniform, TruncatedNormal, VarianceScaling]
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({
    "initializer": Initializer, "constant": Constant, "identity": Identity, "ones": Ones,
    "stft": STFT, "zeros": Zeros, "glorot_normal": GlorotNormal, "glorot_uniform": GlorotUniform,
    "he_normal": HeNormal, "he_uniform": HeUniform, "lecun_normal": LecunNormal,
    "lecun_uniform": LecunUniform, "orthogonal": Orthogonal, "random_normal": RandomNormal,
    "random_uniform": RandomUniform, "truncated_normal": TruncatedNormal,
    "variance_scaling": VarianceScaling,
    # Keras's aliases
    "IdentityInitializer": Identity, "normal": RandomNormal, "one": Ones,
    "STFTInitializer": STFT, "OrthogonalInitializer": Orthogonal, "uniform": RandomUniform,
    "zero": Zeros,
})


def serialize(initializer):
    """The Keras 3 config dict of an initializer."""
    return {"module": "keras.initializers", "class_name": type(initializer).__name__,
            "config": initializer.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """An initializer from ``{"class_name": ..., "config": {...}}`` or a name."""
    objects = dict(ALL_OBJECTS_DICT, **(custom_objects or {}))
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not interpret initializer identifier: {config}")
    cls = objects.get(config["class_name"])
    if cls is None:
        raise ValueError(f"Could not interpret initializer identifier: {config}")
    return cls.from_config(dict(config.get("config") or {}))


def get(identifier):
    """An initializer from a name, a config dict, an instance, a class, a
    callable ``fn(shape, dtype=None)`` or a fixed array (returned as is for
    calls with its shape)."""
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        obj = deserialize(identifier)
    elif isinstance(identifier, (np.ndarray, np.generic, Tensor)):
        value = identifier

        def initialize_fn(shape, dtype=None):
            if tuple(shape) != tuple(np.shape(value)):
                raise ValueError(f"Expected `shape` to be {np.shape(value)} for direct tensor as "
                                 f"initializer. Received shape={shape}")
            dtype = standardize_dtype(dtype if dtype is not None else "float32", "initializer")
            return _core.cast(_core.convert_to_tensor(value), dtype)

        obj = initialize_fn
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")
