"""pydeep: Keras-style deep learning on a compiled C++ core (Eigen, OpenMP).

``import pydeep as keras`` gives the Keras 3 API for the parts pydeep supports;
all numeric work runs in the C++ core (``pydeep._core``).
"""
import os as _os

# OpenMP reads its wait policy once, when the runtime loads. Threads that
# spin at barriers collapse throughput when another process shares the cores
# (see DESIGN.md, "Threads"), so pydeep waits passively unless told otherwise.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from . import _core  # noqa: E402
from ._version import __version__  # noqa: E402
from . import _tensor  # noqa: E402,F401  (attaches operators to Tensor)
from ._tensor import Tensor  # noqa: E402
from .variables import Variable  # noqa: E402
from .gradient_tape import GradientTape  # noqa: E402
from . import (activations, callbacks, config, constraints, datasets, initializers,  # noqa: E402
               layers, losses, metrics, models, ops, optimizers, random, regularizers, utils)
from .config import show_config  # noqa: E402
from .layers import Input  # noqa: E402
from .models import Model, Sequential  # noqa: E402

__all__ = ["__version__", "Tensor", "Variable", "GradientTape", "Input", "Model", "Sequential",
           "activations", "callbacks", "config", "constraints", "datasets", "initializers", "layers",
           "losses", "metrics", "models", "ops", "optimizers", "random", "regularizers",
           "show_config", "utils"]
