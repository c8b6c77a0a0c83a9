// Batched float32 GEMM (the GemmFn slot, pydeep/ops/kernels.h) on Eigen's
// GEMM. Compiled once per instruction set (cpp/CMakeLists.txt): PYDEEP_ISA_NS
// and the Eigen namespace are renamed per copy, so this file includes nothing
// whose inline code the linker could merge across copies beyond what Eigen and
// parallel.h need (no std containers); parallel_for's lambdas are
// instantiated in this namespace.
#include <cstdint>

#include <Eigen/Core>

#include "pydeep/core/parallel.h"

namespace pydeep::ops::cpu::PYDEEP_ISA_NS {
namespace {

using Index = Eigen::Index;
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Stride = Eigen::OuterStride<>;
using ConstMap = Eigen::Map<const RowMatrix, 0, Stride>;
using MutMap = Eigen::Map<RowMatrix, 0, Stride>;

// Multiply-adds (m*n*k) each thread should get before another is woken: with
// passive waiting (set by the library) a wake-up costs tens of microseconds,
// and this much GEMM takes ~80 us on one AVX2 core.
constexpr double kMinWorkPerThread = 4.0 * 1024 * 1024;
// Bands of a split matrix start at multiples of this many rows (columns), so
// that all bands but the last keep the GEMM micro-kernel's panels full.
constexpr Index kBandAlign = 32;

// Eigen's GEMM mallocs its packing buffers on every call and frees them
// after; glibc returns such large blocks to the kernel, so each call
// page-faults them in again, which cost 15-30% at n = 256..1024. On Eigen
// 3.4 (whose internal GEMM entry point is used here) each thread keeps its
// buffers instead, up to this size; larger products amortise the faults.
#if EIGEN_WORLD_VERSION == 3 && EIGEN_MAJOR_VERSION == 4
#define PYDEEP_GEMM_KEEP_BUFFERS 1
constexpr Index kMaxKeptFloats = Index(2) * 1024 * 1024;  // 8 MiB per thread

struct KeptBuffer {
  float* data = nullptr;
  Index size = 0;
  ~KeptBuffer() { Eigen::internal::aligned_free(data); }
};

// This thread's packing buffer of at least `size` floats, or null when that
// is more than is worth keeping (Eigen then allocates for the call).
float* kept_buffer(Index size) {
  if (size > kMaxKeptFloats) return nullptr;
  static thread_local KeptBuffer buffer;
  if (buffer.size < size) {
    Eigen::internal::aligned_free(buffer.data);
    buffer.data = nullptr;
    buffer.size = 0;
    buffer.data = static_cast<float*>(Eigen::internal::aligned_malloc(sizeof(float) * size));
    buffer.size = size;
  }
  return buffer.data;
}

// Eigen's cache blocking for a row-major C (rows x cols) += A B over `depth`,
// with the packing buffers in this thread's kept buffer. Eigen computes a
// row-major product as the column-major C' = B' A', so its mc comes from cols.
class KeptBlocking : public Eigen::internal::level3_blocking<float, float> {
 public:
  KeptBlocking(Index rows, Index cols, Index depth) {
    this->m_mc = cols;
    this->m_nc = rows;
    this->m_kc = depth;
    Eigen::internal::computeProductBlockingSizes<float, float, 1>(this->m_kc, this->m_mc,
                                                                  this->m_nc, Index(1));
#if defined(EIGEN_VECTORIZE_AVX2) && !defined(EIGEN_VECTORIZE_AVX512)
    // With 8-float packets Eigen's L1 model gives kc ~ 264, which measured
    // 5-15% slower than kc = 128 on Zen 3 at power-of-two leading dimensions
    // (n = 1024, 2048, 4096) and no faster on other shapes. Depth is cut into equal
    // sweeps of at most kMaxKc, a multiple of 8 (Eigen's k peeling).
    constexpr Index kMaxKc = 128;
    if (this->m_kc > kMaxKc) {
      const Index sweeps = (depth + kMaxKc - 1) / kMaxKc;
      this->m_kc = ((depth + sweeps - 1) / sweeps + 7) / 8 * 8;
    }
#endif
    const Index size_a = (this->m_kc * this->m_mc + 15) / 16 * 16;  // keeps B' 64-byte aligned
    if (float* buffer = kept_buffer(size_a + this->m_kc * this->m_nc)) {
      this->m_blockA = buffer;
      this->m_blockB = buffer + size_a;
    }
  }
};

// c (ldc) += op(a) op(b) through Eigen's blocked GEMM kernel; LhsOrder is
// RowMajor for a plain a (lda = its row length), ColMajor for a transposed one.
template <int LhsOrder, int RhsOrder>
void blocked_gemm(Index rows, Index cols, Index depth, const float* a, Index lda, const float* b,
                  Index ldb, float* c, Index ldc) {
  KeptBlocking blocking(rows, cols, depth);
  Eigen::internal::general_matrix_matrix_product<Index, float, LhsOrder, false, float, RhsOrder,
                                                 false, Eigen::RowMajor, 1>::run(
      rows, cols, depth, a, lda, b, ldb, c, 1, ldc, 1.0f, blocking, nullptr);
}
#endif

// c = a * b + beta * c; beta == 0 never reads c. Eigen chooses by itself
// between its blocked GEMM, GEMV (a vector operand) and a coefficient-based
// product (m + n + k < 20); forcing lazyProduct on small sizes measured slower.
template <typename Lhs, typename Rhs, typename Dst>
void product(const Lhs& a, const Rhs& b, float beta, Dst& c) {
  if (beta == 0.0f) {
    c.noalias() = a * b;  // Eigen zero-fills c first: NaN in c is ignored
    return;
  }
  if (beta != 1.0f) c *= beta;
  c.noalias() += a * b;
}

// Maps of row-major matrices with a leading dimension (kStrided, for a band
// of a matrix) or without one (a whole matrix: Eigen's small products run up
// to 20% faster when the stride is known to equal the row length).
template <bool kStrided>
struct Maps {
  using In = Eigen::Map<const RowMatrix>;
  using Out = Eigen::Map<RowMatrix>;
  static In in(const float* p, Index rows, Index cols, Index) { return In(p, rows, cols); }
  static Out out(float* p, Index rows, Index cols, Index) { return Out(p, rows, cols); }
};
template <>
struct Maps<true> {
  using In = ConstMap;
  using Out = MutMap;
  static In in(const float* p, Index rows, Index cols, Index ld) {
    return In(p, rows, cols, Stride(ld));
  }
  static Out out(float* p, Index rows, Index cols, Index ld) {
    return Out(p, rows, cols, Stride(ld));
  }
};

// c (rows x cols, ldc) = op(a) op(b) + beta * c through Eigen's product
// expressions; op(X) is a transposed view of the stored matrix, never a copy.
template <bool kStrided>
void eigen_product(bool trans_a, bool trans_b, Index rows, Index cols, Index k, const float* a,
                   Index lda, const float* b, Index ldb, float beta, float* c, Index ldc) {
  using M = Maps<kStrided>;
  auto cm = M::out(c, rows, cols, ldc);
  const auto am = trans_a ? M::in(a, k, rows, lda) : M::in(a, rows, k, lda);
  const auto bm = trans_b ? M::in(b, cols, k, ldb) : M::in(b, k, cols, ldb);
  if (!trans_a && !trans_b)
    product(am, bm, beta, cm);
  else if (!trans_a && trans_b)
    product(am, bm.transpose(), beta, cm);
  else if (trans_a && !trans_b)
    product(am.transpose(), bm, beta, cm);
  else
    product(am.transpose(), bm.transpose(), beta, cm);
}

// One GEMM problem; block() computes rows [r0, r0 + rows) x columns
// [c0, c0 + cols) of C, reading only those rows of op(A) and those columns
// of op(B).
struct Problem {
  bool trans_a, trans_b;
  Index m, n, k;
  float beta;

