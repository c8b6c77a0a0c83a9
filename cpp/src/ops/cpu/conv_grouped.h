#pragma once
// Grouped (and depthwise) convolutions: the three kernels of conv.cpp for
// geometries with groups > 1 (contracts in pydeep/ops/kernels.h).
#include "pydeep/ops/kernels.h"

namespace pydeep::ops::cpu {

void conv_grouped_forward(const ConvGeometry& g, const Tensor& x, const Tensor& kernel,
                          Tensor& out);
void conv_grouped_grad_input(const ConvGeometry& g, const Tensor& gy, const Tensor& kernel,
                             Tensor& gx);
void conv_grouped_grad_kernel(const ConvGeometry& g, const Tensor& x, const Tensor& gy,
                              Tensor& gkernel);

}  // namespace pydeep::ops::cpu
