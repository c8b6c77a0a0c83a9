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
// Gradient accumulation (every optimizer): acc = (grad + acc) / divisor,
// float32 of one numel (divisor 1 between updates, n on an update).
using AccumulateGradFn = void (*)(const Tensor& grad, Tensor& acc, float divisor);
// Moving average of a variable (use_ema): average = momentum * average +
// one_minus_momentum * var.
using EmaUpdateFn = void (*)(const Tensor& var, Tensor& average, float momentum,
                             float one_minus_momentum);
// The rules below follow Keras 3 (keras/src/optimizers/<name>.py) on
// float32 grad, var and slots of one numel, updated in place after the
// prologue; "g" is the prepared gradient. The caller computes the scalar
// factors in double (as Keras's Python does) and rounds them once.
// Adamax: m += (g - m) * one_minus_beta_1; u = max(beta_2 * u, |g|);
// var -= lr * m / (bias_correction * (u + epsilon)), bias_correction = 1 - beta_1^t.
struct AdamaxFactors {
  float lr, one_minus_beta_1, beta_2, epsilon, bias_correction;
};
using AdamaxUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var,
                                Tensor& m, Tensor& u, const AdamaxFactors& f);
// Nadam: m += (g - m) * one_minus_beta_1; v += (g^2 - v) * one_minus_beta_2;
// m_hat = next_momentum * m / next_correction + gradient_weight * g / correction;
// var -= m_hat * lr / (sqrt(v / velocity_correction) + epsilon).
struct NadamFactors {
  float lr, one_minus_beta_1, one_minus_beta_2, epsilon;
  float next_momentum, next_correction, gradient_weight, correction, velocity_correction;
};
using NadamUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var,
                               Tensor& m, Tensor& v, const NadamFactors& f);
// RMSprop: v = rho * v + one_minus_rho * g^2; centered (avg defined):
// avg = rho * avg + one_minus_rho * g and d = v + epsilon - avg^2, else
// d = v + epsilon; inc = g * lr / sqrt(d); with mom defined
// mom = momentum * mom + inc, var -= mom; else var -= inc.
struct RmspropFactors {
  float lr, rho, one_minus_rho, momentum, epsilon;
};
using RmspropUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var,
                                 Tensor& v, Tensor& mom, Tensor& avg, const RmspropFactors& f);
// Adagrad: acc += g^2; var -= g * lr / sqrt(acc + epsilon).
using AdagradUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var,
                                 Tensor& acc, float lr, float epsilon);
// Adadelta: ag = rho * ag + one_minus_rho * g^2;
// delta = -(sqrt(ad + epsilon) * g / sqrt(ag + epsilon));
// ad = rho * ad + one_minus_rho * delta^2; var += lr * delta.
using AdadeltaUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var,
                                  Tensor& ag, Tensor& ad, float lr, float rho, float one_minus_rho,
                                  float epsilon);
// Lion: var -= lr * sign(m * beta_1 + g * one_minus_beta_1);
// then m = m * beta_2 + g * one_minus_beta_2.
struct LionFactors {
  float lr, beta_1, one_minus_beta_1, beta_2, one_minus_beta_2;
};
using LionUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var,
                              Tensor& m, const LionFactors& f);
// Ftrl, with P = -lr_power and n' = n + g^2:
// linear += g + 2 * l2_shrinkage * var - (n'^P - n^P) / lr * var;
// var = (clip(linear, -l1, l1) - linear) / (n'^P / lr + 2 * l2); n = n'.
// (l2 already includes beta / (2 lr).)
struct FtrlFactors {
  float lr, lr_power, l1, l2, l2_shrinkage;
};
using FtrlUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var,
                              Tensor& n, Tensor& linear, const FtrlFactors& f);
