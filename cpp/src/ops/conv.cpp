#include "pydeep/ops/conv.h"

#include <algorithm>

#include "pydeep/ops/elementwise.h"

namespace pydeep::ops {
namespace {

int spatial_rank(const Shape& x, const char* where) {
  const int rank = static_cast<int>(x.size()) - 2;
  check(rank >= 1 && rank <= 3, where, ": expected an input of rank 3 to 5 (batch, spatial..., "
        "channels); received shape ", shape_str(x));
  return rank;
}

void check_sizes(const Shape& v, int rank, std::int64_t min, const char* what, const char* where) {
  check(static_cast<int>(v.size()) == rank, where, ": expected ", rank, " value(s) for `", what,
        "`; received ", shape_str(v));
  for (std::int64_t e : v)
    check(e >= min, where, ": expected `", what, "` values >= ", min, "; received ",
          shape_str(v));
}

// Fills the three-axis form: a rank-r caller's axes are the last r of three.
void put(std::int64_t (&dst)[3], const Shape& v, std::int64_t fill) {
  const int off = 3 - static_cast<int>(v.size());
  for (int d = 0; d < 3; ++d) dst[d] = d < off ? fill : v[d - off];
}

Shape spatial(const std::int64_t (&v)[3], int rank) {
  return Shape(v + 3 - rank, v + 3);
}

ConvGeometry base_geometry(const Shape& x, const Shape& window, const Shape& strides,
                           const Shape& dilation, const Shape& pad_before, const char* where) {
  const int rank = spatial_rank(x, where);
  check_sizes(window, rank, 1, "kernel_size", where);
  check_sizes(strides, rank, 1, "strides", where);
  check_sizes(dilation, rank, 1, "dilation_rate", where);
  check_sizes(pad_before, rank, 0, "padding", where);
  for (int d = 1; d <= rank; ++d)
    check(x[d] >= 0, where, ": the spatial axes of the input must be known; received shape ",
          shape_str(x));
  ConvGeometry g;
  g.rank = rank;
  g.batch = x[0];
  g.cin = x.back();
  put(g.in, Shape(x.begin() + 1, x.end() - 1), 1);
  put(g.k, window, 1);
  put(g.stride, strides, 1);
  put(g.dilation, dilation, 1);
  put(g.pad, pad_before, 0);
  return g;
}

// Output sizes from explicit padding; each must be >= 1.
void set_output(ConvGeometry& g, const Shape& x, const Shape& pad_after, const char* where) {
  check_sizes(pad_after, g.rank, 0, "padding", where);
  std::int64_t after[3];
  put(after, pad_after, 0);
  for (int d = 0; d < 3; ++d) {
    const std::int64_t span = g.dilation[d] * (g.k[d] - 1) + 1;
    const std::int64_t padded = g.in[d] + g.pad[d] + after[d];
    check(padded >= span, where, ": the window (size ", shape_str(spatial(g.k, g.rank)),
          ", dilation ", shape_str(spatial(g.dilation, g.rank)), ") is larger than the ",
          "padded input; received input shape ", shape_str(x), ". Use a smaller kernel or "
          "padding=\"same\".");
    g.out[d] = (padded - span) / g.stride[d] + 1;
  }
}

void check_shape(const Tensor& t, const Shape& want, const char* what, const char* where) {
  check(t.shape() == want, where, ": expected ", what, " of shape ", shape_str(want),
        "; received ", shape_str(t.shape()));
}

}  // namespace

std::pair<Shape, Shape> conv_padding(const std::string& padding, const Shape& in,
                                     const Shape& kernel, const Shape& strides,
                                     const Shape& dilation, const char* where) {
  const std::size_t rank = in.size();
  Shape before(rank, 0), after(rank, 0);
  check(kernel.size() == rank && strides.size() == rank && dilation.size() == rank, where,
        ": kernel_size, strides and dilation_rate need ", rank, " values each");
  if (padding == "valid") return {before, after};
  check(padding == "same" || (padding == "causal" && rank == 1), where,
        ": expected padding \"valid\" or \"same\"", rank == 1 ? " or \"causal\"" : "",
        "; received \"", padding, "\"");
  for (std::size_t d = 0; d < rank; ++d) {
    const std::int64_t span = dilation[d] * (kernel[d] - 1) + 1;
    if (padding == "causal") {
      before[d] = span - 1;
      continue;
    }
    const std::int64_t out = (in[d] + strides[d] - 1) / strides[d];
    const std::int64_t total = std::max<std::int64_t>((out - 1) * strides[d] + span - in[d], 0);
    before[d] = total / 2;
    after[d] = total - before[d];
  }
  return {before, after};
}

ConvGeometry conv_geometry(const Shape& x, const Shape& kernel, const Shape& strides,
                           const Shape& dilation, const Shape& pad_before, const Shape& pad_after,
                           std::int64_t groups, const char* where) {
  const int rank = spatial_rank(x, where);
  check(static_cast<int>(kernel.size()) == rank + 2, where, ": expected a kernel of rank ",
        rank + 2, " (kernel_size..., input_channels / groups, filters) for an input of shape ",
        shape_str(x), "; received kernel shape ", shape_str(kernel));
  check(groups >= 1 && kernel[rank] * groups == x.back(), where, ": the input has ", x.back(),
        " channels (shape ", shape_str(x), ") but the kernel ", shape_str(kernel), " expects ",
        kernel[rank] * groups, " (", kernel[rank], " per group x ", groups, " group(s))");
  check(kernel[rank + 1] >= 1 && kernel[rank + 1] % groups == 0, where, ": the kernel's ",
        kernel[rank + 1], " output channels do not split into ", groups, " groups");
  ConvGeometry g = base_geometry(x, Shape(kernel.begin(), kernel.begin() + rank), strides,
                                 dilation, pad_before, where);
  g.cout = kernel[rank + 1];
  g.groups = groups;
  set_output(g, x, pad_after, where);
  return g;
}

ConvGeometry conv_transpose_geometry(const Shape& x, const Shape& kernel, const Shape& strides,
                                     const std::string& padding, const Shape& output_padding,
                                     const Shape& dilation, const char* where) {
  const int rank = spatial_rank(x, where);
  check(static_cast<int>(kernel.size()) == rank + 2 && kernel[rank + 1] == x.back(), where,
        ": expected a kernel (kernel_size..., filters, ", x.back(), ") for an input of shape ",
        shape_str(x), "; received kernel shape ", shape_str(kernel));
  check(padding == "valid" || padding == "same", where,
        ": expected padding \"valid\" or \"same\"; received \"", padding, "\"");
  check(output_padding.empty() || static_cast<int>(output_padding.size()) == rank, where,
        ": expected ", rank, " value(s) for `output_padding`; received ",
        shape_str(output_padding));
  check_sizes(strides, rank, 1, "strides", where);
  check_sizes(dilation, rank, 1, "dilation_rate", where);
  // Keras's rule (as its JAX backend states it): the result is the stride-
  // dilated input padded by `left` and `right` and correlated with the flipped
  // kernel; as a convolution's input gradient that is padding span - 1 - left.
  Shape full(rank + 2), before(rank);
  full[0] = x[0];
  full[rank + 1] = kernel[rank];
  for (int d = 0; d < rank; ++d) {
    const std::int64_t span = dilation[d] * (kernel[d] - 1) + 1, s = strides[d];
    const bool has_op = !output_padding.empty();
    const std::int64_t op = has_op ? output_padding[d] : 0;
    check(op >= 0 && (!has_op || op < std::max(s, dilation[d])), where,
          ": `output_padding` must be >= 0 and smaller than the stride or dilation; received ",
          shape_str(output_padding));
    std::int64_t left, right;
    if (padding == "valid") {
      left = span - 1;
      right = span - 1 + (has_op ? op : std::max(span, s) - span);
    } else {
      const std::int64_t len = has_op ? span + span % 2 - 2 + op : s + span - 2;
      left = std::min(len / 2 + len % 2, span - 1);
      right = len - left;
    }
    full[d + 1] = (x[d + 1] - 1) * s + 1 + left + right - span + 1;
    check(full[d + 1] >= 1, where, ": the output would be empty for input shape ",
          shape_str(x));
    before[d] = span - 1 - left;
  }
  ConvGeometry g = base_geometry(full, Shape(kernel.begin(), kernel.begin() + rank), strides,
                                 dilation, before, where);
  g.cout = x.back();
  put(g.out, Shape(x.begin() + 1, x.end() - 1), 1);
  return g;
}

ConvGeometry pool_geometry(const Shape& x, const Shape& pool, const Shape& strides,
                           const Shape& pad_before, const Shape& pad_after, const char* where) {
  const int rank = spatial_rank(x, where);
  ConvGeometry g = base_geometry(x, pool, strides, Shape(rank, 1), pad_before, where);
  g.cout = g.cin;
  set_output(g, x, pad_after, where);
  return g;
}

Shape conv_input_shape(const ConvGeometry& g) {
  Shape s = spatial(g.in, g.rank);
  s.insert(s.begin(), g.batch);
  s.push_back(g.cin);
  return s;
}

Shape conv_output_shape(const ConvGeometry& g) {
  Shape s = spatial(g.out, g.rank);
  s.insert(s.begin(), g.batch);
  s.push_back(g.cout);
  return s;
}

Shape conv_kernel_shape(const ConvGeometry& g) {
  Shape s = spatial(g.k, g.rank);
  s.push_back(g.cin / g.groups);
  s.push_back(g.cout);
  return s;
}

Tensor conv(const Tensor& x_in, const Tensor& kernel_in, const ConvGeometry& g) {
  const Tensor x = cast(x_in, DType::Float32), kernel = cast(kernel_in, DType::Float32);
  check_shape(x, conv_input_shape(g), "an input", "conv");
  check_shape(kernel, conv_kernel_shape(g), "a kernel", "conv");
  Tensor out = Tensor::empty(conv_output_shape(g), DType::Float32, x.device());
  if (out.numel() == 0) return out;
  kernels().conv.get(x.device().type)(g, x, kernel, out);
  return out;
}

Tensor conv_grad_input(const Tensor& gy_in, const Tensor& kernel_in, const ConvGeometry& g) {
  const Tensor gy = cast(gy_in, DType::Float32), kernel = cast(kernel_in, DType::Float32);
  check_shape(gy, conv_output_shape(g), "a gradient", "conv_grad_input");
  check_shape(kernel, conv_kernel_shape(g), "a kernel", "conv_grad_input");
  Tensor gx = Tensor::empty(conv_input_shape(g), DType::Float32, gy.device());
  if (gx.numel() == 0) return gx;
  if (gy.numel() == 0) {
    kernels().fill.get(gy.device().type)(gx, 0.0);
    return gx;
  }
  kernels().conv_grad_input.get(gy.device().type)(g, gy, kernel, gx);
  return gx;
}

Tensor conv_grad_kernel(const Tensor& x_in, const Tensor& gy_in, const ConvGeometry& g) {
  const Tensor x = cast(x_in, DType::Float32), gy = cast(gy_in, DType::Float32);
  check_shape(x, conv_input_shape(g), "an input", "conv_grad_kernel");
  check_shape(gy, conv_output_shape(g), "a gradient", "conv_grad_kernel");
  Tensor gk = Tensor::empty(conv_kernel_shape(g), DType::Float32, x.device());
  if (gy.numel() == 0 || x.numel() == 0) {
    kernels().fill.get(x.device().type)(gk, 0.0);
    return gk;
  }
  kernels().conv_grad_kernel.get(x.device().type)(g, x, gy, gk);
  return gk;
}

Tensor pool(PoolOp op, const Tensor& x_in, const ConvGeometry& g) {
  const Tensor x = cast(x_in, DType::Float32);
  check_shape(x, conv_input_shape(g), "an input", "pool");
  Tensor out = Tensor::empty(conv_output_shape(g), DType::Float32, x.device());
  if (out.numel() == 0) return out;
  kernels().pool.get(x.device().type)(op, g, x, out);
  return out;
}

Tensor pool_grad(PoolOp op, const Tensor& x_in, const Tensor& gy_in, const ConvGeometry& g) {
  const Tensor x = cast(x_in, DType::Float32), gy = cast(gy_in, DType::Float32);
  check_shape(x, conv_input_shape(g), "an input", "pool_grad");
  check_shape(gy, conv_output_shape(g), "a gradient", "pool_grad");
  Tensor gx = Tensor::empty(conv_input_shape(g), DType::Float32, x.device());
  if (gx.numel() == 0) return gx;
  if (gy.numel() == 0) {
    kernels().fill.get(x.device().type)(gx, 0.0);
    return gx;
  }
  kernels().pool_grad.get(x.device().type)(op, g, x, gy, gx);
  return gx;
}

}  // namespace pydeep::ops
