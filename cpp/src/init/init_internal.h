#pragma once
// Private to src/init/: the initializer families, called by initialize()
// (initializers.cpp) with a canonical config (get_config's output), so
// arguments are present and of the right JSON type.
#include <cstdint>

#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::init::detail {

// Zeros, Ones, Constant, Identity (constant_initializers.cpp).
Tensor constant_initializer(const std::string& class_name, const Json& config, const Shape& shape,
                            DType dtype);
// RandomUniform, RandomNormal, TruncatedNormal, VarianceScaling and its
// presets, Orthogonal (random_initializers.cpp); float32 values, `seed`
// already resolved.
Tensor random_initializer(const std::string& class_name, const Json& config, const Shape& shape,
                          std::uint64_t seed);
// The thin Q (m x n, m >= n, column-major) of a (m x n, column-major) with
// the signs of R's diagonal made positive, in place (orthogonal.cpp).
void orthonormalize_columns(double* a, std::int64_t m, std::int64_t n);

}  // namespace pydeep::init::detail
