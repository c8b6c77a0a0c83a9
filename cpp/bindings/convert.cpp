#include "convert.h"

#include <limits>

namespace pydeep::bindings {
namespace {

py::dtype numpy_dtype(DType dtype) {
  switch (dtype) {
    case DType::Float32: return py::dtype::of<float>();
    case DType::Int32: return py::dtype::of<std::int32_t>();
    case DType::Int64: return py::dtype::of<std::int64_t>();
    case DType::Bool: return py::dtype::of<bool>();
  }
  return py::dtype::of<float>();
}

// The core dtype a numpy dtype maps to (kind + itemsize), or throw TypeError.
DType core_dtype(const py::dtype& dt) {
  const char kind = dt.kind();
  const auto size = dt.itemsize();
  if (kind == 'f') return DType::Float32;
  if (kind == 'b') return DType::Bool;
  if (kind == 'i') return size <= 4 ? DType::Int32 : DType::Int64;
  if (kind == 'u') return size <= 2 ? DType::Int32 : DType::Int64;
  throw py::type_error(str("pydeep: cannot convert a numpy array of dtype ",
                           py::str(dt).cast<std::string>(), " to a tensor; expected a numeric "
                           "or bool dtype"));
}

Tensor wrap_numpy(py::array arr) {
  const DType dtype = core_dtype(arr.dtype());
  const bool exact = arr.dtype().is(numpy_dtype(dtype)) || arr.dtype().equal(numpy_dtype(dtype));
  const bool contiguous = (arr.flags() & py::array::c_style) != 0;
  if (!exact || !contiguous) {
    arr = py::array::ensure(arr.attr("astype")(numpy_dtype(dtype), py::arg("order") = "C"));
  }
  Shape shape(arr.shape(), arr.shape() + arr.ndim());
  const std::size_t nbytes = static_cast<std::size_t>(arr.nbytes());
  // The array stays alive while the storage exists; dropping that reference
  // needs the GIL, which C++ threads may not hold when the storage dies.
  auto* owner = new py::object(arr);
  auto storage = Storage::wrap(const_cast<void*>(arr.data()), nbytes, cpu(), [owner] {
    if (!Py_IsInitialized()) return;  // interpreter gone: nothing safe to do
    py::gil_scoped_acquire gil;
    delete owner;
  });
  return Tensor::from_storage(std::move(storage), shape, dtype);
}

}  // namespace

Tensor as_tensor(py::handle obj) {
  if (py::isinstance<Tensor>(obj)) return obj.cast<Tensor>();
  if (PyBool_Check(obj.ptr())) return Tensor::scalar(obj.cast<bool>() ? 1.0 : 0.0, DType::Bool);
  if (PyLong_Check(obj.ptr())) {
    const long long v = obj.cast<long long>();
    const bool fits = v >= std::numeric_limits<std::int32_t>::min() &&
                      v <= std::numeric_limits<std::int32_t>::max();
    return Tensor::scalar(static_cast<double>(v), fits ? DType::Int32 : DType::Int64);
  }
  if (PyFloat_Check(obj.ptr())) return Tensor::scalar(obj.cast<double>(), DType::Float32);
  if (py::isinstance<py::array>(obj)) return wrap_numpy(py::reinterpret_borrow<py::array>(obj));
  if (py::hasattr(obj, "__array__") || py::isinstance<py::sequence>(obj)) {
    py::object arr = py::module_::import("numpy").attr("asarray")(obj);
    return wrap_numpy(py::reinterpret_borrow<py::array>(arr));
  }
  throw py::type_error(str("pydeep: expected a tensor, numpy array, list or number; received ",
                           py::str(py::type::of(obj)).cast<std::string>()));
}

Tensor as_tensor_or_undefined(py::handle obj) {
  return obj.is_none() ? Tensor() : as_tensor(obj);
}

py::array to_numpy(const Tensor& t) {
  check<NotImplementedError>(t.device().type == DeviceType::CPU,
                             "to_numpy: copy the tensor to the CPU first");
  std::vector<py::ssize_t> shape(t.shape().begin(), t.shape().end());
  std::vector<py::ssize_t> strides;
  const auto item = static_cast<py::ssize_t>(dtype_size(t.dtype()));
  for (auto s : contiguous_strides(t.shape())) strides.push_back(s * item);
  auto* keep = new std::shared_ptr<Storage>(t.storage());
  py::capsule base(keep, [](void* p) { delete static_cast<std::shared_ptr<Storage>*>(p); });
  return py::array(numpy_dtype(t.dtype()), shape, strides, t.raw_data(), base);
}

py::list to_list(const std::vector<Tensor>& tensors) {
  py::list out;
  for (const Tensor& t : tensors) {
    if (t.defined()) out.append(py::cast(t));
    else out.append(py::none());
  }
  return out;
}

std::vector<Tensor> tensors_from(py::handle sequence) {
  std::vector<Tensor> out;
  for (py::handle item : sequence) out.push_back(as_tensor(item));
  return out;
}

}  // namespace pydeep::bindings
