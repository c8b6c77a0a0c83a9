#pragma once
// How this copy of the core was built (pydeep.show_config prints these).
#include <string>

namespace pydeep {

struct BuildInfo {
  std::string version;
  std::string compiler;
  std::string eigen_version;
  std::string simd_level;      // the instruction set the kernels were built for
  std::string active_kernels;  // the instruction set chosen at run time
  bool openmp = false;
  bool cuda = false;
};

BuildInfo build_info();

}  // namespace pydeep
