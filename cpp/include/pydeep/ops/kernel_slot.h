#pragma once
// One slot per op: a function pointer per device type. Backends fill slots at
// start-up (explicit registration, so static linking keeps them); calling an
// op whose slot is empty for a device raises NotImplementedError naming both.
#include "pydeep/core/device.h"
#include "pydeep/core/errors.h"

namespace pydeep::ops {

template <typename Fn>
class KernelSlot {
 public:
  explicit KernelSlot(const char* op) : op_(op) {}
  void set(DeviceType device, Fn fn) { fns_[static_cast<int>(device)] = fn; }
  bool has(DeviceType device) const { return fns_[static_cast<int>(device)] != nullptr; }
  Fn get(DeviceType device) const {
    Fn fn = fns_[static_cast<int>(device)];
    if (!fn)
      throw NotImplementedError(str(op_, ": no kernel for device '", device_type_name(device), "'"));
    return fn;
  }
  const char* op() const { return op_; }

 private:
  const char* op_;
  Fn fns_[kNumDeviceTypes] = {};
};

}  // namespace pydeep::ops
