// Zeros, Ones, Constant and Identity: fixed values, any dtype (the value is
// converted as a cast would: truncated toward zero for integers, nonzero ->
// true for bool).
#include "init/init_internal.h"
#include "pydeep/core/errors.h"

namespace pydeep::init::detail {

Tensor constant_initializer(const std::string& class_name, const Json& config, const Shape& shape,
                            DType dtype) {
  if (class_name == "Zeros") return Tensor::full(shape, 0.0, dtype);
  if (class_name == "Ones") return Tensor::full(shape, 1.0, dtype);
  if (class_name == "Constant") return Tensor::full(shape, config.at("value").as_double(), dtype);
  check(class_name == "Identity", "constant_initializer: unknown class ", class_name);
  check(shape.size() == 2, "Identity matrix initializer can only be used for 2D matrices. ",
        "Received: shape=", shape_str(shape), " of rank ", shape.size(), ".");
  const double gain = config.at("gain").as_double();
  Tensor out = Tensor::zeros(shape, dtype);
  const std::int64_t rows = shape[0], cols = shape[1];
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    T* p = out.data<T>();
    for (std::int64_t i = 0; i < rows && i < cols; ++i) p[i * cols + i] = static_cast<T>(gain);
  });
  return out;
}

}  // namespace pydeep::init::detail
