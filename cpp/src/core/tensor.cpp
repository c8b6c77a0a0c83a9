#include "pydeep/core/tensor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace pydeep {
namespace {

std::shared_ptr<TensorImpl> make_impl(const Shape& shape, DType dtype,
                                      std::shared_ptr<Storage> storage, std::size_t offset) {
  auto impl = std::make_shared<TensorImpl>();
  impl->shape = shape;
  impl->dtype = dtype;
  impl->storage = std::move(storage);
  impl->offset = offset;
  return impl;
}

void check_shape(const Shape& shape, const char* where) {
  for (auto d : shape)
    check(d >= 0, where, ": dimensions must be non-negative; received shape ", shape_str(shape));
}

// double -> T without undefined behaviour: NaN gives 0 for integer types,
// out-of-range values saturate.
template <typename T>
T saturate(double v) {
  if constexpr (std::is_same_v<T, bool> || std::is_floating_point_v<T>) {
    return static_cast<T>(v);
  } else {
    if (std::isnan(v)) return 0;
    if (v <= static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
    if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
    return static_cast<T>(v);
  }
}

void require_cpu(const Tensor& t, const char* where) {
  if (t.device().type != DeviceType::CPU)
    throw NotImplementedError(str(where, ": needs a CPU tensor; received one on ",
                                  device_str(t.device())));
}

}  // namespace

Tensor Tensor::empty(const Shape& shape, DType dtype, Device device) {
  check_shape(shape, "Tensor::empty");
  const std::size_t nbytes = static_cast<std::size_t>(pydeep::numel(shape)) * dtype_size(dtype);
  return Tensor(make_impl(shape, dtype, Storage::allocate(nbytes, device), 0));
}

Tensor Tensor::zeros(const Shape& shape, DType dtype, Device device) {
  return full(shape, 0.0, dtype, device);
}

Tensor Tensor::full(const Shape& shape, double value, DType dtype, Device device) {
  Tensor t = empty(shape, dtype, device);
  require_cpu(t, "Tensor::full");
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    std::fill_n(static_cast<T*>(t.raw_data()), t.numel(), saturate<T>(value));
  });
  return t;
}

Tensor Tensor::scalar(double value, DType dtype) { return full({}, value, dtype); }

Tensor Tensor::from_vector(const std::vector<float>& values, const Shape& shape) {
  check(static_cast<std::int64_t>(values.size()) == pydeep::numel(shape),
        "Tensor::from_vector: expected ", pydeep::numel(shape), " values for shape ",
        shape_str(shape), "; received ", values.size());
  Tensor t = empty(shape);
  std::copy(values.begin(), values.end(), t.data<float>());
  return t;
}

Tensor Tensor::from_storage(std::shared_ptr<Storage> storage, const Shape& shape, DType dtype,
                            std::size_t offset_bytes) {
  check_shape(shape, "Tensor::from_storage");
  const std::size_t need = static_cast<std::size_t>(pydeep::numel(shape)) * dtype_size(dtype);
  check(storage != nullptr && offset_bytes + need <= storage->nbytes(),
        "Tensor::from_storage: shape ", shape_str(shape), " of ", dtype_name(dtype), " needs ",
        need, " bytes at offset ", offset_bytes, "; storage holds ",
        storage ? storage->nbytes() : 0);
  return Tensor(make_impl(shape, dtype, std::move(storage), offset_bytes));
}

std::int64_t Tensor::dim(int axis) const {
  return shape()[normalize_axis(axis, ndim(), "Tensor::dim")];
}

double Tensor::item() const {
  check(numel() == 1, "Tensor::item: expected a tensor with one element; received shape ",
        shape_str(shape()));
  require_cpu(*this, "Tensor::item");
  return visit_dtype(dtype(), [&](auto tag) {
    using T = decltype(tag);
    return static_cast<double>(*static_cast<const T*>(raw_data()));
  });
}

Tensor Tensor::view(const Shape& new_shape) const {
  check_shape(new_shape, "Tensor::view");
  check(pydeep::numel(new_shape) == numel(), "Tensor::view: cannot view a tensor of shape ",
        shape_str(shape()), " (", numel(), " elements) as ", shape_str(new_shape), " (",
        pydeep::numel(new_shape), " elements)");
  return Tensor(make_impl(new_shape, dtype(), storage(), storage_offset()));
}

Tensor Tensor::detach() const { return view(shape()); }

Tensor Tensor::clone() const {
  Tensor out = empty(shape(), dtype(), device());
  out.copy_from(*this);
  return out;
}

void Tensor::copy_from(const Tensor& src) {
  check(src.numel() == numel() && src.dtype() == dtype(), "Tensor::copy_from: expected ",
        numel(), " elements of ", dtype_name(dtype()), "; received ", src.numel(), " of ",
        dtype_name(src.dtype()));
  check<NotImplementedError>(src.device() == device(),
                             "Tensor::copy_from: copies between devices are not supported (",
                             device_str(src.device()), " -> ", device_str(device()), ")");
  if (raw_data() == src.raw_data()) return;
  allocator_for(device().type).copy(raw_data(), src.raw_data(), nbytes());
}

void Tensor::set_requires_grad(bool value) {
  check(is_leaf() || value, "Tensor::set_requires_grad: only leaf tensors can stop requiring "
        "gradients; use detach() on a computed tensor");
  impl().requires_grad = value;
}

std::string Tensor::repr() const {
  if (!defined()) return "Tensor(undefined)";
  return str("Tensor(shape=", shape_str(shape()), ", dtype=", dtype_name(dtype()),
             device().type == DeviceType::CPU ? "" : ", device=" + device_str(device()), ")");
}

}  // namespace pydeep
