#include "pydeep/core/device.h"

namespace pydeep {

const char* device_type_name(DeviceType type) {
  switch (type) {
    case DeviceType::CPU: return "cpu";
    case DeviceType::CUDA: return "cuda";
  }
  return "?";
}

std::string device_str(const Device& device) {
  if (device.type == DeviceType::CPU) return "cpu";
  return std::string(device_type_name(device.type)) + ":" + std::to_string(device.index);
}

}  // namespace pydeep
