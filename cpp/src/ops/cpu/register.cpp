#include "ops/cpu/cpu_kernels.h"

namespace pydeep::ops {

namespace cpu {
void register_kernels(KernelTable& t) {
  constexpr auto d = DeviceType::CPU;
  t.unary.set(d, unary);
  t.unary_grad.set(d, unary_grad);
  t.binary.set(d, binary);
  t.reduce.set(d, reduce);
  t.arg_reduce.set(d, arg_reduce);
  t.softmax.set(d, softmax);
  t.softmax_grad.set(d, softmax_grad);
  t.gemm.set(d, select_gemm());
  t.permute.set(d, permute);
  t.broadcast_to.set(d, broadcast_to);
  t.strided_copy.set(d, strided_copy);
  t.strided_store.set(d, strided_store);
  t.take.set(d, take);
  t.take_grad.set(d, take_grad);
  t.one_hot.set(d, one_hot);
  t.where.set(d, where);
  t.cast.set(d, cast);
  t.fill.set(d, fill);
  t.sum_squares.set(d, sum_squares);
  t.sgd_update.set(d, sgd_update);
  t.adam_update.set(d, adam_update);
  t.accumulate_grad.set(d, accumulate_grad);
  t.ema_update.set(d, ema_update);
  t.adamax_update.set(d, adamax_update);
  t.nadam_update.set(d, nadam_update);
  t.rmsprop_update.set(d, rmsprop_update);
  t.adagrad_update.set(d, adagrad_update);
  t.adadelta_update.set(d, adadelta_update);
  t.lion_update.set(d, lion_update);
  t.ftrl_update.set(d, ftrl_update);
  t.adafactor_update.set(d, adafactor_update);
  t.random.set(d, random);
  t.conv.set(d, conv);
  t.conv_grad_input.set(d, conv_grad_input);
  t.conv_grad_kernel.set(d, conv_grad_kernel);
  t.pool.set(d, pool);
  t.pool_grad.set(d, pool_grad);
  t.rnn_forward.set(d, rnn_forward);
  t.rnn_backward.set(d, rnn_backward);
  t.embedding_grad.set(d, embedding_grad);
  t.attention_forward.set(d, attention_forward);
  t.attention_backward.set(d, attention_backward);
}
}  // namespace cpu

}  // namespace pydeep::ops