  void block(const float* a, const float* b, float* c, Index r0, Index rows, Index c0,
             Index cols) const {
    float* cp = c + r0 * n + c0;
    if (k == 0) {  // an empty sum: op(A) op(B) is all zeros
      MutMap cm(cp, rows, cols, Stride(n));
      if (beta == 0.0f)
        cm.setZero();
      else if (beta != 1.0f)
        cm *= beta;
      return;
    }
    // op(A) rows from r0 and op(B) columns from c0, and their leading dimensions.
    const float* ap = trans_a ? a + r0 : a + r0 * k;
    const Index lda = trans_a ? m : k;
    const float* bp = trans_b ? b + c0 * k : b + c0;
    const Index ldb = trans_b ? k : n;
#if PYDEEP_GEMM_KEEP_BUFFERS
    // Where Eigen's product would pick its blocked GEMM with heap-allocated
    // packing buffers; smaller ones it packs on the stack, at no extra cost.
    const Index packed_floats = k * (rows > cols ? rows : cols);
    if (rows > 1 && cols > 1 &&
        packed_floats > Index(EIGEN_STACK_ALLOCATION_LIMIT / sizeof(float))) {
      MutMap cm(cp, rows, cols, Stride(n));
      if (beta == 0.0f)
        cm.setZero();
      else if (beta != 1.0f)
        cm *= beta;
      using Eigen::ColMajor;
      using Eigen::RowMajor;
      if (!trans_a && !trans_b)
        blocked_gemm<RowMajor, RowMajor>(rows, cols, k, ap, lda, bp, ldb, cp, n);
      else if (!trans_a && trans_b)
        blocked_gemm<RowMajor, ColMajor>(rows, cols, k, ap, lda, bp, ldb, cp, n);
      else if (trans_a && !trans_b)
        blocked_gemm<ColMajor, RowMajor>(rows, cols, k, ap, lda, bp, ldb, cp, n);
      else
        blocked_gemm<ColMajor, ColMajor>(rows, cols, k, ap, lda, bp, ldb, cp, n);
      return;
    }
#endif
    if (rows == m && cols == n)
      eigen_product<false>(trans_a, trans_b, rows, cols, k, ap, lda, bp, ldb, beta, cp, n);
    else
      eigen_product<true>(trans_a, trans_b, rows, cols, k, ap, lda, bp, ldb, beta, cp, n);
  }
};

// Threads worth waking for `work` multiply-adds, at most the library's count.
Index threads_for(double work) {
  const double max_threads = pydeep::get_num_threads();
  const double useful = work / kMinWorkPerThread;
  if (useful < 2.0) return 1;
  return static_cast<Index>(useful < max_threads ? useful : max_threads);
}

}  // namespace

void gemm(bool trans_a, bool trans_b, std::int64_t batch, std::int64_t m, std::int64_t n,
          std::int64_t k, const float* a, std::int64_t stride_a, const float* b,
          std::int64_t stride_b, float beta, float* c, std::int64_t stride_c) {
  if (batch <= 0 || m <= 0 || n <= 0) return;
  // Eigen's own parallel GEMM is never used: its threads busy-wait for each
  // other's packed panels, and when one of them is descheduled (a neighbour
  // process on a shared machine, or a woken thread placed on the busy core) a
  // sub-millisecond product takes milliseconds. Instead each thread computes
  // whole matrices of the batch, or a band of one matrix, with a
  // single-threaded Eigen GEMM; threads meet only at the region's end.
  // Set on every call: the count is global to this copy's Eigen namespace,
  // which other dispatched kernels share.
  Eigen::setNbThreads(1);

  // One shared op(B) and contiguous A, C (a Dense layer on (batch, t, in)):
  // the batch is a single taller product.
  if (batch > 1 && stride_b == 0 && !trans_a && stride_a == m * k && stride_c == m * n) {
    m *= batch;
    batch = 1;
  }
  const Problem p{trans_a, trans_b, m, n, k, beta};
  const double work = static_cast<double>(m) * static_cast<double>(n) *
                      static_cast<double>(k) * static_cast<double>(batch);
  const Index threads = threads_for(work);
  // Several C in one place (stride_c 0) are written in order, on one thread.
  if (threads == 1 || (stride_c == 0 && batch > 1)) {
    for (std::int64_t i = 0; i < batch; ++i)
      p.block(a + i * stride_a, b + i * stride_b, c + i * stride_c, 0, m, 0, n);
    return;
  }
  // Whole matrices per thread when the batch divides evenly (or is large
  // enough for the remainder not to matter); otherwise every matrix is cut
  // into `threads` bands of rows, or of columns when C is wider than tall.
  const bool whole = batch >= threads && (batch % threads == 0 || batch >= 8 * threads);
  const bool split_rows = m >= n;
  const Index split_dim = split_rows ? m : n;
  Index band = split_dim;
  if (!whole) {
    band = (split_dim + threads - 1) / threads;
    band = (band + kBandAlign - 1) / kBandAlign * kBandAlign;
  }
  const Index pieces = (split_dim + band - 1) / band;
  const std::int64_t items = batch * pieces;
  pydeep::parallel_for(items, items / threads, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t item = begin; item < end; ++item) {
      const std::int64_t i = item / pieces;
      const Index start = (item % pieces) * band;
      const Index size = start + band < split_dim ? band : split_dim - start;
      const float* ai = a + i * stride_a;
      const float* bi = b + i * stride_b;
      float* ci = c + i * stride_c;
      if (split_rows)
        p.block(ai, bi, ci, start, size, 0, n);
      else
        p.block(ai, bi, ci, 0, m, start, size);
    }
  });
}

}  // namespace pydeep::ops::cpu::PYDEEP_ISA_NS
