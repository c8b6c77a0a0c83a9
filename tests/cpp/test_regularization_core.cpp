// Regularizers and constraints from C++ alone: a Dense layer's penalties in
// losses(), and a constraint applied by Optimizer::apply_gradients.
#include <cmath>
#include <cstdio>

#include "pydeep/autograd/engine.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/layers/layer.h"
#include "pydeep/optim/optimizer.h"

namespace {

int failures = 0;

void expect_near(double got, double want, const char* what) {
  if (std::fabs(got - want) > 1e-5 * (1 + std::fabs(want))) {
    std::printf("FAIL %s: got %g, want %g\n", what, got, want);
    ++failures;
  }
}

}  // namespace

int main() {
  using namespace pydeep;
  const Json config = Json::object({
      {"units", 2},
      {"kernel_initializer", "ones"},
      {"kernel_regularizer", Json::object({{"class_name", "L2"},
                                           {"config", Json::object({{"l2", 0.5}})}})},
      {"activity_regularizer", "l1"},
      {"kernel_constraint", "non_neg"}});
  auto dense = layers::make_layer("Dense", config);
  const Tensor x = Tensor::from_vector({1.f, 2.f, 3.f, -1.f, 0.f, 1.f}, {2, 3});
  const std::vector<Tensor> y = (*dense)({x}, false);  // rows: [6, 6] and [0, 0]
  const std::vector<Tensor> losses = dense->losses();
  if (losses.size() != 2) {
    std::printf("FAIL: expected 2 losses, got %zu\n", losses.size());
    return 1;
  }
  expect_near(losses[0].item(), 0.01 * 12.0 / 2.0, "activity penalty / batch");
  expect_near(losses[1].item(), 0.5 * 6.0, "kernel L2 penalty");

  // One SGD step with a gradient that drives every kernel entry to -1: NonNeg clips to 0.
  auto sgd = optim::make_optimizer("sgd", Json::object({{"learning_rate", 1.0}}));
  const std::vector<Variable> vars = dense->trainable_weights();
  sgd->apply_gradients({Tensor::full({3, 2}, 2.0), Tensor()}, vars);
  const float* k = vars[0].data<float>();
  for (int i = 0; i < 6; ++i) expect_near(k[i], 0.0, "constrained kernel");
  if (!vars[0].has_constraint() || vars[1].has_constraint()) {
    std::printf("FAIL: constraint hooks on the wrong variables\n");
    ++failures;
  }
  if (failures == 0) std::printf("all regularization checks passed\n");
  return failures == 0 ? 0 : 1;
}
