#pragma once
// The kernel table: every device-specific function of the library, declared
// once. Ops (the device-agnostic front ends in this folder) validate shapes,
// allocate outputs and call through these slots; backends only fill them
// (src/ops/cpu/register.cpp, cuda/register.cu). Kernels receive validated,
// contiguous tensors of the documented dtypes and never allocate outputs.
#include <cstdint>
#include <limits>
#include <vector>

#include "pydeep/core/tensor.h"
#include "pydeep/ops/kernel_slot.h"

namespace pydeep::ops {

// Float32 elementwise functions; `a`, `b` are op parameters (see ops/elementwise.h).
enum class UnaryOp {
  Neg, Abs, Sign, Square, Sqrt, Rsqrt, Reciprocal, Exp, Log, Log1p, Expm1, Sin, Cos,
  Relu, Relu6, LeakyRelu, Elu, Selu, Gelu, GeluTanh, Sigmoid, HardSigmoid, Tanh, Softplus,
  Softsign, Silu, Clip, PowScalar
};
// Broadcasting binary functions. Arithmetic ones produce the input dtype;
// comparisons and logical ones produce bool.
enum class BinaryOp {
  Add, Sub, Mul, Div, Pow, Maximum, Minimum,
  Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, LogicalAnd, LogicalOr
};
enum class ReduceOp { Sum, Mean, Max, Min, Prod };

// out = op(x; a, b). x, out: float32, same shape; out may alias x.
using UnaryFn = void (*)(UnaryOp op, const Tensor& x, Tensor& out, float a, float b);
// gx = gy * d op(x)/dx, given x and the forward result y (needed by e.g. Exp,
// Sigmoid, Tanh, Sqrt: those throw ValueError when y is undefined).
using UnaryGradFn = void (*)(UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& gy,
                             Tensor& gx, float a, float b);
// out = a op b with numpy broadcasting; a and b have the same dtype,
// out.shape() is their broadcast shape; out may alias an operand of that shape.
// Integers: + - * wrap; Div floors (0 for a zero divisor); Pow with a negative
// exponent is 0 unless the base is +-1.
using BinaryFn = void (*)(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& out);
// x viewed as (outer, n, inner) reduced over n into out (outer, inner).
// Max/Min propagate NaN; an empty reduction (n == 0) gives Sum 0, Prod 1,
// Mean NaN (the front end rejects empty Max/Min).
using ReduceFn = void (*)(ReduceOp op, const Tensor& x, Tensor& out, std::int64_t outer,
                          std::int64_t n, std::int64_t inner);
// Index (int64) of the max/min over n; first occurrence wins and a NaN
// counts as the extreme (numpy's rule).
using ArgReduceFn = void (*)(bool is_max, const Tensor& x, Tensor& out, std::int64_t outer,
                             std::int64_t n, std::int64_t inner);
// (log_)softmax over n of x viewed as (outer, n, inner); out may alias x.
using SoftmaxFn = void (*)(bool log, const Tensor& x, Tensor& out, std::int64_t outer,
                           std::int64_t n, std::int64_t inner);
// gx from the forward result y and gy; gx may alias gy.
using SoftmaxGradFn = void (*)(bool log, const Tensor& y, const Tensor& gy, Tensor& gx,
                               std::int64_t outer, std::int64_t n, std::int64_t inner);
// C[i] = A[i]' * B[i] + beta * C[i] for i < batch, row-major float32, where '
// is an optional transpose; strides are in elements (0 repeats a matrix).
using GemmFn = void (*)(bool trans_a, bool trans_b, std::int64_t batch, std::int64_t m,
                        std::int64_t n, std::int64_t k, const float* a, std::int64_t stride_a,
                        const float* b, std::int64_t stride_b, float beta, float* c,
                        std::int64_t stride_c);
// out = x with axes permuted (out.shape()[i] == x.shape()[perm[i]]); any dtype.
using PermuteFn = void (*)(const Tensor& x, const std::vector<int>& perm, Tensor& out);
// out = x repeated along its size-1 (or missing leading) axes; any dtype.
using BroadcastToFn = void (*)(const Tensor& x, Tensor& out);
// out[i] = x[start + i * step] per axis (steps >= 1); any dtype.
using StridedCopyFn = void (*)(const Tensor& x, const Shape& start, const Shape& step,
                               Tensor& out);
// out[start + i * step] = x[i] per axis, the inverse of StridedCopyFn; any
// dtype. Writes only that window: the caller initialises the rest of out.
using StridedStoreFn = void (*)(const Tensor& x, const Shape& start, const Shape& step,
                                Tensor& out);
// out = x gathered along `axis` at int64 `indices` (already range-checked).
using TakeFn = void (*)(const Tensor& x, const Tensor& indices, int axis, Tensor& out);
// out (zeroed by the caller) += g scattered along `axis` at `indices`;
// float32. Repeated indices add up in index order, whatever the thread count.
using TakeGradFn = void (*)(const Tensor& g, const Tensor& indices, int axis, Tensor& out);
// out (float32) = one-hot of int64 `indices` along a new last axis; -1 or
// out-of-range indices give a zero row.
using OneHotFn = void (*)(const Tensor& indices, std::int64_t num_classes, Tensor& out);
// out = cond ? x : y; all of out's shape, cond bool, x/y/out one dtype.
using WhereFn = void (*)(const Tensor& cond, const Tensor& x, const Tensor& y, Tensor& out);
// out = x converted to out.dtype(): float -> int truncates toward zero (NaN
// and out-of-range values give INT_MIN), narrowing int conversions wrap.
using CastFn = void (*)(const Tensor& x, Tensor& out);
// Every element of out set to value.
using FillFn = void (*)(Tensor& out, double value);

// --- optimizer updates (optim/): each is one fused pass over a variable ---
// What every update kernel does first, per element, in Keras's order: the
// gradient is clipped, g = clip(g * grad_scale, -clip_value, clip_value)
// (grad_scale from clipnorm / global_clipnorm, else 1; clip_value +inf when
// off; NaN passes through), then decoupled weight decay, var -= var * decay
// (decay = weight_decay * learning_rate, 0 when off).
struct UpdatePrologue {
  float grad_scale = 1.f;
  float clip_value = std::numeric_limits<float>::infinity();
  float decay = 0.f;
};
// Sum of the squares of a float32 tensor, accumulated in double (norms for
// gradient clipping).
using SumSquaresFn = double (*)(const Tensor& x);
// Keras 3 SGD on float32 grad, var, m of one numel; var and m updated in
// place. m = momentum * m - lr * g; then var += momentum * m - lr * g
// (nesterov) or var += m. With momentum == 0, m is undefined (not read)
// and var -= lr * g. grad may alias var exactly.
using SgdUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m,
                             float lr, float momentum, bool nesterov);
