// Basic slicing: strided_copy reads a strided window of x into a contiguous
// out, strided_store writes a contiguous x into a strided window of out. Both
// are one loop over the window with a contiguous side and a strided side,
// dispatched on element size (1, 4 or 8 bytes), not on dtype.
//
// The window is simplified first: size-1 axes are dropped and neighbours
// that are also adjacent on the strided side are merged, so a slice of whole
// rows becomes one long row, and a row whose step is 1 becomes one memcpy.
#include <algorithm>
#include <cstring>
#include <vector>

#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/errors.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

constexpr std::int64_t kGrain = kElementwiseGrain;  // per thread, as for elementwise work

// The window's dims (row-major: contiguous on the dense side), the stride of
// each on the strided side, and where the window starts there (elements).
struct Window {
  std::vector<std::int64_t> dims, strides;
  std::int64_t base = 0;
};

Window make_window(const Shape& full, const Shape& window, const Shape& start,
                   const Shape& step) {
  const Shape full_strides = contiguous_strides(full);
  Window w;
  for (std::size_t d = 0; d < window.size(); ++d) {
    w.base += start[d] * full_strides[d];
    const std::int64_t dim = window[d], stride = step[d] * full_strides[d];
    if (dim == 1) continue;
    if (!w.dims.empty() && w.strides.back() == stride * dim) {
      w.dims.back() *= dim;
      w.strides.back() = stride;
    } else {
      w.dims.push_back(dim);
      w.strides.push_back(stride);
    }
  }
  return w;
}

template <typename F>
void with_element_type(std::size_t size, F f) {
  switch (size) {
    case 1: return f(std::uint8_t{});
    case 4: return f(std::uint32_t{});
    case 8: return f(std::uint64_t{});
  }
  throw NotImplementedError(str("cpu kernels: no data movement for ", size, "-byte elements"));
}

// Rows [begin, end) of the window (each dims.back() long); the row index is
// decoded once, then advanced like an odometer. kStore: dense -> strided.
template <bool kStore, typename T>
void move_rows(const Window& w, T* strided, T* dense, std::int64_t begin, std::int64_t end) {
  const int m = static_cast<int>(w.dims.size());
  const std::int64_t len = w.dims[m - 1], step = w.strides[m - 1];
  std::vector<std::int64_t> idx(m - 1);
  std::int64_t off = w.base, rest = begin;
  for (int d = m - 2; d >= 0; --d) {
    idx[d] = rest % w.dims[d];
    rest /= w.dims[d];
    off += idx[d] * w.strides[d];
  }
  for (std::int64_t row = begin; row < end; ++row) {
    T* s = strided + off;
    T* c = dense + row * len;
    if (step == 1) {
      if (kStore)
        std::memcpy(s, c, static_cast<std::size_t>(len) * sizeof(T));
      else
        std::memcpy(c, s, static_cast<std::size_t>(len) * sizeof(T));
    } else {
      for (std::int64_t i = 0; i < len; ++i) {
        if (kStore)
          s[i * step] = c[i];
        else
          c[i] = s[i * step];
      }
    }
    for (int d = m - 2; d >= 0; --d) {
      off += w.strides[d];
      if (++idx[d] < w.dims[d]) break;
      off -= w.dims[d] * w.strides[d];
      idx[d] = 0;
    }
  }
}

template <bool kStore>
void run(const Window& w, std::size_t elem_size, void* strided, void* dense) {
  with_element_type(elem_size, [&](auto tag) {
    using T = decltype(tag);
    T* s = static_cast<T*>(strided);
    T* c = static_cast<T*>(dense);
    if (w.dims.empty()) {  // a single element
      if (kStore)
        s[w.base] = c[0];
      else
        c[0] = s[w.base];
      return;
    }
    const std::int64_t len = w.dims.back();
    std::int64_t rows = 1;
    for (std::size_t d = 0; d + 1 < w.dims.size(); ++d) rows *= w.dims[d];
    parallel_for(rows, std::max<std::int64_t>(1, kGrain / len),
                 [&](std::int64_t begin, std::int64_t end) {
                   move_rows<kStore>(w, s, c, begin, end);
                 });
  });
}

}  // namespace

void strided_copy(const Tensor& x, const Shape& start, const Shape& step, Tensor& out) {
  if (out.numel() == 0) return;
  run<false>(make_window(x.shape(), out.shape(), start, step), dtype_size(x.dtype()),
             x.raw_data(), out.raw_data());
}

void strided_store(const Tensor& x, const Shape& start, const Shape& step, Tensor& out) {
  if (x.numel() == 0) return;
  run<true>(make_window(out.shape(), x.shape(), start, step), dtype_size(x.dtype()),
            out.raw_data(), x.raw_data());
}

}  // namespace pydeep::ops::cpu
