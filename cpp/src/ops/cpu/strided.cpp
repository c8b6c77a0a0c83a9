// Basic slicing: strided_copy reads a strided window of x into a contiguous
// out, strided_store writes a contiguous x into a strided window of out. Both
// are one loop over the window with a contiguous side and a strided side,
// dispatched on element size (1, 4 or 8 bytes), not on dtype.
//
// The window is simplified first: size-1 axes are dropped and neighbours
// that are also adjacent on the strided side are merged, so a slice of whole
// rows becomes one long row, and a row whose step is 1 becomes one memcpy.
#include <cstring>

#include "ops/cpu/cpu_kernels.h"
#include "ops/cpu/kernel_support.h"

namespace pydeep::ops::cpu {
namespace {

constexpr std::int64_t kGrain = kElementwiseGrain;  // per thread, as for elementwise work

// The window as a layout: dense side row-major, strided side in the full
// tensor, from where the window starts there.
StridedLayout make_window(const Shape& full, const Shape& window, const Shape& start,
                          const Shape& step) {
  const Shape full_strides = contiguous_strides(full);
  StridedLayout w;
  for (std::size_t d = 0; d < window.size(); ++d) {
    w.base += start[d] * full_strides[d];
    w.push(window[d], step[d] * full_strides[d]);
  }
  return w;
}

// Moves the window row by row, each row one memcpy where its step is 1.
// kStore: dense -> strided, else strided -> dense.
template <bool kStore>
void run(const StridedLayout& w, std::size_t elem_size, void* strided, void* dense) {
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
    const std::int64_t len = w.dims.back(), step = w.strides.back();
    for_each_strided_row(w, kGrain, [=](std::int64_t row, std::int64_t off) {
      T* sr = s + off;
      T* cr = c + row * len;
      if (step == 1) {
        if (kStore)
          std::memcpy(sr, cr, static_cast<std::size_t>(len) * sizeof(T));
        else
          std::memcpy(cr, sr, static_cast<std::size_t>(len) * sizeof(T));
      } else {
        for (std::int64_t i = 0; i < len; ++i) {
          if (kStore)
            sr[i * step] = cr[i];
          else
            cr[i] = sr[i * step];
        }
      }
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
