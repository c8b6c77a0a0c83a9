#include "pydeep/layers/reshaping_spatial.h"

#include <cmath>

#include "layers/spatial_config.h"
#include "pydeep/autograd/functions.h"

namespace pydeep::layers {
namespace {

const char* const kPadNames[3] = {"ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D"};
const char* const kCropNames[3] = {"Cropping1D", "Cropping2D", "Cropping3D"};
const char* const kUpNames[3] = {"UpSampling1D", "UpSampling2D", "UpSampling3D"};

// An int index tensor from values.
Tensor index_tensor(const std::vector<std::int64_t>& v) {
  Tensor t = Tensor::empty({static_cast<std::int64_t>(v.size())}, DType::Int64);
  std::copy(v.begin(), v.end(), t.data<std::int64_t>());
  return t;
}

}  // namespace

SpatialPadCrop::SpatialPadCrop(const Json& config, int rank, bool pad)
    : UnaryLayer(config, pad ? (rank == 1   ? "zero_padding1d"
                                : rank == 2 ? "zero_padding2d"
                                            : "zero_padding3d")
                             : (rank == 1   ? "cropping1d"
                                : rank == 2 ? "cropping2d"
                                            : "cropping3d")),
      rank_(rank),
      pad_(pad) {
  const std::string w = pad ? kPadNames[rank - 1] : kCropNames[rank - 1];
  const char* key = pad ? "padding" : "cropping";
  const Json spec = config.get(key, Json(pad ? 1 : 0));
  if (spec.is_number()) {
    before_.assign(rank, spec.as_int(key));
    after_ = before_;
  } else {
    check(spec.is_array() && static_cast<int>(spec.size()) == rank, w, ": expected `", key,
          "` as an int or ", rank, " (before, after) pair(s); received ", spec.dump());
    for (int d = 0; d < rank; ++d) {
      const Shape p = spec[d].as_int_vector(key);
      check(p.size() == 2, w, ": expected `", key, "` pairs (before, after); received ",
            spec.dump());
      before_.push_back(p[0]);
      after_.push_back(p[1]);
    }
  }
  for (int d = 0; d < rank; ++d)
    check(before_[d] >= 0 && after_[d] >= 0, w, ": expected non-negative `", key,
          "`; received ", spec.dump());
  spatial::require_channels_last(config, w);
}

const char* SpatialPadCrop::class_name() const {
  return pad_ ? kPadNames[rank_ - 1] : kCropNames[rank_ - 1];
}

Shape SpatialPadCrop::output_shape(const Shape& input) const {
  spatial::check_input(input, rank_, where());
  Shape out = input;
  for (int d = 0; d < rank_; ++d) {
    if (input[d + 1] < 0) continue;
    out[d + 1] += pad_ ? before_[d] + after_[d] : -(before_[d] + after_[d]);
    check(out[d + 1] > 0 || pad_, where(), ": cropping ", before_[d], " + ", after_[d],
          " from axis ", d + 1, " leaves nothing of input shape ", shape_str(input));
  }
  return out;
}

Tensor SpatialPadCrop::forward(const Tensor& x, bool) {
  Shape b(x.ndim(), 0), a(x.ndim(), 0);
  for (int d = 0; d < rank_; ++d) {
    b[d + 1] = before_[d];
    a[d + 1] = after_[d];
  }
  if (pad_) return pad(x, b, a);
  Shape size = x.shape();
  for (int d = 1; d <= rank_; ++d) size[d] -= b[d] + a[d];
  check(numel(size) > 0 || x.numel() == 0, where(), ": cropping leaves nothing of input shape ",
        shape_str(x.shape()));
  return strided_slice(x, b, size, Shape(x.ndim(), 1));
}

Json SpatialPadCrop::get_config() const {
  Json c = Layer::get_config();
  Json::Array pairs;
  for (int d = 0; d < rank_; ++d) pairs.push_back(Json(Shape{before_[d], after_[d]}));
  c.set(pad_ ? "padding" : "cropping", Json(pairs));
  if (rank_ > 1 || pad_) c.set("data_format", "channels_last");
  return c;
}

UpSampling::UpSampling(const Json& config, int rank)
    : UnaryLayer(config, rank == 1 ? "up_sampling1d" : rank == 2 ? "up_sampling2d"
                                                                 : "up_sampling3d"),
      rank_(rank),
      interpolation_(config.get("interpolation", Json("nearest")).as_string("interpolation")) {
  const std::string w = kUpNames[rank - 1];
  size_ = spatial::read_tuple(config, "size", rank, Json(2), 1, w);
  check<NotImplementedError>(interpolation_ == "nearest" ||
                                 (rank == 2 && interpolation_ == "bilinear"),
                             w, ": interpolation \"", interpolation_, "\" is not supported; use "
                             "\"nearest\"", rank == 2 ? " or \"bilinear\"" : "");
  spatial::require_channels_last(config, w);
}

const char* UpSampling::class_name() const { return kUpNames[rank_ - 1]; }

Shape UpSampling::output_shape(const Shape& input) const {
  spatial::check_input(input, rank_, where());
  Shape out = input;
  for (int d = 0; d < rank_; ++d)
    if (out[d + 1] >= 0) out[d + 1] *= size_[d];
  return out;
}

Tensor UpSampling::forward(const Tensor& x, bool) {
  Tensor y = x;
  for (int d = 0; d < rank_; ++d) {
    const int axis = d + 1;
    const std::int64_t n = x.shape()[axis], s = size_[d], m = n * s;
    if (s == 1) continue;
    if (interpolation_ == "nearest") {
      std::vector<std::int64_t> idx(m);
      for (std::int64_t o = 0; o < m; ++o) idx[o] = o / s;
      y = take(y, index_tensor(idx), axis);
      continue;
    }
    // Half-pixel centers: output o samples input (o + 0.5) / s - 0.5, clamped at 0.
    std::vector<std::int64_t> lo(m), hi(m);
    std::vector<float> frac(m);
    for (std::int64_t o = 0; o < m; ++o) {
      const double src = std::max(0.0, (o + 0.5) / static_cast<double>(s) - 0.5);
      lo[o] = std::min<std::int64_t>(static_cast<std::int64_t>(std::floor(src)), n - 1);
      hi[o] = std::min<std::int64_t>(lo[o] + 1, n - 1);
      frac[o] = static_cast<float>(src - static_cast<double>(lo[o]));
    }
    Shape wshape(y.ndim(), 1);
    wshape[axis] = m;
    const Tensor w = Tensor::from_vector(frac, wshape);
    const Tensor a = take(y, index_tensor(lo), axis), b = take(y, index_tensor(hi), axis);
    y = add(a, multiply(subtract(b, a), w));
  }
  return y;
}

Json UpSampling::get_config() const {
  Json c = Layer::get_config();
  if (rank_ == 1) {
    c.set("size", size_[0]);
  } else {
    c.set("size", Json(size_));
    c.set("data_format", "channels_last");
  }
  if (rank_ == 2) c.set("interpolation", interpolation_);
  return c;
}

}  // namespace pydeep::layers
