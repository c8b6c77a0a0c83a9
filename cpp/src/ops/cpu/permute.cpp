// Axis permutation and broadcasting: pure data movement, so the kernels
// dispatch on element size (1, 4 or 8 bytes), not on dtype.
//
// Both first simplify the layout: size-1 output axes are dropped and
// neighbours that stay adjacent in the source are merged, so (N, C, H, W) ->
// (N, H, W, C) becomes a batched 2-D transpose and a bias broadcast becomes
// N copies of one row. What is left is either rows with a contiguous source
// (memcpy or fill) or a transpose, done tile by tile, each tile as small
// blocks transposed in registers (8 x 8 floats with AVX), so that reads and
// writes both run along cache lines.
#include <algorithm>
#include <cstring>

#if defined(__AVX__)
#include <immintrin.h>
#endif

#include "ops/cpu/cpu_kernels.h"
#include "ops/cpu/kernel_support.h"
#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu {
namespace {

constexpr std::int64_t kGrain = kElementwiseGrain;  // per thread, as for elementwise work
// Tile side: long runs on both sides keep the prefetchers streaming; a
// 128 x 128 float tile (64 KiB each way) still sits in L2.
constexpr std::int64_t kTileBytes = 512;
constexpr std::int64_t kMaxTile = 128;
// Repeating a small block: doubled in place up to this size, then stamped.
constexpr std::int64_t kStampBytes = 4096;

// Rows of out whose source rows are contiguous (memcpy), repeated (fill) or
// strided (a loop).
template <typename T>
void run_rows(const StridedLayout& l, const T* src, T* out) {
  if (l.dims.empty()) {  // a single element
    out[0] = src[0];
    return;
  }
  const std::int64_t len = l.dims.back(), stride = l.strides.back();
  for_each_strided_row(l, kGrain, [=](std::int64_t row, std::int64_t off) {
    T* o = out + row * len;
    const T* s = src + off;
    if (stride == 1) {
      std::memcpy(o, s, static_cast<std::size_t>(len) * sizeof(T));
    } else if (stride == 0) {
      std::fill_n(o, len, *s);
    } else {
      for (std::int64_t i = 0; i < len; ++i) o[i] = s[i * stride];
    }
  });
}

// Leading repeated axes make out `copies` copies of one block: that block is
// written once, doubled in place to at least kStampBytes, and stamped out
// with memcpy, so (3,) -> (10**6, 3) does not pay per 3-element row.
template <typename T>
void run_repeated(const StridedLayout& l, const T* src, T* out) {
  std::size_t lead = 0;
  std::int64_t copies = 1;
  while (lead + 1 < l.dims.size() && l.strides[lead] == 0) copies *= l.dims[lead++];
  if (copies == 1) return run_rows(l, src, out);
  StridedLayout block;
  block.dims.assign(l.dims.begin() + lead, l.dims.end());
  block.strides.assign(l.strides.begin() + lead, l.strides.end());
  std::int64_t len = 1;
  for (auto d : block.dims) len *= d;
  run_rows(block, src, out);
  const std::int64_t total = copies * len;
  std::int64_t have = len;
  while (have < total && have * static_cast<std::int64_t>(sizeof(T)) < kStampBytes) {
    const std::int64_t n = std::min(have, total - have);
    std::memcpy(out + have, out, static_cast<std::size_t>(n) * sizeof(T));
    have += n;
  }
  const std::int64_t stamps = (total - have + have - 1) / have;
  parallel_for(stamps, std::max<std::int64_t>(1, kGrain / have),
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t i = begin; i < end; ++i) {
                   const std::int64_t at = have + i * have;
                   std::memcpy(out + at, out,
                               static_cast<std::size_t>(std::min(have, total - at)) * sizeof(T));
                 }
               });
}

// out[i * so + j] = src[i + j * sq] for one square block of kSize; the
// generic version moves one element.
template <typename T>
struct Block {
  static constexpr std::int64_t kSize = 1;
  static void transpose(const T* src, std::int64_t, T* out, std::int64_t) { *out = *src; }
};

