// The CPU allocator: 64-byte aligned blocks, cached by rounded size so that a
// steady-state training loop (the same tensor sizes every batch) reuses its
// buffers instead of going to malloc.
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

#include "pydeep/core/errors.h"
#include "pydeep/core/storage.h"

namespace pydeep {
namespace {

constexpr std::size_t kAlignment = 64;
// Cached memory above this is returned to the system on free.
constexpr std::size_t kCacheLimitBytes = std::size_t{1} << 30;

std::size_t round_up(std::size_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

class CpuAllocator final : public DeviceAllocator {
 public:
  void* allocate(std::size_t nbytes) override {
    const std::size_t size = round_up(nbytes == 0 ? 1 : nbytes);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = free_.find(size);
      if (it != free_.end() && !it->second.empty()) {
        void* p = it->second.back();
        it->second.pop_back();
        cached_ -= size;
        return p;
      }
    }
    void* p = std::aligned_alloc(kAlignment, size);
    if (!p) {
      release_cache();
      p = std::aligned_alloc(kAlignment, size);
    }
    if (!p) throw std::bad_alloc();
    return p;
  }

  void deallocate(void* ptr, std::size_t nbytes) override {
    if (!ptr) return;
    const std::size_t size = round_up(nbytes == 0 ? 1 : nbytes);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (cached_ + size <= kCacheLimitBytes) {
        free_[size].push_back(ptr);
        cached_ += size;
        return;
      }
    }
    std::free(ptr);
  }

  void copy(void* dst, const void* src, std::size_t nbytes) override {
    if (nbytes) std::memcpy(dst, src, nbytes);
  }

  std::size_t cached_bytes() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return cached_;
  }

  void release_cache() override {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& kv : free_)
      for (void* p : kv.second) std::free(p);
    free_.clear();
    cached_ = 0;
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::size_t, std::vector<void*>> free_;
  std::size_t cached_ = 0;
};

DeviceAllocator*& slot(DeviceType type) {
  // Leaked on purpose: tensors may be released during static destruction.
  static DeviceAllocator** slots = [] {
    auto** s = new DeviceAllocator*[kNumDeviceTypes]();
    s[static_cast<int>(DeviceType::CPU)] = new CpuAllocator();
    return s;
  }();
  return slots[static_cast<int>(type)];
}

}  // namespace

DeviceAllocator& allocator_for(DeviceType type) {
  DeviceAllocator* a = slot(type);
  if (!a)
    throw NotImplementedError(str("allocator: no memory allocator for device '",
                                  device_type_name(type), "' (was pydeep built with it?)"));
  return *a;
}

void register_allocator(DeviceType type, DeviceAllocator* allocator) { slot(type) = allocator; }

}  // namespace pydeep