// Adafactor at step t, for var of shape (..., R, C) with rank >= 2 (r: (..., R)
// and c: (..., C) defined) or rank < 2 (r, c undefined): with G = g^2 + epsilon_1,
// rank >= 2: r = beta_2_t r + (1 - beta_2_t) mean_C(G); c likewise with mean_R(G);
//            v = r / mean_R(r) (outer) c;   rank < 2: v = beta_2_t v + (1 - beta_2_t) G;
// u = g / sqrt(v); alpha = max(epsilon_2, rms(var)) * rho_t (var after weight decay);
// var -= alpha * u / max(1, rms(u) / clip_threshold). One call, several
// passes over the variable (the means are reductions).
struct AdafactorFactors {
  float rho_t, beta_2_t, epsilon_1, epsilon_2, clip_threshold;
};
using AdafactorUpdateFn = void (*)(const UpdatePrologue& p, const Tensor& grad, Tensor& var,
                                   Tensor& r, Tensor& c, Tensor& v, const AdafactorFactors& f);

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

// --- sequence layers (ops/recurrent.h, ops/attention.h document the math) ---
// An activation inside a fused kernel: identity, or a UnaryOp with its a, b.
struct FusedActivation {
  bool identity = true;
  UnaryOp op = UnaryOp::Tanh;
  float a = 0.f, b = 0.f;
};
// SimpleRNN (1 gate), LSTM (4: i, f, c, o), GRU (3: z, r, h) with the reset
// gate applied after (Keras's reset_after=True) or before the recurrent GEMM.
enum class RnnCell { Simple, Lstm, GruResetAfter, GruResetBefore };
// Sizes and options of one recurrence. Processing step s reads time
// t = go_backwards ? T-1-s : s; outputs are in processing order (Keras).
struct RnnDesc {
  RnnCell cell = RnnCell::Lstm;
  std::int64_t batch = 0, time = 0, units = 0, gates = 1;
  FusedActivation activation, recurrent_activation;
  bool go_backwards = false;
  bool return_sequences = false;
  bool zero_output_for_mask = false;
  int state_outputs = 0;  // final states appended to the packed output (0, 1 or 2)
};
// The tensors of one recurrence (all float32 and contiguous, allocated by the
// op; u = units, G = gates; T, B, s in processing order):
struct RnnBuffers {
  // inputs
  Tensor zx;                // (B, T, G*u) the input projection, input bias included
  Tensor recurrent_kernel;  // (u, G*u)
  Tensor recurrent_bias;    // (G*u) GRU reset_after only, else undefined
  Tensor h0, c0;            // (B, u); c0 for LSTM only
  Tensor mask;              // (B, T) bool, or undefined
  Tensor rec_mask;          // (B, u) recurrent dropout mask, or undefined
  // saved for the backward pass
  Tensor h;     // (T+1, B, u) states; h[0] = h0
  Tensor c;     // (T+1, B, u) LSTM carries; c[0] = c0
  Tensor pre;   // (T, B, G*u) gate pre-activations
  Tensor act;   // (T, B, G*u) gate activations
  Tensor aux;   // (T, B, u) LSTM: activation(c); GRU after: recurrent h part (with its
                // bias); GRU before: r * hd
  Tensor hd;    // (T, B, u) h[s] * rec_mask (when rec_mask is defined)
  Tensor kernel_parts;  // GRU before: (u, 2u) then (u, u) copies of the kernel's blocks
  Tensor scratch;       // (B, G*u)
  // the packed output (B, K, u): K = (return_sequences ? T : 1) outputs, then
  // the final states (h, then c for LSTM) when state_outputs > 0
  Tensor out;
};
// Gradients of one recurrence, given dout (B, K, u). Written (never
// accumulated): dzx (B, T, G*u), drecurrent_kernel (u, G*u), drecurrent_bias
// (G*u, when defined), dh0 (B, u), dc0 (B, u, LSTM). Scratch allocated by the
// op: dm (T, B, G*u: the gradients at the recurrent GEMM's output), five
// (B, u) carries and dparts (u * G*u).
struct RnnGrads {
  Tensor dzx, drecurrent_kernel, drecurrent_bias, dh0, dc0;
  Tensor dm, dh, dc, dh_prev, dc_prev, dout_carry, dparts;
};
using RnnForwardFn = void (*)(const RnnDesc& d, RnnBuffers& b);
using RnnBackwardFn = void (*)(const RnnDesc& d, const RnnBuffers& b, const Tensor& dout,
                               RnnGrads& g);
