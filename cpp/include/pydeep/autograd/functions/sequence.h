#pragma once
// Differentiable sequence ops: the recurrence of the RNN layers (one graph
// node per layer call, backpropagation through time in C++) and the
// embedding lookup with a sparse gradient.
#include <memory>

#include "pydeep/core/tensor.h"
#include "pydeep/ops/recurrent.h"

namespace pydeep {

// ops::rnn_forward as one differentiable op: the packed output (B, K, u)
// (ops/kernels.h, RnnBuffers::out). Gradients flow to zx, recurrent_kernel,
// recurrent_bias, h0 and c0 (any may be undefined); mask and rec_mask are
// constants. desc is completed (batch, time, gates) from the inputs.
Tensor rnn_recurrence(ops::RnnDesc desc, const ops::RnnInputs& inputs);

// Where an embedding's gradient goes between batches: a (input_dim, dim)
// buffer reused while nobody else holds it, and the rows its last use wrote.
struct EmbeddingGradCache {
  Tensor buffer;
  Tensor stale;
};

// Rows of table (n, d) at int64 indices already validated by
// ops::embedding_indices -> indices.shape + (d,). The gradient of table is
// written into cache->buffer: only the rows of the previous batch are
// cleared and only the looked-up rows written (a dense (n, d) tensor, so
// every optimizer applies it as Keras does, but no O(n d) work or allocation
// per batch). When the previous gradient is still held elsewhere (a
// GradientTape result, a second use of the table in one graph), a fresh
// zeroed buffer is used instead. cache may be null (always fresh).
Tensor embedding_lookup(const Tensor& table, const Tensor& indices,
                        const std::shared_ptr<EmbeddingGradCache>& cache);

}  // namespace pydeep
