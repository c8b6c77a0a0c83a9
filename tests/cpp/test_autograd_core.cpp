// The core used from C++ alone: ops, autograd and errors, no Python.
#include <cmath>
#include <cstdio>
#include <vector>

#include "pydeep/autograd/engine.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/autograd/variable.h"

namespace {

int failures = 0;

void expect_near(double got, double want, const char* what) {
  if (std::fabs(got - want) > 1e-4 * (1 + std::fabs(want))) {
    std::printf("FAIL %s: got %g, want %g\n", what, got, want);
    ++failures;
  }
}

}  // namespace

int main() {
  using namespace pydeep;
  // loss = mean((x @ w + b - y)^2) for a 2x2 problem, gradients by hand.
  Variable w(Tensor::from_vector({1.f, 2.f}, {2, 1}), true, "w");
  Variable b(Tensor::from_vector({0.5f}, {1}), true, "b");
  Tensor x = Tensor::from_vector({1.f, 2.f, 3.f, 4.f}, {2, 2});
  Tensor y = Tensor::from_vector({1.f, 0.f}, {2, 1});
  Tensor r = subtract(add(matmul(x, w), b), y);  // [5.5-1, 11.5-0] = [4.5, 11.5]
  Tensor loss = mean(square(r));
  expect_near(loss.item(), (4.5 * 4.5 + 11.5 * 11.5) / 2, "loss");
  std::vector<Tensor> g = autograd::gradient({loss}, {}, {w, b});
  // dL/dw = x^T r (2/2) ; dL/db = sum(r)
  expect_near(g[0].data<float>()[0], 1 * 4.5 + 3 * 11.5, "dw0");
  expect_near(g[0].data<float>()[1], 2 * 4.5 + 4 * 11.5, "dw1");
  expect_near(g[1].data<float>()[0], 4.5 + 11.5, "db");

  // Bad shapes throw typed exceptions (never abort).
  bool threw = false;
  try {
    matmul(x, Tensor::zeros({3, 1}));
  } catch (const ValueError&) {
    threw = true;
  }
  if (!threw) {
    std::printf("FAIL matmul shape mismatch did not throw ValueError\n");
    ++failures;
  }
  std::printf(failures ? "%d failure(s)\n" : "ok\n", failures);
  return failures ? 1 : 0;
}
