// Chooses the GEMM copy for this CPU. dispatched/gemm.cpp is compiled once per
// instruction set (cpp/CMakeLists.txt): a portable build (PYDEEP_PORTABLE)
// has a baseline and an x86-64-v3 copy and picks one at run time; any other
// build has a single copy compiled with the build's own flags.
#include "ops/cpu/cpu_kernels.h"

namespace pydeep::ops::cpu {

#define PYDEEP_DECLARE_GEMM(ns)                                                            \
  namespace ns {                                                                           \
  void gemm(bool trans_a, bool trans_b, std::int64_t batch, std::int64_t m, std::int64_t n, \
            std::int64_t k, const float* a, std::int64_t stride_a, const float* b,         \
            std::int64_t stride_b, float beta, float* c, std::int64_t stride_c);           \
  }
PYDEEP_DECLARE_GEMM(isa_base)
#if PYDEEP_PORTABLE
PYDEEP_DECLARE_GEMM(isa_v3)
#endif
#undef PYDEEP_DECLARE_GEMM

namespace {

#if PYDEEP_PORTABLE
bool cpu_has_v3() {
  // Decided once: the answer cannot change while the process runs.
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return has;
}
#endif

}  // namespace

GemmFn select_gemm() {
#if PYDEEP_PORTABLE
  return cpu_has_v3() ? &isa_v3::gemm : &isa_base::gemm;
#else
  return &isa_base::gemm;
#endif
}

const char* selected_isa() {
#if PYDEEP_PORTABLE
  return cpu_has_v3() ? "x86-64-v3 (runtime-selected)" : "baseline (runtime-selected)";
#else
  return PYDEEP_SIMD_LEVEL;
#endif
}

}  // namespace pydeep::ops::cpu
