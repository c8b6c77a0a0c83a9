#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

namespace cpu {
void register_kernels(KernelTable& t);
const char* selected_isa();
}  // namespace cpu
#if PYDEEP_HAVE_CUDA
namespace cuda { void register_kernels(KernelTable& t); }
#endif

const KernelTable& kernels() {
  // Leaked on purpose: ops may run during static destruction.
  static const KernelTable* table = [] {
    auto* t = new KernelTable();
    cpu::register_kernels(*t);
#if PYDEEP_HAVE_CUDA
    cuda::register_kernels(*t);
#endif
    return t;
  }();
  return *table;
}

const char* cpu_kernel_isa() { return cpu::selected_isa(); }

}  // namespace pydeep::ops
