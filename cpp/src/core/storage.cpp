#include "pydeep/core/storage.h"

namespace pydeep {

std::shared_ptr<Storage> Storage::allocate(std::size_t nbytes, Device device) {
  void* p = allocator_for(device.type).allocate(nbytes);
  return std::shared_ptr<Storage>(new Storage(p, nbytes, device, nullptr));
}

std::shared_ptr<Storage> Storage::wrap(void* data, std::size_t nbytes, Device device,
                                       std::function<void()> release) {
  if (!release) release = [] {};
  return std::shared_ptr<Storage>(new Storage(data, nbytes, device, std::move(release)));
}

Storage::~Storage() {
  if (release_) {
    release_();
  } else {
    allocator_for(device_.type).deallocate(data_, nbytes_);
  }
}

}  // namespace pydeep