// Bytes: eight rows in eight 64-bit words, transposed by swapping 4-, 2- and
// 1-byte sub-blocks (portable, no SIMD needed).
template <>
struct Block<std::uint8_t> {
  static constexpr std::int64_t kSize = 8;
  static void transpose(const std::uint8_t* src, std::int64_t sq, std::uint8_t* out,
                        std::int64_t so) {
    std::uint64_t r[8];
    for (int k = 0; k < 8; ++k) std::memcpy(&r[k], src + k * sq, 8);
    swap_blocks<4>(r, 32, 0x00000000FFFFFFFFull);
    swap_blocks<2>(r, 16, 0x0000FFFF0000FFFFull);
    swap_blocks<1>(r, 8, 0x00FF00FF00FF00FFull);
    for (int k = 0; k < 8; ++k) std::memcpy(out + k * so, &r[k], 8);
  }
  template <int kStep>
  static void swap_blocks(std::uint64_t* r, int shift, std::uint64_t low) {
    for (int k = 0; k < 8; ++k) {
      if (k & kStep) continue;
      const std::uint64_t a = r[k], b = r[k + kStep];
      r[k] = (a & low) | ((b & low) << shift);
      r[k + kStep] = ((a >> shift) & low) | (b & ~low);
    }
  }
};

#if defined(__AVX__)
// Transposes the 4 x 4 block of 64-bit lanes in r0..r3 and stores row i at
// out + (i % 2) * so + (i / 2) * so2 (elements of T): a whole 8-byte block
// with so2 = 2 * so, or half of the 4-byte one below, whose 64-bit lanes are
// pairs of floats.
template <typename T>
void transpose_4x4_pd(__m256d r0, __m256d r1, __m256d r2, __m256d r3, T* out, std::int64_t so,
                      std::int64_t so2) {
  const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
  const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
  _mm256_storeu_pd(reinterpret_cast<double*>(out), _mm256_permute2f128_pd(t0, t2, 0x20));
  _mm256_storeu_pd(reinterpret_cast<double*>(out + so), _mm256_permute2f128_pd(t1, t3, 0x20));
  _mm256_storeu_pd(reinterpret_cast<double*>(out + so2), _mm256_permute2f128_pd(t0, t2, 0x31));
  _mm256_storeu_pd(reinterpret_cast<double*>(out + so2 + so),
                   _mm256_permute2f128_pd(t1, t3, 0x31));
}

// 8 x 8 floats: interleaving neighbouring rows makes 2 x 2 blocks, each a
// 64-bit lane, and the 4 x 4 transposes of those lanes finish the job.
template <>
struct Block<std::uint32_t> {
  static constexpr std::int64_t kSize = 8;
  static void transpose(const std::uint32_t* src, std::int64_t sq, std::uint32_t* out,
                        std::int64_t so) {
    __m256d t[8];
    for (int k = 0; k < 8; k += 2) {
      const __m256 a = _mm256_loadu_ps(reinterpret_cast<const float*>(src + k * sq));
      const __m256 b = _mm256_loadu_ps(reinterpret_cast<const float*>(src + (k + 1) * sq));
      t[k] = _mm256_castps_pd(_mm256_unpacklo_ps(a, b));
      t[k + 1] = _mm256_castps_pd(_mm256_unpackhi_ps(a, b));
    }
    transpose_4x4_pd(t[0], t[2], t[4], t[6], out, so, 4 * so);
    transpose_4x4_pd(t[1], t[3], t[5], t[7], out + 2 * so, so, 4 * so);
  }
};

template <>
struct Block<std::uint64_t> {
  static constexpr std::int64_t kSize = 4;
  static void transpose(const std::uint64_t* src, std::int64_t sq, std::uint64_t* out,
                        std::int64_t so) {
    const double* s = reinterpret_cast<const double*>(src);
    transpose_4x4_pd(_mm256_loadu_pd(s), _mm256_loadu_pd(s + sq), _mm256_loadu_pd(s + 2 * sq),
                     _mm256_loadu_pd(s + 3 * sq), out, so, 2 * so);
  }
};
#endif

