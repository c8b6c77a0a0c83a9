#pragma once
// Random tensors (no autograd): float32, of `shape`, on `device`. Each is a
// pure function of its arguments: the same seed gives the same bits, whatever
// the thread count (element i depends only on (seed, i); see
// pydeep/core/random.h). Pass draw_seed() for a fresh, run-reproducible seed.
//
// Errors: ValueError for a negative dimension, a non-finite parameter or one
// out of range (named in the message); NotImplementedError when the device has
// no random kernel.
#include <cstdint>

#include "pydeep/core/tensor.h"
#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

// Uniform on [lo, hi); needs lo <= hi (lo == hi gives lo everywhere).
Tensor random_uniform(const Shape& shape, float lo, float hi, std::uint64_t seed,
                      Device device = cpu());
// Normal with the given mean and standard deviation (stddev >= 0).
Tensor random_normal(const Shape& shape, float mean, float stddev, std::uint64_t seed,
                     Device device = cpu());
// Normal(mean, stddev) with every value strictly within two standard
// deviations of the mean: draws outside are discarded and redrawn (Keras's
// truncated_normal, so its standard deviation is about 0.88 stddev).
Tensor truncated_normal(const Shape& shape, float mean, float stddev, std::uint64_t seed,
                        Device device = cpu());
// A dropout mask, rate in [0, 1]: each element independently 0 with
// probability `rate`, else 1 / (1 - rate) when `scaled` (inverted dropout, so
// x * mask keeps the mean of x, as keras.random.dropout does) or 1 when not.
// With rate == 1 every element is 0.
Tensor dropout_mask(const Shape& shape, float rate, std::uint64_t seed, bool scaled = true,
                    Device device = cpu());

}  // namespace pydeep::ops
