"""``pydeep.utils.set_random_seed``: one seed for a reproducible run."""
import numbers
import random

import numpy as np

from .. import _core

_global_seed = None


def set_random_seed(seed):
    """Sets all random seeds: Python's ``random``, numpy's global generator and
    pydeep's core generator (weight initialisation, dropout, shuffling, and
    ``pydeep.random`` calls without a seed), as ``keras.utils.set_random_seed``
    does. After it, a program that makes the same calls gets the same values,
    whatever the number of threads.

    Raises ValueError when `seed` is not an integer (numpy also requires
    ``0 <= seed < 2**32``).
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError("Expected `seed` argument to be an integer. "
                         f"Received: seed={seed} (of type {type(seed)})")
    global _global_seed
    seed = int(seed)
    np.random.seed(seed)  # first: it rejects seeds outside [0, 2**32)
    random.seed(seed)
    _core.set_random_seed(seed & ((1 << 64) - 1))
    _global_seed = seed


def get_random_seed():
    """The seed last given to ``set_random_seed``, or None."""
    return _global_seed
