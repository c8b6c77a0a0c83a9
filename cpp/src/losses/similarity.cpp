// CosineSimilarity as keras/src/losses/losses.py computes it (with
// keras.ops.normalize's order-2 formula).
#include "pydeep/losses/similarity.h"

#include "pydeep/autograd/functions.h"

namespace pydeep::losses {
namespace {

Tensor l2_normalize(const Tensor& x, int axis) {
  const Tensor inv_norm = rsqrt(sum(square(x), {axis}, true));
  return multiply(x, minimum(inv_norm, Tensor::scalar(1.0 / kEpsilon)));
}

}  // namespace

CosineSimilarity::CosineSimilarity(const Json& config) : Loss(config, "cosine_similarity") {
  check_config_keys(config, {"axis"});
  axis_ = config.get("axis", Json(-1)).as_int("CosineSimilarity: `axis`");
}

Tensor CosineSimilarity::call(const Tensor& y_true, const Tensor& y_pred) const {
  const auto [yt, yp] = prepare(y_true, y_pred);
  check_shapes(yt, yp);
  // Each side is normalised along `axis` of its own rank, as Keras does.
  const Tensor product = multiply(l2_normalize(yt, class_axis(axis_, yt)),
                                  l2_normalize(yp, class_axis(axis_, yp)));
  return negative(sum(product, {class_axis(axis_, product)}));
}

Json CosineSimilarity::get_config() const {
  Json config = Loss::get_config();
  config.set("axis", axis_);
  return config;
}

}  // namespace pydeep::losses
