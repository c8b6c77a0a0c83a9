#include "pydeep/build_info.h"

#include <Eigen/Core>

#include "pydeep/core/errors.h"
#include "pydeep/ops/kernels.h"

namespace pydeep {

BuildInfo build_info() {
  BuildInfo info;
  info.version = PYDEEP_VERSION;
#if defined(__clang__)
  info.compiler = str("clang ", __clang_major__, ".", __clang_minor__, ".", __clang_patchlevel__);
#elif defined(__GNUC__)
  info.compiler = str("gcc ", __GNUC__, ".", __GNUC_MINOR__, ".", __GNUC_PATCHLEVEL__);
#else
  info.compiler = "unknown";
#endif
  info.eigen_version = str(EIGEN_WORLD_VERSION, ".", EIGEN_MAJOR_VERSION, ".", EIGEN_MINOR_VERSION);
  info.simd_level = PYDEEP_SIMD_LEVEL;
  info.active_kernels = ops::cpu_kernel_isa();
#ifdef _OPENMP
  info.openmp = true;
#endif
  info.cuda = PYDEEP_HAVE_CUDA;
  return info;
}

}  // namespace pydeep
