#pragma once
// The recurrence of Keras's SimpleRNN, LSTM and GRU as one op, without
// autograd (autograd/functions/sequence.h wraps it). The caller projects the
// inputs for every step with one GEMM (zx = x @ kernel + input bias); this op
// runs the steps: per step one recurrent GEMM over the batch (two for GRU
// with reset_after=False) and the fused gate math. With u = units, h_p the
// state before the step, hd = h_p * rec_mask (or h_p), x_* the step's parts
// of zx and R the recurrent kernel split by gate columns:
//   SimpleRNN  h = act(x + hd R)
//   LSTM       i, f, o = rec_act(x_i + hd R_i, ...), g = act(x_c + hd R_c),
//              c = f c_p + i g, h = o act(c)                  (gates i, f, c, o)
//   GRU after  m = hd R + recurrent_bias; z, r = rec_act(x_z + m_z, x_r + m_r),
//              hh = act(x_h + r m_h), h = z h_p + (1 - z) hh  (gates z, r, h)
//   GRU before z, r as above without bias; hh = act(x_h + (r hd) R_h)
// A masked step (mask[b, t] false) keeps the states; its output is the
// previous output (zeros before the first, or always zeros with
// zero_output_for_mask), as Keras's backend rnn does.
#include <memory>

#include "pydeep/ops/kernels.h"

namespace pydeep::ops {

struct RnnInputs {
  Tensor zx;                // (B, T, G*u) float32
  Tensor recurrent_kernel;  // (u, G*u)
  Tensor recurrent_bias;    // (G*u) for GRU reset_after with a bias, else undefined
  Tensor h0, c0;            // (B, u); undefined = zeros; c0 LSTM only
  Tensor mask;              // (B, T) bool, or undefined
  Tensor rec_mask;          // (B, u) float32, or undefined
};

// Sets d.batch, d.time and d.gates from the inputs, validates them (ValueError
// naming the op and the shapes) and runs the recurrence. The returned buffers
// hold the packed output (buffers->out, (B, K, u), see kernels.h) and what
// the backward pass needs.
std::shared_ptr<RnnBuffers> rnn_forward(RnnDesc& d, const RnnInputs& in);

struct RnnInputGrads {
  Tensor dzx, drecurrent_kernel, drecurrent_bias, dh0, dc0;
};
// Gradients of sum(out * dout) with respect to the inputs (dout (B, K, u)).
RnnInputGrads rnn_backward(const RnnDesc& d, const RnnBuffers& saved, const Tensor& dout);

// Number of gate blocks of a cell: 1, 4 or 3.
std::int64_t rnn_gates(RnnCell cell);

}  // namespace pydeep::ops
