"""``pydeep.ops``: Keras 3's ``keras.ops`` names and signatures over the core.

Every function accepts tensors, numpy arrays, lists or Python numbers, runs
in C++ and is differentiable under ``GradientTape`` where the math is.
"""
from .convolution import *  # noqa: F401,F403
from .core import *  # noqa: F401,F403
from .nn import *  # noqa: F401,F403
from .numpy import *  # noqa: F401,F403
from . import convolution, core, nn, numpy  # noqa: F401
