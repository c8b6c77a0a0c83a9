#pragma once
// The CPU backend's kernels (one file per family in this folder); the
// signatures are those of the slots in pydeep/ops/kernels.h, which documents
// each contract. register.cpp puts them into the kernel table.
#include "pydeep/ops/kernels.h"

namespace pydeep::ops::cpu {

// Elementwise work below this many elements per thread stays on one thread.
constexpr std::int64_t kElementwiseGrain = 32768;

void unary(UnaryOp op, const Tensor& x, Tensor& out, float a, float b);
void unary_grad(UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& gy, Tensor& gx,
                float a, float b);
// The same on raw float spans of n elements (y may be null for the ops
// that do not read it), for kernels that apply an activation to part of a
// buffer (the recurrent gates).
void unary_span(UnaryOp op, const float* x, float* y, std::int64_t n, float a, float b);
void unary_grad_span(UnaryOp op, const float* x, const float* y, const float* gy, float* gx,
                     std::int64_t n, float a, float b);
void binary(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& out);
void reduce(ReduceOp op, const Tensor& x, Tensor& out, std::int64_t outer, std::int64_t n,
            std::int64_t inner);
void arg_reduce(bool is_max, const Tensor& x, Tensor& out, std::int64_t outer, std::int64_t n,
                std::int64_t inner);
void softmax(bool log, const Tensor& x, Tensor& out, std::int64_t outer, std::int64_t n,
             std::int64_t inner);
void softmax_grad(bool log, const Tensor& y, const Tensor& gy, Tensor& gx, std::int64_t outer,
                  std::int64_t n, std::int64_t inner);
void permute(const Tensor& x, const std::vector<int>& perm, Tensor& out);
void broadcast_to(const Tensor& x, Tensor& out);
void strided_copy(const Tensor& x, const Shape& start, const Shape& step, Tensor& out);
void strided_store(const Tensor& x, const Shape& start, const Shape& step, Tensor& out);
void take(const Tensor& x, const Tensor& indices, int axis, Tensor& out);
void take_grad(const Tensor& g, const Tensor& indices, int axis, Tensor& out);
void one_hot(const Tensor& indices, std::int64_t num_classes, Tensor& out);
void where(const Tensor& cond, const Tensor& x, const Tensor& y, Tensor& out);
void cast(const Tensor& x, Tensor& out);
void fill(Tensor& out, double value);
// optimizer_updates.cpp
double sum_squares(const Tensor& x);
void sgd_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m, float lr,
                float momentum, bool nesterov);
void adam_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m, Tensor& v,
                 Tensor& vhat, float alpha, float one_minus_beta_1, float one_minus_beta_2,
                 float epsilon);
void accumulate_grad(const Tensor& grad, Tensor& acc, float divisor);
void ema_update(const Tensor& var, Tensor& average, float momentum, float one_minus_momentum);
// adam_variant_updates.cpp, rms_updates.cpp, lion_ftrl_updates.cpp, adafactor_update.cpp
void adamax_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m, Tensor& u,
                   const AdamaxFactors& f);
void nadam_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m, Tensor& v,
                  const NadamFactors& f);
void rmsprop_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& v,
                    Tensor& mom, Tensor& avg, const RmspropFactors& f);
void adagrad_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& acc,
                    float lr, float epsilon);
void adadelta_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& ag,
                     Tensor& ad, float lr, float rho, float one_minus_rho, float epsilon);
void lion_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& m,
                 const LionFactors& f);
void ftrl_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& n,
                 Tensor& linear, const FtrlFactors& f);
void adafactor_update(const UpdatePrologue& p, const Tensor& grad, Tensor& var, Tensor& r,
                      Tensor& c, Tensor& v, const AdafactorFactors& f);

// random.cpp
void random(RandomDistribution dist, Tensor& out, float a, float b, std::uint64_t seed);

// conv.cpp, conv_grouped.cpp, pool.cpp
void conv(const ConvGeometry& g, const Tensor& x, const Tensor& kernel, Tensor& out);
void conv_grad_input(const ConvGeometry& g, const Tensor& gy, const Tensor& kernel, Tensor& gx);
void conv_grad_kernel(const ConvGeometry& g, const Tensor& x, const Tensor& gy, Tensor& gkernel);
void pool(PoolOp op, const ConvGeometry& g, const Tensor& x, Tensor& out);
void pool_grad(PoolOp op, const ConvGeometry& g, const Tensor& x, const Tensor& gy, Tensor& gx);
// rnn_forward.cpp, rnn_backward.cpp, embedding_grad.cpp
void rnn_forward(const RnnDesc& d, RnnBuffers& b);
void rnn_backward(const RnnDesc& d, const RnnBuffers& b, const Tensor& dout, RnnGrads& g);
void embedding_grad(const Tensor& g, const Tensor& indices, const Tensor& stale, Tensor& out);
// attention.cpp
void attention_forward(const AttentionDesc& d, const Tensor& q, const Tensor& k, const Tensor& v,
                       const Tensor& mask, const Tensor& drop, Tensor& probs, Tensor& dropped,
                       Tensor& out);
void attention_backward(const AttentionDesc& d, const Tensor& q, const Tensor& k,
                        const Tensor& v, const Tensor& drop, const Tensor& probs,
                        const Tensor& dropped, const Tensor& dout, Tensor& ds, Tensor& dq,
                        Tensor& dk, Tensor& dv);

// The GEMM compiled for the best instruction set this CPU supports
// (dispatched/gemm.cpp is built once per instruction set), and its name.
GemmFn select_gemm();
const char* selected_isa();

}  // namespace pydeep::ops::cpu
