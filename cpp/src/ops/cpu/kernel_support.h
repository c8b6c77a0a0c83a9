#pragma once
// Small building blocks shared by the CPU kernels in this folder: the
// element-size dispatch and row walk of the data-movement kernels (permute,
// strided, gather) and the task split of the (outer, n, inner) kernels
// (reduce, softmax). Not for ops/cpu/dispatched/: those sources are built
// once per instruction set, and inline code shared with them would be merged
// by the linker whatever the instruction set.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "pydeep/core/errors.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {

// Data movement only needs the element size: one instantiation per size
// rather than per dtype. Calls f with a value of the unsigned type that size.
template <typename F>
void with_element_type(std::size_t size, F f) {
  switch (size) {
    case 1: return f(std::uint8_t{});
    case 4: return f(std::uint32_t{});
    case 8: return f(std::uint64_t{});
  }
  throw NotImplementedError(str("cpu kernels: no data movement for ", size, "-byte elements"));
}

// A view with a dense side (row-major dims) and a strided side (a stride per
// dim, from element `base`), kept simple so that few long rows remain: push
// drops size-1 axes and merges an axis into the previous one where the two
// are also adjacent on the strided side.
struct StridedLayout {
  std::vector<std::int64_t> dims, strides;
  std::int64_t base = 0;

  // Appends the next axis, outermost first.
  void push(std::int64_t dim, std::int64_t stride) {
    if (dim == 1) return;
    if (!dims.empty() && strides.back() == stride * dim) {
      dims.back() *= dim;
      strides.back() = stride;
      return;
    }
    dims.push_back(dim);
    strides.push_back(stride);
  }
};

// Calls row(r, offset) in parallel for every row r of l (rows of dims.back()
// elements; offset is that row's first element on the strided side), at about
// `grain` elements per thread. Each task decodes its first row index once,
// then advances it like an odometer. Needs at least one dim.
template <typename Row>
void for_each_strided_row(const StridedLayout& l, std::int64_t grain, const Row& row) {
  const int m = static_cast<int>(l.dims.size());
  std::int64_t rows = 1;
  for (int d = 0; d + 1 < m; ++d) rows *= l.dims[d];
  parallel_for(rows, std::max<std::int64_t>(1, grain / l.dims[m - 1]),
               [&](std::int64_t begin, std::int64_t end) {
                 // Task-local copies of row (which should capture by value)
                 // and of the layout: the compiler keeps them in registers,
                 // which it cannot for shared ones that stores through the
                 // row's pointers might alias.
                 const Row task_row = row;
                 const std::int64_t* dims = l.dims.data();
                 const std::int64_t* strides = l.strides.data();
                 const int last = m - 2;  // the innermost axis the odometer turns
                 std::vector<std::int64_t> idx(m - 1);
                 std::int64_t off = l.base, rest = begin;
                 for (int d = last; d >= 0; --d) {
                   idx[d] = rest % dims[d];
                   rest /= dims[d];
                   off += idx[d] * strides[d];
                 }
                 for (std::int64_t r = begin; r < end; ++r) {
                   task_row(r, off);
                   for (int d = last; d >= 0; --d) {
                     off += strides[d];
                     if (++idx[d] < dims[d]) break;
                     off -= dims[d] * strides[d];
                     idx[d] = 0;
                   }
                 }
               });
}

// Columns per task when inner > 1: per-column state for a block lives on
// the stack, and each row of the block is a contiguous 1 KiB of floats.
constexpr std::int64_t kColWidth = 256;

// Calls row(o) in parallel for every o < outer of x viewed as (outer, n, 1),
// at about `grain` elements per thread.
template <typename Row>
void for_each_row(std::int64_t outer, std::int64_t n, std::int64_t grain, Row row) {
  parallel_for(outer, std::max<std::int64_t>(1, grain / std::max<std::int64_t>(n, 1)),
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t o = begin; o < end; ++o) row(o);
               });
}

// Calls cols(o, c0, w) in parallel for every block of columns [c0, c0 + w),
// w <= kColWidth, of every o < outer of x viewed as (outer, n, inner), at
// about `grain` elements per thread; the split depends on the shape alone.
template <typename Cols>
void for_each_col_block(std::int64_t outer, std::int64_t n, std::int64_t inner,
                        std::int64_t grain, Cols cols) {
  const std::int64_t chunks = (inner + kColWidth - 1) / kColWidth;
  const std::int64_t work = std::max<std::int64_t>(n * std::min(inner, kColWidth), 1);
  parallel_for(outer * chunks, std::max<std::int64_t>(1, grain / work),
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t t = begin; t < end; ++t) {
                   const std::int64_t o = t / chunks, c0 = (t % chunks) * kColWidth;
                   cols(o, c0, std::min(kColWidth, inner - c0));
                 }
               });
}

}  // namespace pydeep::ops::cpu
