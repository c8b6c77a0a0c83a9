// Dtype conversion, constant fill and select (the CastFn, FillFn and WhereFn
// slots, pydeep/ops/kernels.h), for every dtype.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "ops/cpu/cpu_kernels.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

// numpy's astype: to bool is x != 0; float to integer truncates toward zero,
// and NaN or an out-of-range value gives the integer minimum (what numpy gets
// from the x86 conversion instruction; in C++ that conversion is undefined,
// hence the explicit range test); integer narrowing wraps.
template <typename To, typename From>
To convert(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    // -2^(bits-1) and 2^(bits-1), both exact in any floating type.
    constexpr From lo = static_cast<From>(std::numeric_limits<To>::min());
    constexpr From hi = -lo;
    return (v >= lo) & (v < hi) ? static_cast<To>(v) : std::numeric_limits<To>::min();
  } else {
    return static_cast<To>(v);
  }
}

// Bool tensors are read and written as their bytes (0 or 1): the vectoriser
// handles uint8 lanes but gives up on loops that widen or select with bool.
template <typename T>
using Bytes = std::conditional_t<std::is_same_v<T, bool>, std::uint8_t, T>;

template <typename T>
Bytes<T>* bytes(const Tensor& t) {
  return reinterpret_cast<Bytes<T>*>(t.data<T>());
}

// The loops take plain pointers: read through the lambdas' by-reference
// captures, the pointers would be reloaded every iteration (byte stores may
// alias them) and the loops would not vectorise.
template <typename To, typename From>
void convert_range(const From* x, Bytes<To>* out, std::int64_t n) {
#pragma omp simd
  for (std::int64_t i = 0; i < n; ++i) out[i] = convert<To>(x[i]);
}

template <typename T>
void select_range(const std::uint8_t* cond, const T* x, const T* y, T* out, std::int64_t n) {
#pragma omp simd
  for (std::int64_t i = 0; i < n; ++i) {
    const T a = x[i], b = y[i];  // both loaded, so the select is a blend
    out[i] = cond[i] ? a : b;
  }
}

// std::fill is left scalar by gcc -O2's cheap vectorisation model; 10x slower.
template <typename T>
void fill_range(T* out, std::int64_t n, T v) {
#pragma omp simd
  for (std::int64_t i = 0; i < n; ++i) out[i] = v;
}

template <typename T>
void copy_bytes(const T* x, T* out, std::int64_t n) {
  parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
    std::memcpy(out + begin, x + begin, static_cast<std::size_t>(end - begin) * sizeof(T));
  });
}

}  // namespace

void cast(const Tensor& x, Tensor& out) {
  const std::int64_t n = x.numel();
  visit_dtype(x.dtype(), [&](auto from_tag) {
    using From = decltype(from_tag);
    visit_dtype(out.dtype(), [&](auto to_tag) {
      using To = decltype(to_tag);
      const Bytes<From>* px = bytes<From>(x);
      Bytes<To>* po = bytes<To>(out);
      if constexpr (std::is_same_v<From, To>) {
        if (static_cast<const void*>(px) != static_cast<void*>(po)) copy_bytes(px, po, n);
      } else {
        parallel_for(n, kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
          convert_range<To>(px + begin, po + begin, end - begin);
        });
      }
    });
  });
}

void fill(Tensor& out, double value) {
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T v = convert<T>(value);
    T* po = out.data<T>();
    parallel_for(out.numel(), kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
      fill_range(po + begin, end - begin, v);
    });
  });
}

void where(const Tensor& cond, const Tensor& x, const Tensor& y, Tensor& out) {
  const std::uint8_t* pc = bytes<bool>(cond);
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const Bytes<T>* px = bytes<T>(x);
    const Bytes<T>* py = bytes<T>(y);
    Bytes<T>* po = bytes<T>(out);
    parallel_for(out.numel(), kElementwiseGrain, [&](std::int64_t begin, std::int64_t end) {
      select_range(pc + begin, px + begin, py + begin, po + begin, end - begin);
    });
  });
}

}  // namespace pydeep::ops::cpu
