// The CUDA backend's entry point: device memory through the runtime API.
// Kernel slots for CUDA are filled here as CUDA kernels are written; until
// then an op on a CUDA tensor raises NotImplementedError naming the op and
// the device (see ops/kernel_slot.h), and CPU tensors are unaffected.
#include <cuda_runtime.h>

#include <cstddef>

#include "pydeep/core/errors.h"
#include "pydeep/core/storage.h"
#include "pydeep/ops/kernels.h"

namespace pydeep::ops::cuda {
namespace {

void check_cuda(cudaError_t status, const char* what) {
  if (status != cudaSuccess)
    throw std::runtime_error(str("CUDA ", what, ": ", cudaGetErrorString(status)));
}

class CudaAllocator final : public DeviceAllocator {
 public:
  void* allocate(std::size_t nbytes) override {
    void* p = nullptr;
    check_cuda(cudaMalloc(&p, nbytes == 0 ? 1 : nbytes), "cudaMalloc");
    return p;
  }
  void deallocate(void* ptr, std::size_t) override { cudaFree(ptr); }
  void copy(void* dst, const void* src, std::size_t nbytes) override {
    check_cuda(cudaMemcpy(dst, src, nbytes, cudaMemcpyDeviceToDevice), "cudaMemcpy");
  }
  std::size_t cached_bytes() const override { return 0; }
  void release_cache() override {}
};

}  // namespace

void register_kernels(KernelTable&) {
  static CudaAllocator allocator;
  register_allocator(DeviceType::CUDA, &allocator);
}

}  // namespace pydeep::ops::cuda
