#include "pydeep/ops/recurrent.h"

#include "pydeep/ops/elementwise.h"

namespace pydeep::ops {
namespace {

void expect_shape(const Tensor& t, const Shape& want, const char* what) {
  check(t.shape() == want, "rnn: expected ", what, " of shape ", shape_str(want), "; received ",
        shape_str(t.shape()));
}

Tensor as_float(const Tensor& t) { return t.dtype() == DType::Float32 ? t : cast(t, DType::Float32); }

}  // namespace

std::int64_t rnn_gates(RnnCell cell) {
  switch (cell) {
    case RnnCell::Simple: return 1;
    case RnnCell::Lstm: return 4;
    default: return 3;
  }
}

std::shared_ptr<RnnBuffers> rnn_forward(RnnDesc& d, const RnnInputs& in) {
  check(in.zx.defined(), "rnn: the input projection is undefined");
  check(in.zx.ndim() == 3, "rnn: expected the input projection of rank 3 "
        "(batch, time, gates * units); received ", shape_str(in.zx.shape()));
  const std::int64_t U = d.units, G = rnn_gates(d.cell), B = in.zx.shape()[0],
                     T = in.zx.shape()[1];
  check(U > 0 && T > 0, "rnn: expected at least one time step and one unit; received shape ",
        shape_str(in.zx.shape()), " with units=", U);
  d.batch = B;
  d.time = T;
  d.gates = G;
  auto b = std::make_shared<RnnBuffers>();
  const Device dev = in.zx.device();
  b->zx = as_float(in.zx);
  expect_shape(b->zx, {B, T, G * U}, "the input projection");
  b->recurrent_kernel = as_float(in.recurrent_kernel);
  expect_shape(b->recurrent_kernel, {U, G * U}, "the recurrent kernel");
  if (in.recurrent_bias.defined()) {
    check(d.cell == RnnCell::GruResetAfter, "rnn: only GRU with reset_after=True has a "
          "recurrent bias");
    b->recurrent_bias = as_float(in.recurrent_bias);
    expect_shape(b->recurrent_bias, {G * U}, "the recurrent bias");
  }
  b->h0 = in.h0.defined() ? as_float(in.h0) : Tensor::zeros({B, U}, DType::Float32, dev);
  expect_shape(b->h0, {B, U}, "the initial state h");
  if (d.cell == RnnCell::Lstm) {
    b->c0 = in.c0.defined() ? as_float(in.c0) : Tensor::zeros({B, U}, DType::Float32, dev);
    expect_shape(b->c0, {B, U}, "the initial carry state c");
    b->c = Tensor::empty({T + 1, B, U}, DType::Float32, dev);
  }
  if (in.mask.defined()) {
    b->mask = in.mask.dtype() == DType::Bool ? in.mask : cast(in.mask, DType::Bool);
    expect_shape(b->mask, {B, T}, "the mask");
  }
  if (in.rec_mask.defined()) {
    b->rec_mask = as_float(in.rec_mask);
    expect_shape(b->rec_mask, {B, U}, "the recurrent dropout mask");
    b->hd = Tensor::empty({T, B, U}, DType::Float32, dev);
  }
  check(d.state_outputs >= 0 && d.state_outputs <= (d.cell == RnnCell::Lstm ? 2 : 1),
        "rnn: invalid number of state outputs ", d.state_outputs);
  b->h = Tensor::empty({T + 1, B, U}, DType::Float32, dev);
  b->pre = Tensor::empty({T, B, G * U}, DType::Float32, dev);
  b->act = Tensor::empty({T, B, G * U}, DType::Float32, dev);
  if (d.cell != RnnCell::Simple) b->aux = Tensor::empty({T, B, U}, DType::Float32, dev);
  if (d.cell == RnnCell::GruResetBefore)
    b->kernel_parts = Tensor::empty({U * G * U}, DType::Float32, dev);
  b->scratch = Tensor::empty({B, G * U}, DType::Float32, dev);
  const std::int64_t K = (d.return_sequences ? T : 1) + d.state_outputs;
  b->out = Tensor::empty({B, K, U}, DType::Float32, dev);
  kernels().rnn_forward.get(dev.type)(d, *b);
  return b;
}

RnnInputGrads rnn_backward(const RnnDesc& d, const RnnBuffers& saved, const Tensor& dout_in) {
  const Tensor dout = as_float(dout_in);
  check(dout.shape() == saved.out.shape(), "rnn_backward: expected an output gradient of shape ",
        shape_str(saved.out.shape()), "; received ", shape_str(dout.shape()));
  const std::int64_t B = d.batch, T = d.time, U = d.units, GU = d.gates * U;
  const Device dev = dout.device();
  RnnGrads g;
  g.dzx = Tensor::empty({B, T, GU}, DType::Float32, dev);
  g.drecurrent_kernel = Tensor::empty({U, GU}, DType::Float32, dev);
  if (saved.recurrent_bias.defined()) g.drecurrent_bias = Tensor::empty({GU}, DType::Float32, dev);
  g.dh0 = Tensor::empty({B, U}, DType::Float32, dev);
  if (d.cell == RnnCell::Lstm) g.dc0 = Tensor::empty({B, U}, DType::Float32, dev);
  g.dm = Tensor::empty({T, B, GU}, DType::Float32, dev);
  for (Tensor* t : {&g.dh, &g.dc, &g.dh_prev, &g.dc_prev, &g.dout_carry})
    *t = Tensor::empty({B, U}, DType::Float32, dev);
  if (d.cell == RnnCell::GruResetBefore) g.dparts = Tensor::empty({U * GU}, DType::Float32, dev);
  kernels().rnn_backward.get(dev.type)(d, saved, dout, g);
  return {g.dzx, g.drecurrent_kernel, g.drecurrent_bias, g.dh0, g.dc0};
}

}  // namespace pydeep::ops
