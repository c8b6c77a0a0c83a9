#pragma once
// Private helpers of the metrics: host tensors of any dtype read in place as
// numbers, Keras's squeeze_or_expand_to_same_rank on shapes, numpy
// broadcasting of sample weights as an index map, and config checks.
#include <cstdint>
#include <initializer_list>
#include <string>

#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::metrics::detail {

// A read-only view of a CPU tensor's values (no copy). `shape` may be
// adjusted (a trailing 1 squeezed or added) without touching the data.
class HostView {
 public:
  HostView() = default;
  // An undefined tensor gives an undefined view. Throws NotImplementedError
  // naming `where` and `what` ("y_pred") for a tensor on another device.
  HostView(const Tensor& t, const char* where, const char* what);

  bool defined() const { return defined_; }
  DType dtype() const { return dtype_; }
  std::int64_t numel() const { return numel_; }
  int ndim() const { return static_cast<int>(shape.size()); }
  double operator[](std::int64_t i) const {
    switch (dtype_) {
      case DType::Float32: return static_cast<const float*>(data_)[i];
      case DType::Int32: return static_cast<const std::int32_t*>(data_)[i];
      case DType::Int64: return static_cast<double>(static_cast<const std::int64_t*>(data_)[i]);
      case DType::Bool: return static_cast<const bool*>(data_)[i] ? 1.0 : 0.0;
    }
    return 0.0;
  }
  // The value as Keras sees it after casting to float32.
  float as_float(std::int64_t i) const { return static_cast<float>((*this)[i]); }

  Shape shape;

 private:
  const void* data_ = nullptr;
  DType dtype_ = DType::Float32;
  std::int64_t numel_ = 0;
  bool defined_ = false;
};

// Keras's squeeze_or_expand_to_same_rank on shapes: when the ranks differ by
// one and the longer shape ends in 1, that axis is squeezed, or (rank-1
// partner and expand_rank_1) the shorter one gains a trailing 1.
void squeeze_or_expand(Shape& x1, Shape& x2, bool expand_rank_1 = true);

// The index map of numpy broadcasting: the flat index in `src` of the element
// that broadcasting puts at flat index i of `dst`.
class Broadcast {
 public:
  // Throws ValueError naming `where`, `what` and both shapes when src does
  // not broadcast to dst (src may not have a higher rank than dst).
  Broadcast(const Shape& src, const Shape& dst, const char* where, const char* what);
  std::int64_t operator()(std::int64_t i) const {
    switch (mode_) {
      case Mode::Same: return i;
      case Mode::Scalar: return 0;
      case Mode::Outer: return i / inner_;
      case Mode::General: break;
    }
    return general(i);
  }

 private:
  enum class Mode { Same, Scalar, Outer, General };
  std::int64_t general(std::int64_t i) const;
  Mode mode_ = Mode::Same;
  std::int64_t inner_ = 1;
  Shape dst_, src_strides_;  // General only
};

// Throws ValueError naming `where` when `config` is not an object (or null)
// or has a key outside `allowed`; "name" and "dtype" are always allowed.
void check_config_keys(const Json& config, std::initializer_list<const char*> allowed,
                       const char* where);

// "(2, 3) and (2, 4)": two shapes for an error message.
std::string shapes_str(const Shape& a, const Shape& b);

}  // namespace pydeep::metrics::detail
