// Householder QR for the Orthogonal initializer. Weight matrices are small
// enough for an unblocked QR in double; the updates of the trailing columns
// are independent and run in parallel. Q is unique once R's diagonal is made
// positive (Keras: q *= sign(diag(r))), so the result does not depend on the
// QR algorithm beyond rounding.
#include <algorithm>
#include <cmath>
#include <vector>

#include "init/init_internal.h"
#include "pydeep/core/parallel.h"

namespace pydeep::init::detail {
namespace {

// x -= 2 v (v . x) over len elements (v has unit norm).
inline void reflect(const double* v, double* x, std::int64_t len) {
  double dot = 0.0;
  for (std::int64_t i = 0; i < len; ++i) dot += v[i] * x[i];
  dot *= 2.0;
  for (std::int64_t i = 0; i < len; ++i) x[i] -= dot * v[i];
}

// Applies the reflector v (rows k..m-1) to columns [first, n) of a.
void reflect_columns(const double* v, double* a, std::int64_t m, std::int64_t k,
                     std::int64_t first, std::int64_t n) {
  const std::int64_t len = m - k;
  parallel_for(n - first, std::max<std::int64_t>(1, 16384 / std::max<std::int64_t>(len, 1)),
               [&](std::int64_t begin, std::int64_t end) {
                 for (std::int64_t j = first + begin; j < first + end; ++j)
                   reflect(v, a + j * m + k, len);
               });
}

}  // namespace

void orthonormalize_columns(double* a, std::int64_t m, std::int64_t n) {
  std::vector<double> reflectors(static_cast<std::size_t>(m * n), 0.0);  // v_k in rows k..m-1
  std::vector<double> r_diag(static_cast<std::size_t>(n), 0.0);
  for (std::int64_t k = 0; k < n; ++k) {
    double* x = a + k * m + k;
    const std::int64_t len = m - k;
    double norm = 0.0;
    for (std::int64_t i = 0; i < len; ++i) norm += x[i] * x[i];
    norm = std::sqrt(norm);
    if (norm == 0.0) continue;  // a zero column: R_kk = 0, Q's column stays 0
    const double alpha = x[0] >= 0.0 ? -norm : norm;  // avoids cancellation
    double* v = reflectors.data() + k * m + k;
    std::copy(x, x + len, v);
    v[0] -= alpha;
    double vnorm = 0.0;
    for (std::int64_t i = 0; i < len; ++i) vnorm += v[i] * v[i];
    vnorm = std::sqrt(vnorm);
    for (std::int64_t i = 0; i < len; ++i) v[i] /= vnorm;
    r_diag[k] = alpha;
    reflect_columns(v, a, m, k, k + 1, n);
  }
  // Q = H_0 ... H_{n-1} I[:, :n]; H_k only touches rows >= k, and columns
  // j < k of the partial product are still e_j there, so only j >= k change.
  std::fill(a, a + m * n, 0.0);
  for (std::int64_t j = 0; j < n; ++j) a[j * m + j] = 1.0;
  for (std::int64_t k = n - 1; k >= 0; --k)
    if (r_diag[k] != 0.0) reflect_columns(reflectors.data() + k * m + k, a, m, k, k, n);
  for (std::int64_t k = 0; k < n; ++k) {
    const double sign = r_diag[k] > 0.0 ? 1.0 : r_diag[k] < 0.0 ? -1.0 : 0.0;
    for (std::int64_t i = 0; i < m; ++i) a[k * m + i] *= sign;
  }
}

}  // namespace pydeep::init::detail
