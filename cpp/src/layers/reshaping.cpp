#include "pydeep/layers/reshaping.h"

#include <algorithm>

#include "pydeep/autograd/functions.h"

namespace pydeep::layers {
namespace {

// Keras shapes carry -1 (None) for the batch; a concrete tensor has a size.
Shape with_batch(const Shape& rest, std::int64_t batch) {
  Shape s{batch};
  s.insert(s.end(), rest.begin(), rest.end());
  return s;
}

}  // namespace

Flatten::Flatten(const Json& config) : UnaryLayer(config, "flatten") {
  const Json& fmt = config.get("data_format", Json());
  check<NotImplementedError>(fmt.is_null() || fmt.as_string() == "channels_last",
                             "Flatten: data_format='", fmt.is_null() ? "" : fmt.as_string(),
                             "' is not supported; pydeep is channels_last");
}

Shape Flatten::output_shape(const Shape& input) const {
  check(!input.empty(), where(), ": expected an input with a batch axis; received shape ()");
  std::int64_t n = 1;
  for (std::size_t i = 1; i < input.size(); ++i) n = (n < 0 || input[i] < 0) ? -1 : n * input[i];
  return {input[0], n};
}

Tensor Flatten::forward(const Tensor& x, bool) { return reshape(x, {x.shape()[0], -1}); }

Reshape::Reshape(const Json& config)
    : UnaryLayer(config, "reshape"), target_(config.at("target_shape").as_int_vector("target_shape")) {
  int unknown = 0;
  for (auto d : target_) {
    check(d > 0 || d == -1, "Reshape: target_shape entries must be positive or -1; received ",
          shape_str(target_));
    unknown += d == -1;
  }
  check(unknown <= 1, "Reshape: at most one -1 in target_shape; received ", shape_str(target_));
}

Shape Reshape::output_shape(const Shape& input) const {
  check(!input.empty(), where(), ": expected an input with a batch axis");
  std::int64_t total = 1, known = 1;
  bool total_known = true;
  for (std::size_t i = 1; i < input.size(); ++i) {
    if (input[i] < 0) total_known = false; else total *= input[i];
  }
  Shape out = target_;
  for (auto d : target_) if (d > 0) known *= d;
  for (auto& d : out) {
    if (d == -1 && total_known) {
      check(total % known == 0, where(), ": cannot reshape an input of shape ", shape_str(input),
            " to target_shape ", shape_str(target_));
      d = total / known;
    }
  }
  if (total_known && std::find(target_.begin(), target_.end(), -1) == target_.end())
    check(total == known, where(), ": cannot reshape an input of shape ", shape_str(input),
          " (", total, " values per sample) to target_shape ", shape_str(target_), " (", known,
          " values)");
  return with_batch(out, input[0]);
}

Tensor Reshape::forward(const Tensor& x, bool) { return reshape(x, with_batch(target_, x.shape()[0])); }

Json Reshape::get_config() const {
  Json c = Layer::get_config();
  c.set("target_shape", Json(target_));
  return c;
}

Permute::Permute(const Json& config)
    : UnaryLayer(config, "permute"), dims_(config.at("dims").as_int_vector("dims")) {
  std::vector<bool> seen(dims_.size() + 1, false);
  for (auto d : dims_) {
    check(d >= 1 && d <= static_cast<std::int64_t>(dims_.size()) && !seen[d],
          "Permute: dims must be a permutation of 1..", dims_.size(), "; received ",
          shape_str(dims_));
    seen[d] = true;
  }
}

Shape Permute::output_shape(const Shape& input) const {
  check(input.size() == dims_.size() + 1, where(), ": dims ", shape_str(dims_), " expect inputs of rank ",
        dims_.size() + 1, "; received shape ", shape_str(input));
  Shape out{input[0]};
  for (auto d : dims_) out.push_back(input[d]);
  return out;
}

Tensor Permute::forward(const Tensor& x, bool) {
  std::vector<int> perm{0};
  for (auto d : dims_) perm.push_back(static_cast<int>(d));
  return transpose(x, perm);
}

Json Permute::get_config() const {
  Json c = Layer::get_config();
  c.set("dims", Json(dims_));
  return c;
}

RepeatVector::RepeatVector(const Json& config)
    : UnaryLayer(config, "repeat_vector"), n_(config.at("n").as_int("n")) {
  check(n_ > 0, "RepeatVector: n must be a positive integer; received n=", n_);
}

Shape RepeatVector::output_shape(const Shape& input) const {
  check(input.size() == 2, where(), ": expected an input of rank 2 (batch, features); received ",
        shape_str(input));
  return {input[0], n_, input[1]};
}

Tensor RepeatVector::forward(const Tensor& x, bool) {
  return broadcast_to(expand_dims(x, 1), {x.shape()[0], n_, x.shape()[1]});
}

Json RepeatVector::get_config() const {
  Json c = Layer::get_config();
  c.set("n", n_);
  return c;
}

}  // namespace pydeep::layers
