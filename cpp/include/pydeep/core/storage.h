#pragma once
// A reference-counted, untyped buffer on one device. It knows nothing of
// shapes or math. Owned memory comes from a per-device caching allocator, so
// a training loop that allocates the same sizes every batch reuses buffers
// instead of calling malloc; wrapped memory (a numpy array) is released by a
// caller-supplied function.
#include <cstddef>
#include <functional>
#include <memory>

#include "pydeep/core/device.h"

namespace pydeep {

class Storage {
 public:
  // Allocates nbytes (64-byte aligned) on device; contents are uninitialised.
  static std::shared_ptr<Storage> allocate(std::size_t nbytes, Device device = cpu());
  // Wraps memory owned elsewhere; `release` runs when the last reference goes.
  static std::shared_ptr<Storage> wrap(void* data, std::size_t nbytes, Device device,
                                       std::function<void()> release);

  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  ~Storage();

  void* data() const { return data_; }
  std::size_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }
  bool owns_memory() const { return !release_; }

 private:
  Storage(void* data, std::size_t nbytes, Device device, std::function<void()> release)
      : data_(data), nbytes_(nbytes), device_(device), release_(std::move(release)) {}
  void* data_;
  std::size_t nbytes_;
  Device device_;
  std::function<void()> release_;  // empty: memory belongs to the allocator
};

// Per-device memory management. The core registers the CPU allocator; a
// device backend (CUDA) registers its own at start-up.
class DeviceAllocator {
 public:
  virtual ~DeviceAllocator() = default;
  virtual void* allocate(std::size_t nbytes) = 0;
  virtual void deallocate(void* ptr, std::size_t nbytes) = 0;
  // Byte copy within this device.
  virtual void copy(void* dst, const void* src, std::size_t nbytes) = 0;
  // Bytes kept for reuse, and a way to give them back to the system.
  virtual std::size_t cached_bytes() const = 0;
  virtual void release_cache() = 0;
};

// Throws NotImplementedError when no allocator is registered for the type.
DeviceAllocator& allocator_for(DeviceType type);
void register_allocator(DeviceType type, DeviceAllocator* allocator);

}  // namespace pydeep
