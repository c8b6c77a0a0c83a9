// Batched float32 GEMM (the GemmFn slot, pydeep/ops/kernels.h) on Eigen's
// GEMM. Compiled once per instruction set (cpp/CMakeLists.txt): PYDEEP_ISA_NS
// and the Eigen namespace are renamed per copy, so nothing here may pull in
// inline code from outside those namespaces beyond what Eigen itself needs —
// the linker would merge an AVX2 copy with the baseline one. Hence no std
// containers; parallel_for's lambdas are instantiated in this namespace.
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

// Work (m*n*k multiply-adds) below which a thread is not worth waking: with
// passive waiting (set by the library) a wake-up costs tens of microseconds,
// so each thread needs about a millisecond of GEMM to pay for itself.
constexpr double kMinWorkPerThread = 4.0 * 1024 * 1024;
// Below this many multiply-adds Eigen's coefficient-based product beats its
// blocked GEMM, which packs both operands first.
constexpr Index kLazyWork = 16 * 16 * 16;
// Pieces of a split matrix start at multiples of this many rows (columns), so
// that every piece but the last keeps the GEMM micro-kernel's panels full.
constexpr Index kSplitAlign = 32;

// c = op(a) op(b) + beta * c; beta == 0 never reads c.
template <typename Lhs, typename Rhs>
void product(const Lhs& a, const Rhs& b, float beta, MutMap& c, bool lazy) {
  if (beta == 0.0f) {
    if (lazy)
      c.noalias() = a.lazyProduct(b);
    else
      c.noalias() = a * b;
    return;
  }
  if (beta != 1.0f) c *= beta;
  if (lazy)
    c.noalias() += a.lazyProduct(b);
  else
    c.noalias() += a * b;
}

// One GEMM problem; block() computes rows [r0, r0 + rows) x columns
// [c0, c0 + cols) of C, which reads only those rows of op(A) and those
// columns of op(B). op(X) is a (transposed) strided view of the stored matrix,
// never a copy: Eigen's GEMM packs either storage order directly.
struct Problem {
  bool trans_a, trans_b;
  Index m, n, k;
  float beta;

  void block(const float* a, const float* b, float* c, Index r0, Index rows, Index c0,
             Index cols) const {
    MutMap cm(c + r0 * n + c0, rows, cols, Stride(n));
    if (k == 0) {  // an empty sum: op(A) op(B) is all zeros
      if (beta == 0.0f)
        cm.setZero();
      else if (beta != 1.0f)
        cm *= beta;
      return;
    }
    const bool lazy = rows * cols * k <= kLazyWork;
    const ConstMap a_rows = trans_a ? ConstMap(a + r0, k, rows, Stride(m))
                                    : ConstMap(a + r0 * k, rows, k, Stride(k));
    const ConstMap b_cols = trans_b ? ConstMap(b + c0 * k, cols, k, Stride(k))
                                    : ConstMap(b + c0, k, cols, Stride(n));
    if (!trans_a && !trans_b)
      product(a_rows, b_cols, beta, cm, lazy);
    else if (!trans_a && trans_b)
      product(a_rows, b_cols.transpose(), beta, cm, lazy);
    else if (trans_a && !trans_b)
      product(a_rows.transpose(), b_cols, beta, cm, lazy);
    else
      product(a_rows.transpose(), b_cols.transpose(), beta, cm, lazy);
  }
};

// Threads worth using for `work` multiply-adds, at most the library's count.
Index threads_for(double work) {
  const Index max_threads = pydeep::get_num_threads();
  const double useful = work / kMinWorkPerThread;
  if (useful < 2.0) return 1;
  return useful < static_cast<double>(max_threads) ? static_cast<Index>(useful) : max_threads;
}

}  // namespace

void gemm(bool trans_a, bool trans_b, std::int64_t batch, std::int64_t m, std::int64_t n,
          std::int64_t k, const float* a, std::int64_t stride_a, const float* b,
          std::int64_t stride_b, float beta, float* c, std::int64_t stride_c) {
  if (batch <= 0 || m <= 0 || n <= 0) return;
  // Eigen's own parallel GEMM is never used: its threads busy-wait on each
  // other's packed panels, and when one of them is descheduled (a neighbour
  // process, or the woken thread placed on the waker's core) a product takes
  // milliseconds instead of microseconds. Instead each thread computes whole
  // matrices of the batch, or a band of one matrix, with a single-threaded
  // Eigen GEMM, and the threads meet only at the end of the region.
  static const bool eigen_single_threaded = (Eigen::setNbThreads(1), true);
  (void)eigen_single_threaded;

  const Problem p{trans_a, trans_b, m, n, k, beta};
  const double work = static_cast<double>(m) * static_cast<double>(n) *
                      static_cast<double>(k) * static_cast<double>(batch);
  const Index threads = threads_for(work);
  // A writable C must not be shared by the pieces running concurrently.
  if (threads == 1 || (stride_c == 0 && batch > 1)) {
    for (std::int64_t i = 0; i < batch; ++i)
      p.block(a + i * stride_a, b + i * stride_b, c + i * stride_c, 0, m, 0, n);
    return;
  }
  // Split each matrix into `pieces` bands of C when the batch alone cannot
  // keep `threads` busy: bands of rows, or of columns when C is wider.
  const bool split_rows = SPLITROWS;
  const Index split_dim = split_rows ? m : n;
  Index pieces = batch >= threads ? 1 : (threads + batch - 1) / batch;
  Index band = (split_dim + pieces - 1) / pieces;
  band = (band + kSplitAlign - 1) / kSplitAlign * kSplitAlign;
  pieces = (split_dim + band - 1) / band;
  const std::int64_t items = batch * pieces;
  const std::int64_t grain = items / threads;
  pydeep::parallel_for(items, grain, [&](std::int64_t begin, std::int64_t end) {
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
