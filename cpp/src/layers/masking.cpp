#include "pydeep/layers/masking.h"

#include "pydeep/autograd/functions.h"

namespace pydeep::layers {

Masking::Masking(const Json& config)
    : UnaryLayer(config, "masking"),
      mask_value_(config.get("mask_value", Json(0.0)).as_double("mask_value")) {}

Shape Masking::output_shape(const Shape& input) const {
  check(input.size() >= 2, where(), ": expected an input of rank >= 2 (batch, time, ...); "
        "received shape ", shape_str(input));
  return input;
}

Tensor Masking::keep(const Tensor& x) const {
  const Tensor differs = not_equal(x, Tensor::scalar(mask_value_, x.dtype()));
  return max(cast(differs, DType::Float32), {-1}, true);
}

Tensor Masking::forward(const Tensor& x, bool) {
  const Tensor xf = cast(x, DType::Float32);
  return multiply(xf, keep(xf).detach());
}

std::vector<Tensor> Masking::compute_mask(const std::vector<Tensor>& inputs,
                                          const std::vector<Tensor>&) const {
  const Tensor x = cast(inputs[0], DType::Float32);
  return {greater(squeeze(keep(x).detach(), {-1}), Tensor::scalar(0.0))};
}

Json Masking::get_config() const {
  Json c = Layer::get_config();
  c.set("mask_value", mask_value_);
  return c;
}

}  // namespace pydeep::layers
