#include "pydeep/ops/random.h"

#include <cmath>

namespace pydeep::ops {
namespace {

Tensor fill(const char* where, RandomDistribution dist, const Shape& shape, float a, float b,
            std::uint64_t seed, Device device) {
  for (auto d : shape)
    check(d >= 0, where, ": expected non-negative dimensions; received shape=", shape_str(shape));
  Tensor out = Tensor::empty(shape, DType::Float32, device);
  if (out.numel() > 0) kernels().random.get(device.type)(dist, out, a, b, seed);
  return out;
}

void check_finite(const char* where, const char* name, float v) {
  check(std::isfinite(v), where, ": expected a finite `", name, "`; received ", name, "=", v);
}

void check_normal_args(const char* where, float mean, float stddev) {
  check_finite(where, "mean", mean);
  check_finite(where, "stddev", stddev);
  check(stddev >= 0.f, where, ": expected stddev >= 0; received stddev=", stddev);
}

}  // namespace

Tensor random_uniform(const Shape& shape, float lo, float hi, std::uint64_t seed, Device device) {
  check_finite("random_uniform", "minval", lo);
  check_finite("random_uniform", "maxval", hi);
  check(lo <= hi, "random_uniform: expected minval <= maxval; received minval=", lo,
        ", maxval=", hi);
  return fill("random_uniform", RandomDistribution::Uniform, shape, lo, hi, seed, device);
}

Tensor random_normal(const Shape& shape, float mean, float stddev, std::uint64_t seed,
                     Device device) {
  check_normal_args("random_normal", mean, stddev);
  return fill("random_normal", RandomDistribution::Normal, shape, mean, stddev, seed, device);
}

Tensor truncated_normal(const Shape& shape, float mean, float stddev, std::uint64_t seed,
                        Device device) {
  check_normal_args("truncated_normal", mean, stddev);
  return fill("truncated_normal", RandomDistribution::TruncatedNormal, shape, mean, stddev, seed,
              device);
}

Tensor dropout_mask(const Shape& shape, float rate, std::uint64_t seed, bool scaled,
                    Device device) {
  check(rate >= 0.f && rate <= 1.f, "dropout_mask: expected a rate in [0, 1]; received rate=",
        rate);
  const float kept = !scaled ? 1.f : rate < 1.f ? 1.f / (1.f - rate) : 0.f;
  return fill("dropout_mask", RandomDistribution::Bernoulli, shape, rate, kept, seed, device);
}

}  // namespace pydeep::ops
