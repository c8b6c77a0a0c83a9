#pragma once
// Tensor: a shape, a dtype and a view of ref-counted Storage. Always
// contiguous and row-major. Copying a Tensor copies the handle (shared
// state), like a shared_ptr; clone() copies the data.
//
// Autograd fields live here as opaque handles (the autograd layer above
// fills them): requires_grad marks a leaf that collects gradients, grad_fn is
// the node that produced a non-leaf result.
//
// Thread-safety: distinct tensors may be used from distinct threads; one
// tensor's data written from two threads at once is a data race.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pydeep/core/device.h"
#include "pydeep/core/dtype.h"
#include "pydeep/core/errors.h"
#include "pydeep/core/shape.h"
#include "pydeep/core/storage.h"

namespace pydeep {

namespace autograd { class Node; }
struct VariableHooks;  // autograd/variable.h: per-variable extras (a constraint)

struct TensorImpl {
  Shape shape;
  DType dtype = DType::Float32;
  std::shared_ptr<Storage> storage;
  std::size_t offset = 0;  // in bytes, into storage

  // autograd
  bool requires_grad = false;              // a leaf whose gradient is wanted
  std::shared_ptr<autograd::Node> grad_fn;  // set on results of recorded ops
  // variables (autograd/variable.h)
  bool is_variable = false;
  std::string name;
  std::shared_ptr<VariableHooks> hooks;  // null unless a variable has a constraint
};

class Tensor {
 public:
  Tensor() = default;  // an undefined tensor (defined() == false)
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  // Uninitialised contiguous memory.
  static Tensor empty(const Shape& shape, DType dtype = DType::Float32, Device device = cpu());
  static Tensor zeros(const Shape& shape, DType dtype = DType::Float32, Device device = cpu());
  static Tensor full(const Shape& shape, double value, DType dtype = DType::Float32,
                     Device device = cpu());
  static Tensor scalar(double value, DType dtype = DType::Float32);
  // Copies host data (values.size() must equal numel(shape)).
  static Tensor from_vector(const std::vector<float>& values, const Shape& shape);
  // A tensor over existing storage (no copy); throws if storage is too small.
  static Tensor from_storage(std::shared_ptr<Storage> storage, const Shape& shape, DType dtype,
                             std::size_t offset_bytes = 0);

  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const { return impl().shape; }
  int ndim() const { return static_cast<int>(impl().shape.size()); }
  std::int64_t dim(int axis) const;  // negative axes count from the end
  std::int64_t numel() const { return pydeep::numel(impl().shape); }
  std::size_t nbytes() const { return static_cast<std::size_t>(numel()) * dtype_size(dtype()); }
  DType dtype() const { return impl().dtype; }
  Device device() const { return impl().storage->device(); }
  const std::shared_ptr<Storage>& storage() const { return impl().storage; }
  std::size_t storage_offset() const { return impl().offset; }

  void* raw_data() const {
    return static_cast<char*>(impl().storage->data()) + impl().offset;
  }
  // Typed access; throws TypeError when T does not match dtype().
  template <typename T>
  T* data() const {
    check<TypeError>(dtype_of<T>::value == dtype(), "Tensor::data: tensor has dtype ",
                     dtype_name(dtype()), ", requested ", dtype_name(dtype_of<T>::value));
    return static_cast<T*>(raw_data());
  }
  // Value of a one-element tensor, converted to double.
  double item() const;

  // Same data, new shape (numel must match); no autograd history.
  Tensor view(const Shape& shape) const;
  // Same data and shape, cut from the autograd graph.
  Tensor detach() const;
  // A contiguous copy on the same device, no autograd history.
  Tensor clone() const;
  // Copies src's data into this tensor (same numel and dtype).
  void copy_from(const Tensor& src);

  // autograd state
  bool requires_grad() const { return impl().requires_grad || impl().grad_fn != nullptr; }
  void set_requires_grad(bool value);  // only on leaves
  const std::shared_ptr<autograd::Node>& grad_fn() const { return impl().grad_fn; }
  bool is_leaf() const { return impl().grad_fn == nullptr; }

  TensorImpl* impl_ptr() const { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& shared_impl() const { return impl_; }
  bool is_same(const Tensor& other) const { return impl_ == other.impl_; }
  std::string repr() const;  // "Tensor(shape=(2, 3), dtype=float32)"

 private:
  TensorImpl& impl() const {
    check(impl_ != nullptr, "Tensor: operation on an undefined tensor");
    return *impl_;
  }
  std::shared_ptr<TensorImpl> impl_;
};

}  // namespace pydeep
