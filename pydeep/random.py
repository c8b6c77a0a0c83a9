"""``pydeep.random``: Keras 3's ``keras.random`` on the core's generator.

Random values come from Philox4x32-10 in the C++ core: a function of the seed
and of each element's index, so the same seed gives the same values whatever
the number of threads.

Seeds, as in Keras:

- an integer seed gives the same values on every call;
- a :class:`SeedGenerator` gives new values on every call, in a sequence fixed
  by its own seed;
- ``seed=None`` draws from the global generator, which
  ``pydeep.utils.set_random_seed`` resets, so a whole run is reproducible.
"""
import itertools
import numbers
import operator

import numpy as np

from . import _core
from .ops.core import convert_to_tensor, standardize_dtype
from .variables import Variable

__all__ = ["SeedGenerator", "normal", "uniform", "truncated_normal", "dropout", "shuffle",
           "randint", "categorical", "gamma", "binomial", "beta"]

_MASK64 = (1 << 64) - 1
_generator_ids = itertools.count()


def _to_int64(seed):
    """An unsigned 64-bit seed as the signed integer a config or int64 tensor holds."""
    return seed - (1 << 64) if seed >= (1 << 63) else seed


class SeedGenerator:
    """A stateful seed source: each random call that receives it gets a new seed.

    ``SeedGenerator(seed=None, name=None)``. The sequence of seeds is a
    function of ``seed``; with ``seed=None`` the generator's own seed is drawn
    from the global generator (reproducible after
    ``pydeep.utils.set_random_seed``). ``state`` is a non-trainable int64
    variable ``[seed, counter]``, as in Keras, so it can be saved and
    restored with a layer's variables.
    """

    def __init__(self, seed=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
        n = next(_generator_ids)
        self.name = name if name is not None else ("seed_generator" if n == 0 else
                                                   f"seed_generator_{n}")
        self._initial_seed = seed
        if seed is None:
            seed = _core.draw_seed()
        elif isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed!r}")
        initial = np.array([_to_int64(int(seed) & _MASK64), 0], dtype=np.int64)
        self.state = Variable(initial, dtype="int64", trainable=False,
                              name="seed_generator_state")

    def next(self, ordered=True):
        """The next seed (an int in [0, 2**64)); advances the state by one.
        ``ordered`` is accepted for Keras compatibility; both orders give a
        deterministic sequence here."""
        seed, counter = (int(v) for v in np.asarray(self.state))
        self.state.assign(np.array([seed, counter + 1], dtype=np.int64))
        return _core.mix_seed(seed & _MASK64, counter & _MASK64)

    def get_config(self):
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<SeedGenerator name={self.name}, seed={self._initial_seed}>"


def draw_seed(seed):
    """The 64-bit seed a random call uses for `seed` (None, int or SeedGenerator)."""
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if seed is None:
        return _core.draw_seed()
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        return int(seed) & _MASK64
    raise ValueError("Argument `seed` must be either an integer or an instance of "
                     f"`SeedGenerator`. Received: seed={seed!r} (of type {type(seed)})")


def _shape(shape, where):
    try:
        dims = tuple(operator.index(d) for d in (shape if isinstance(shape, (list, tuple))
                                                  else (shape,)))
    except TypeError:
        raise ValueError(f"{where}: expected a shape of integers; received shape={shape!r}") \
            from None
    if any(d < 0 for d in dims):
        raise ValueError(f"{where}: expected non-negative dimensions; received shape={shape!r}")
    return list(dims)


def _float_dtype(dtype, where):
    name = standardize_dtype(dtype if dtype is not None else "float32", where)
    if name != "float32":
        raise ValueError(f"`keras.random.{where}` requires a floating point `dtype`. "
                         f"Received: dtype={dtype}")
    return name


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from a normal distribution: a float32 tensor of `shape`."""
    _float_dtype(dtype, "normal")
    return _core.random_normal(_shape(shape, "normal"), float(mean), float(stddev),
                               draw_seed(seed))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Samples from the uniform distribution on ``[minval, maxval)``."""
    _float_dtype(dtype, "uniform")
    return _core.random_uniform(_shape(shape, "uniform"), float(minval), float(maxval),
                                draw_seed(seed))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from a normal distribution, redrawing values more than two
    standard deviations from the mean (so the result's std is ~0.88 stddev)."""
    _float_dtype(dtype, "truncated_normal")
    return _core.truncated_normal(_shape(shape, "truncated_normal"), float(mean), float(stddev),
                                  draw_seed(seed))


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Inverted dropout: each element is zeroed with probability `rate` and the
    others are scaled by ``1 / (1 - rate)``. ``noise_shape`` (None entries take
    the input's size) gives a mask broadcast over the input. Differentiable."""
    x = convert_to_tensor(inputs)
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 <= rate <= 1:
        raise ValueError("dropout: expected a rate between 0 and 1; received "
                         f"rate={rate!r}")
    if rate == 0:
        return x
    if rate == 1:
        return _core.multiply(x, 0.0)
    if noise_shape is None:
        mask_shape = list(x.shape)
    else:
        if len(noise_shape) != x.ndim:
            raise ValueError(f"dropout: noise_shape={tuple(noise_shape)} must have the rank of "
                             f"the inputs, whose shape is {x.shape}")
        mask_shape = [x.shape[i] if d is None else int(d) for i, d in enumerate(noise_shape)]
    mask = _core.dropout_mask(_shape(mask_shape, "dropout"), float(rate), draw_seed(seed), True)
    return _core.multiply(x, mask)


def shuffle(x, axis=0, seed=None):
    """`x` with its slices along `axis` in a random order (one permutation for
    the whole axis, as on the JAX and TensorFlow backends). Differentiable."""
    x = convert_to_tensor(x)
    if x.ndim == 0:
        raise ValueError("shuffle: expected a tensor of rank >= 1; received a scalar")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"shuffle: axis={axis} is out of range for shape {x.shape}")
    axis = axis % x.ndim
    perm = _core.random_permutation(x.shape[axis], draw_seed(seed))
    return _core.take(x, perm, axis)


def _not_implemented(name):
    def fn(*args, **kwargs):
        raise NotImplementedError(f"pydeep.random.{name} is not implemented yet; available: "
                                  "normal, uniform, truncated_normal, dropout, shuffle")
    fn.__name__ = name
    return fn


randint = _not_implemented("randint")
categorical = _not_implemented("categorical")
gamma = _not_implemented("gamma")
binomial = _not_implemented("binomial")
beta = _not_implemented("beta")
