"""Run-time configuration: threads, and what this build of the core contains."""
import numbers

from . import _core


def set_num_threads(n):
    """Sets the number of threads every parallel kernel of the core uses.

    The default comes from ``OMP_NUM_THREADS``, else the number of cores.
    Results do not depend on it beyond float rounding.
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"set_num_threads: expected a positive integer; received n={n!r}")
    _core.set_num_threads(int(n))


def get_num_threads():
    """The number of threads the core's parallel kernels use."""
    return _core.get_num_threads()


def build_info():
    """A dict describing how the core was built (version, compiler, Eigen, SIMD, ...)."""
    return dict(_core.build_info())


def show_config():
    """Prints the version, compiler, Eigen version, SIMD level, threads and CUDA support."""
    info = build_info()
    lines = [
        f"pydeep {info['version']}",
        f"  compiler:        {info['compiler']}",
        f"  Eigen:           {info['eigen']}",
        f"  SIMD (built):    {info['simd']}",
        f"  SIMD (kernels):  {info['kernels']}",
        f"  OpenMP:          {'yes' if info['openmp'] else 'no'}, threads={get_num_threads()}",
        f"  CUDA:            {'yes' if info['cuda'] else 'no'}",
    ]
    print("\n".join(lines))
