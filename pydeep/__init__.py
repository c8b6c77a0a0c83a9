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
from . import (activations, callbacks, config, constraints, datasets,  # noqa: E402
               initializers, layers, losses, metrics, models, ops, optimizers, random,
               regularizers, saving, utils)
from .config import show_config  # noqa: E402
from .layers import Input  # noqa: E402
from .models import Model, Sequential  # noqa: E402



def get_cmake_dir():
    """The folder with pydeep's CMake package (pydeepConfig.cmake), for C++
    projects: ``cmake -Dpydeep_DIR=$(python -c "import pydeep;
    print(pydeep.get_cmake_dir())")`` then ``find_package(pydeep)`` and link
    ``pydeep::core``. Installed wheels ship it; a development checkout gets
    it from ``cmake --install <build> --component cpp --prefix <dir>``."""
    import glob

    here = _os.path.dirname(_os.path.abspath(__file__))
    found = sorted(glob.glob(_os.path.join(here, "lib*", "cmake", "pydeep", "pydeepConfig.cmake")))
    if not found:
        raise ImportError("pydeep's C++ package is not installed next to this pydeep (a "
                          "development checkout?); install pydeep with pip, or run "
                          "`cmake --install <build dir> --component cpp --prefix <dir>` and "
                          "point CMAKE_PREFIX_PATH at <dir>")
    return _os.path.dirname(found[0])


__all__ = ["__version__", "Tensor", "Variable", "GradientTape", "Input", "Model", "Sequential",
           "activations", "callbacks", "config", "constraints", "datasets", "get_cmake_dir",
           "initializers", "layers", "losses", "metrics", "models", "ops", "optimizers",
           "random", "regularizers", "saving", "show_config", "utils"]
