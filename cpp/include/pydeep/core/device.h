#pragma once
// Where a tensor's memory lives. Every op dispatches on it (see
// ops/kernel_slot.h), so a new backend adds kernels, not branches.
#include <string>

namespace pydeep {

enum class DeviceType : int { CPU = 0, CUDA = 1 };
constexpr int kNumDeviceTypes = 2;

struct Device {
  DeviceType type = DeviceType::CPU;
  int index = 0;
  bool operator==(const Device& o) const { return type == o.type && index == o.index; }
  bool operator!=(const Device& o) const { return !(*this == o); }
};

inline Device cpu() { return Device{}; }
const char* device_type_name(DeviceType type);  // "cpu", "cuda"
std::string device_str(const Device& device);    // "cpu", "cuda:0"

}  // namespace pydeep