// Keras 3 Adam on float32 grad, var, m, v (and vhat) of one numel, updated in
// place: m += (g - m) * (1 - beta_1); v += (g^2 - v) * (1 - beta_2); with
// amsgrad (vhat defined) vhat = max(vhat, v) is used in place of v; then
// var -= alpha * m / (sqrt(v) + epsilon). The caller computes, in double,
// 1 - beta_1, 1 - beta_2 and alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
// (step t), so that they round once to float32, as Keras's do.
using AdamUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m,
                              Tensor& v, Tensor& vhat, float alpha, float one_minus_beta_1,
                              float one_minus_beta_2, float epsilon);

// --- random numbers (generator: pydeep/core/random.h) ---
enum class RandomDistribution { Uniform, Normal, TruncatedNormal, Bernoulli };
// Fills float32 `out` with independent draws. Element i is a function of
// (dist, seed, i) alone (Philox4x32-10), so the bits do not depend on the
// thread count or the device:
//   Uniform          in [a, b), a <= b (a == b gives a)
//   Normal           mean a, standard deviation b >= 0 (Box-Muller on 24-bit
//                    uniforms, so |value - a| <= 5.8 b)
//   TruncatedNormal  mean a, standard deviation b >= 0, redrawn while not
//                    strictly within 2 b of a (Keras's truncated normal)
//   Bernoulli        0 with probability a in [0, 1] (exactly round(a * 2^32)
//                    / 2^32), else b: a dropout keep-mask
using RandomFn = void (*)(RandomDistribution dist, Tensor& out, float a, float b,
                          std::uint64_t seed);

