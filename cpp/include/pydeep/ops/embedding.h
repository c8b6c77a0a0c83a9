#pragma once
// Embedding lookups without autograd (autograd/functions/sequence.h wraps
// them with the sparse backward).
#include <string>

#include "pydeep/core/tensor.h"

namespace pydeep::ops {

// indices of any numeric dtype (floats truncate toward zero, as Keras's cast
// to int does) -> a fresh int64 copy with negatives wrapped once. IndexError
// "<where>: index i is out of range for input_dim n" otherwise.
Tensor embedding_indices(const Tensor& indices, std::int64_t input_dim, const std::string& where);
// Rows of table (n, d) at validated int64 indices -> indices.shape + (d,).
Tensor embedding_lookup(const Tensor& table, const Tensor& indices);
// buffer (n, d) float32: rows `stale` cleared (undefined: none), then g's
// rows (indices.numel(), d) added at `indices` (see EmbeddingGradFn).
void embedding_grad(const Tensor& g, const Tensor& indices, const Tensor& stale, Tensor& buffer);

}  // namespace pydeep::ops