// out[i * so + j] = src[i + j * sq] for i < na, j < nq: whole blocks, then
// the ragged edges element by element. Always inlined into the tile loop,
// which GCC stops doing once the AVX blocks are inlined here: a call per tile
// costs more than all the work of a tile from two tiny axes.
template <typename T>
[[gnu::always_inline]] inline void transpose_tile(const T* src, std::int64_t sq, T* out,
                                                  std::int64_t so, std::int64_t na,
                                                  std::int64_t nq) {
  constexpr std::int64_t b = Block<T>::kSize;
  const std::int64_t na_full = na - na % b, nq_full = nq - nq % b;
  for (std::int64_t i = 0; i < na_full; i += b) {
    for (std::int64_t j = 0; j < nq_full; j += b)
      Block<T>::transpose(src + i + j * sq, sq, out + i * so + j, so);
    for (std::int64_t j = nq_full; j < nq; ++j)
      for (std::int64_t k = i; k < i + b; ++k) out[k * so + j] = src[k + j * sq];
  }
  for (std::int64_t i = na_full; i < na; ++i)
    for (std::int64_t j = 0; j < nq; ++j) out[i * so + j] = src[i + j * sq];
}

// The source's contiguous axis is output axis a; the output's contiguous
// axis (the last, q) has source stride sq > 1. Work is cut into tiles of
// a x q; every other axis is a batch index.
template <typename T>
void run_transpose(const StridedLayout& l, int a, const T* src, T* out) {
  constexpr std::int64_t kTile = std::min<std::int64_t>(kMaxTile, kTileBytes / sizeof(T));
  const int m = static_cast<int>(l.dims.size());
  const int q = m - 1;
  const std::int64_t na = l.dims[a], nq = l.dims[q], sq = l.strides[q];
  std::int64_t out_stride_a = 1;
  for (int d = a + 1; d < m; ++d) out_stride_a *= l.dims[d];
  const std::int64_t tiles_a = (na + kTile - 1) / kTile, tiles_q = (nq + kTile - 1) / kTile;
  std::int64_t batches = 1;
  for (int d = 0; d < q; ++d)
    if (d != a) batches *= l.dims[d];
  const std::int64_t tile_elems = std::min(na, kTile) * std::min(nq, kTile);
  parallel_for(batches * tiles_a * tiles_q, std::max<std::int64_t>(1, kGrain / tile_elems),
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t t = begin; t < end; ++t) {
                   const std::int64_t a0 = (t / tiles_q % tiles_a) * kTile;
                   const std::int64_t q0 = (t % tiles_q) * kTile;
                   std::int64_t rest = t / (tiles_q * tiles_a), src_off = 0, out_off = 0;
                   std::int64_t out_stride = nq;
                   for (int d = q - 1; d >= 0; --d) {
                     if (d != a) {
                       const std::int64_t i = rest % l.dims[d];
                       rest /= l.dims[d];
                       src_off += i * l.strides[d];
                       out_off += i * out_stride;
                     }
                     out_stride *= l.dims[d];
                   }
                   transpose_tile(src + src_off + a0 + q0 * sq, sq,
                                  out + out_off + a0 * out_stride_a + q0, out_stride_a,
                                  std::min(kTile, na - a0), std::min(kTile, nq - q0));
                 }
               });
}

}  // namespace

void permute(const Tensor& x, const std::vector<int>& perm, Tensor& out) {
  if (out.numel() == 0) return;
  const Shape strides = contiguous_strides(x.shape());
  StridedLayout l;
  for (int axis : perm) l.push(x.shape()[axis], strides[axis]);
  with_element_type(dtype_size(x.dtype()), [&](auto tag) {
    using T = decltype(tag);
    const T* src = static_cast<const T*>(x.raw_data());
    T* dst = static_cast<T*>(out.raw_data());
    if (l.dims.empty() || l.strides.back() == 1) return run_rows(l, src, dst);
    // Some merged axis has stride 1: the source's last non-trivial axis.
    const auto& st = l.strides;
    const int a = static_cast<int>(std::find(st.begin(), st.end(), 1) - st.begin());
    run_transpose(l, a, src, dst);
  });
}

void broadcast_to(const Tensor& x, Tensor& out) {
  if (out.numel() == 0) return;
  const Shape& os = out.shape();
  const Shape& xs = x.shape();
  const Shape strides = contiguous_strides(xs);
  const std::size_t lead = os.size() - xs.size();
  StridedLayout l;
  for (std::size_t i = 0; i < os.size(); ++i) {
    const bool repeated = i < lead || xs[i - lead] == 1;
    l.push(os[i], repeated ? 0 : strides[i - lead]);
  }
  with_element_type(dtype_size(x.dtype()), [&](auto tag) {
    using T = decltype(tag);
    run_repeated(l, static_cast<const T*>(x.raw_data()), static_cast<T*>(out.raw_data()));
  });
}

}  // namespace pydeep::ops::cpu