// --- convolution and pooling (channels_last; ops/conv.h builds the geometry) ---
// Every convolution is seen as 3-D: a 1-D or 2-D one has leading spatial
// sizes of 1. x: (batch, in[0], in[1], in[2], cin); kernel: (k[0], k[1], k[2],
// cin / groups, cout), output channel o belongs to group o / (cout / groups);
// out: (batch, out[0], out[1], out[2], cout). Input position of output i and
// tap j on axis d: i * stride[d] + j * dilation[d] - pad[d]; positions outside
// the input read zeros (padding; pad after the input is implied by out[]).
struct ConvGeometry {
  std::int64_t batch = 1, cin = 1, cout = 1, groups = 1;
  std::int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, k[3] = {1, 1, 1};
  std::int64_t stride[3] = {1, 1, 1}, dilation[3] = {1, 1, 1}, pad[3] = {0, 0, 0};
  int rank = 3;  // spatial axes of the caller's tensors (the last `rank` of the three)
};
// Scratch (im2col buffers) comes from the device's caching allocator, so a
// training loop reuses it from batch to batch.
// out = conv(x, kernel).
using ConvFn = void (*)(const ConvGeometry& g, const Tensor& x, const Tensor& kernel,
                        Tensor& out);
// gx = d conv / dx given gy (gx is overwritten, x's shape).
using ConvGradInputFn = void (*)(const ConvGeometry& g, const Tensor& gy, const Tensor& kernel,
                                 Tensor& gx);
// gkernel = d conv / dkernel given x and gy (overwritten, the kernel's shape).
using ConvGradKernelFn = void (*)(const ConvGeometry& g, const Tensor& x, const Tensor& gy,
                                  Tensor& gkernel);
// Pooling windows use the same geometry with cin == cout and groups unused:
// Max ignores padded positions, Avg divides by the count of in-input positions
// (padding excluded). A window with no in-input position gives 0.
enum class PoolOp { Max, Avg };
using PoolFn = void (*)(PoolOp op, const ConvGeometry& g, const Tensor& x, Tensor& out);
// gx (overwritten) from x and gy; Max sends each window's gradient to its first
// maximum (row-major order within the window).
using PoolGradFn = void (*)(PoolOp op, const ConvGeometry& g, const Tensor& x, const Tensor& gy,
                            Tensor& gx);

struct KernelTable {
  KernelSlot<UnaryFn> unary{"unary"};
  KernelSlot<UnaryGradFn> unary_grad{"unary_grad"};
  KernelSlot<BinaryFn> binary{"binary"};
  KernelSlot<ReduceFn> reduce{"reduce"};
  KernelSlot<ArgReduceFn> arg_reduce{"arg_reduce"};
  KernelSlot<SoftmaxFn> softmax{"softmax"};
  KernelSlot<SoftmaxGradFn> softmax_grad{"softmax_grad"};
  KernelSlot<GemmFn> gemm{"gemm"};
  KernelSlot<PermuteFn> permute{"permute"};
  KernelSlot<BroadcastToFn> broadcast_to{"broadcast_to"};
  KernelSlot<StridedCopyFn> strided_copy{"strided_copy"};
  KernelSlot<StridedStoreFn> strided_store{"strided_store"};
  KernelSlot<TakeFn> take{"take"};
  KernelSlot<TakeGradFn> take_grad{"take_grad"};
  KernelSlot<OneHotFn> one_hot{"one_hot"};
  KernelSlot<WhereFn> where{"where"};
  KernelSlot<CastFn> cast{"cast"};
  KernelSlot<FillFn> fill{"fill"};
  KernelSlot<SumSquaresFn> sum_squares{"sum_squares"};
  KernelSlot<SgdUpdateFn> sgd_update{"sgd_update"};
  KernelSlot<AdamUpdateFn> adam_update{"adam_update"};
  KernelSlot<RandomFn> random{"random"};
  KernelSlot<ConvFn> conv{"conv"};
  KernelSlot<ConvGradInputFn> conv_grad_input{"conv_grad_input"};
  KernelSlot<ConvGradKernelFn> conv_grad_kernel{"conv_grad_kernel"};
  KernelSlot<PoolFn> pool{"pool"};
  KernelSlot<PoolGradFn> pool_grad{"pool_grad"};
};

// The table, filled by every compiled-in backend on first use.
const KernelTable& kernels();
// The instruction set the CPU's hot kernels run with ("x86-64-v3", "baseline").
const char* cpu_kernel_isa();

}  // namespace pydeep::ops
