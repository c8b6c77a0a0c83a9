// RandomUniform, RandomNormal, TruncatedNormal, VarianceScaling (and the
// Glorot / He / Lecun presets) and Orthogonal, with Keras 3's formulas
// (keras/src/initializers/random_initializers.py).
#include <algorithm>
#include <cmath>
#include <vector>

#include "init/init_internal.h"
#include "pydeep/core/errors.h"
#include "pydeep/init/initializers.h"
#include "pydeep/ops/random.h"

namespace pydeep::init {

Fans compute_fans(const Shape& shape, const std::vector<std::int64_t>* input_axes,
                  const std::vector<std::int64_t>* output_axes) {
  const int ndim = static_cast<int>(shape.size());
  if (input_axes && output_axes) {
    Fans f;
    for (auto axis : *input_axes) f.fan_in *= shape[normalize_axis(axis, ndim, "input_axes")];
    for (auto axis : *output_axes) f.fan_out *= shape[normalize_axis(axis, ndim, "output_axes")];
    return f;
  }
  if (ndim < 1) return {1, 1};
  if (ndim == 1) return {shape[0], shape[0]};
  std::int64_t receptive_field = 1;
  for (int i = 0; i + 2 < ndim; ++i) receptive_field *= shape[i];
  return {shape[ndim - 2] * receptive_field, shape[ndim - 1] * receptive_field};
}

namespace detail {
namespace {

// Keras: stddev of a standard normal truncated to (-2, 2).
constexpr double kTruncatedStddev = 0.87962566103423978;

struct VarianceScalingArgs {
  double scale;
  const char* mode;
  const char* distribution;
};

// The fixed arguments of the presets (Keras's subclasses of VarianceScaling).
bool preset(const std::string& name, VarianceScalingArgs& out) {
  static const std::pair<const char*, VarianceScalingArgs> presets[] = {
      {"GlorotUniform", {1.0, "fan_avg", "uniform"}},
      {"GlorotNormal", {1.0, "fan_avg", "truncated_normal"}},
      {"LecunUniform", {1.0, "fan_in", "uniform"}},
      {"LecunNormal", {1.0, "fan_in", "truncated_normal"}},
      {"HeUniform", {2.0, "fan_in", "uniform"}},
      {"HeNormal", {2.0, "fan_in", "truncated_normal"}},
  };
  for (const auto& [preset_name, args] : presets)
    if (name == preset_name) {
      out = args;
      return true;
    }
  return false;
}

Tensor variance_scaling(const VarianceScalingArgs& args, const Json& config, const Shape& shape,
                        std::uint64_t seed) {
  std::vector<std::int64_t> in_axes, out_axes;
  const Json &in_json = config.at("input_axes"), &out_json = config.at("output_axes");
  const bool axes = !in_json.is_null() && !out_json.is_null();
  if (axes) {
    in_axes = in_json.as_int_vector("input_axes");
    out_axes = out_json.as_int_vector("output_axes");
  }
  const Fans fans = compute_fans(shape, axes ? &in_axes : nullptr, axes ? &out_axes : nullptr);
  const std::string mode = args.mode, distribution = args.distribution;
  double scale = args.scale;
  if (mode == "fan_in")
    scale /= std::max(1.0, static_cast<double>(fans.fan_in));
  else if (mode == "fan_out")
    scale /= std::max(1.0, static_cast<double>(fans.fan_out));
  else
    scale /= std::max(1.0, (static_cast<double>(fans.fan_in) + fans.fan_out) / 2.0);
  if (distribution == "truncated_normal")
    return ops::truncated_normal(shape, 0.f, static_cast<float>(std::sqrt(scale) / kTruncatedStddev),
                                 seed);
  if (distribution == "untruncated_normal")
    return ops::random_normal(shape, 0.f, static_cast<float>(std::sqrt(scale)), seed);
  const auto limit = static_cast<float>(std::sqrt(3.0 * scale));
  return ops::random_uniform(shape, -limit, limit, seed);
}

Tensor orthogonal(const Json& config, const Shape& shape, std::uint64_t seed) {
  check(shape.size() >= 2, "Orthogonal: the tensor to initialize must be at least ",
        "two-dimensional. Received: shape=", shape_str(shape), " of rank ", shape.size(), ".");
  std::int64_t rows = 1;
  for (std::size_t i = 0; i + 1 < shape.size(); ++i) rows *= shape[i];
  const std::int64_t cols = shape.back();
  const std::int64_t m = std::max(rows, cols), n = std::min(rows, cols);
  const double gain = config.at("gain").as_double();
  // Keras draws a row-major (m, n) matrix; here it is read column by column.
  const Tensor a = ops::random_normal({m, n}, 0.f, 1.f, seed);
  const float* pa = a.data<float>();
  std::vector<double> q(static_cast<std::size_t>(m * n));
  for (std::int64_t r = 0; r < m; ++r)
    for (std::int64_t c = 0; c < n; ++c) q[c * m + r] = pa[r * n + c];
  orthonormalize_columns(q.data(), m, n);
  Tensor out = Tensor::empty(shape, DType::Float32);
  float* po = out.data<float>();
  // Orthonormal columns when rows >= cols; otherwise the transpose (rows).
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < cols; ++c)
      po[r * cols + c] =
          static_cast<float>(gain * (rows >= cols ? q[c * m + r] : q[r * m + c]));
  return out;
}

}  // namespace

Tensor random_initializer(const std::string& name, const Json& config, const Shape& shape,
                          std::uint64_t seed) {
  const auto num = [&](const char* key) { return static_cast<float>(config.at(key).as_double()); };
  if (name == "RandomUniform") return ops::random_uniform(shape, num("minval"), num("maxval"), seed);
  if (name == "RandomNormal") return ops::random_normal(shape, num("mean"), num("stddev"), seed);
  if (name == "TruncatedNormal")
    return ops::truncated_normal(shape, num("mean"), num("stddev"), seed);
  if (name == "Orthogonal") return orthogonal(config, shape, seed);
  VarianceScalingArgs args{};
  std::string mode, distribution;
  if (!preset(name, args)) {
    check(name == "VarianceScaling", "random_initializer: unknown class ", name);
    mode = config.at("mode").as_string();
    distribution = config.at("distribution").as_string();
    args = {config.at("scale").as_double(), mode.c_str(), distribution.c_str()};
  }
  return variance_scaling(args, config, shape, seed);
}

}  // namespace detail
}  // namespace pydeep::init