// Embedding gradient into a reused buffer: rows `stale` (int64, the rows the
// buffer's previous use touched; may be undefined) of `out` are zeroed, then
// the rows of g (n, d) are added to out's rows at `indices` (n,) in order.
// out is (input_dim, d); indices already range-checked.
using EmbeddingGradFn = void (*)(const Tensor& g, const Tensor& indices, const Tensor& stale,
                                 Tensor& out);

// Fused attention: out = dropout(softmax(scale * q k^T - 1e9 * !mask)) v per
// (batch, head); q (B, H, Tq, Dk), k (B, H, Tk, Dk), v (B, H, Tk, Dv), mask
// (B, Tq, Tk) bool shared by the heads (or undefined), causal adds
// j <= i. probs (B, H, Tq, Tk) receives the softmax (before dropout);
// dropped (same shape, only with a dropout mask drop (B, H, Tq, Tk)) probs * drop.
struct AttentionDesc {
  std::int64_t batch = 0, heads = 0, tq = 0, tk = 0, dk = 0, dv = 0;
  float scale = 1.f;
  bool causal = false;
};
using AttentionForwardFn = void (*)(const AttentionDesc& d, const Tensor& q, const Tensor& k,
                                    const Tensor& v, const Tensor& mask, const Tensor& drop,
                                    Tensor& probs, Tensor& dropped, Tensor& out);
// Gradients given dout (B, H, Tq, Dv); ds (B, H, Tq, Tk) is scratch. Writes dq, dk, dv.
using AttentionBackwardFn = void (*)(const AttentionDesc& d, const Tensor& q, const Tensor& k,
                                     const Tensor& v, const Tensor& drop, const Tensor& probs,
                                     const Tensor& dropped, const Tensor& dout, Tensor& ds,
                                     Tensor& dq, Tensor& dk, Tensor& dv);

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
  KernelSlot<AccumulateGradFn> accumulate_grad{"accumulate_grad"};
  KernelSlot<EmaUpdateFn> ema_update{"ema_update"};
  KernelSlot<AdamaxUpdateFn> adamax_update{"adamax_update"};
  KernelSlot<NadamUpdateFn> nadam_update{"nadam_update"};
  KernelSlot<RmspropUpdateFn> rmsprop_update{"rmsprop_update"};
  KernelSlot<AdagradUpdateFn> adagrad_update{"adagrad_update"};
  KernelSlot<AdadeltaUpdateFn> adadelta_update{"adadelta_update"};
  KernelSlot<LionUpdateFn> lion_update{"lion_update"};
  KernelSlot<FtrlUpdateFn> ftrl_update{"ftrl_update"};
  KernelSlot<AdafactorUpdateFn> adafactor_update{"adafactor_update"};
  KernelSlot<RandomFn> random{"random"};
  KernelSlot<ConvFn> conv{"conv"};
  KernelSlot<ConvGradInputFn> conv_grad_input{"conv_grad_input"};
  KernelSlot<ConvGradKernelFn> conv_grad_kernel{"conv_grad_kernel"};
  KernelSlot<PoolFn> pool{"pool"};
  KernelSlot<PoolGradFn> pool_grad{"pool_grad"};
  KernelSlot<RnnForwardFn> rnn_forward{"rnn_forward"};
  KernelSlot<RnnBackwardFn> rnn_backward{"rnn_backward"};
  KernelSlot<EmbeddingGradFn> embedding_grad{"embedding_grad"};
  KernelSlot<AttentionForwardFn> attention_forward{"attention_forward"};
  KernelSlot<AttentionBackwardFn> attention_backward{"attention_backward"};
};

// The table, filled by every compiled-in backend on first use.
const KernelTable& kernels();
// The instruction set the CPU's hot kernels run with ("x86-64-v3", "baseline").
const char* cpu_kernel_isa();

}  // namespace pydeep::ops
