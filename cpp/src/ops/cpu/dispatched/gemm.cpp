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

// Multiply-adds (m*n*k) below which another thread is not worth waking: with
// passive waiting (set by the library) a wake-up costs tens of microseconds,
// so each thread needs a few hundred microseconds of GEMM to pay for itself.
constexpr double kMinWorkPerThread = 4.0 * 1024 * 1024;
// Bands of a split matrix start at multiples of this many rows (columns), so
// that all bands but the last keep the GEMM micro-kernel's panels full.
constexpr Index kBandAlign = 32;

// c = a * b + beta * c; beta == 0 never reads c. Eigen chooses by itself
// between its blocked GEMM, GEMV (a vector operand) and a coefficient-based
// product (m + n + k < 20); forcing lazyProduct on small sizes measured slower.
template <typename Lhs, typename Rhs>
void product(const Lhs& a, const Rhs& b, float beta, MutMap& c) {
  if (beta == 0.0f) {
    c.noalias() = a * b;  // Eigen zero-fills c first: NaN in c is ignored
    return;
  }
  if (beta != 1.0f) c *= beta;
  c.noalias() += a * b;
}

// One GEMM problem; block() computes rows [r0, r0 + rows) x columns
// [c0, c0 + cols) of C, reading only those rows of op(A) and those columns
// of op(B). op(X) is a (transposed) strided view of the stored matrix, never
// a copy: Eigen's GEMM packs either storage order directly.
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
    const ConstMap a_rows = trans_a ? ConstMap(a + r0, k, rows, Stride(m))
                                    : ConstMap(a + r0 * k, rows, k, Stride(k));
    const ConstMap b_cols = trans_b ? ConstMap(b + c0 * k, cols, k, Stride(k))
                                    : ConstMap(b + c0, k, cols, Stride(n));
    if (!trans_a && !trans_b)
      product(a_rows, b_cols, beta, cm);
    else if (!trans_a && trans_b)
      product(a_rows, b_cols.transpose(), beta, cm);
    else if (trans_a && !trans_b)
      product(a_rows.transpose(), b_cols, beta, cm);
    else
      product(a_rows.transpose(), b_cols.transpose(), beta, cm);
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
