#include "pydeep/core/shape.h"

#include <algorithm>
#include <sstream>

#include "pydeep/core/errors.h"

namespace pydeep {

std::int64_t numel(const Shape& shape) {
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

std::ostream& operator<<(std::ostream& os, const ShapeStr& s) {
  os << "(";
  for (std::size_t i = 0; i < s.shape.size(); ++i) {
    if (i) os << ", ";
    os << s.shape[i];
  }
  if (s.shape.size() == 1) os << ",";
  return os << ")";
}

ShapeStr::operator std::string() const {
  std::ostringstream os;
  os << *this;
  return os.str();
}

Shape contiguous_strides(const Shape& shape) {
  Shape strides(shape.size(), 1);
  for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

int normalize_axis(std::int64_t axis, int ndim, const char* where) {
  if (axis < -ndim || axis >= ndim || ndim == 0)
    throw IndexError(str(where, ": axis ", axis, " is out of bounds for a tensor of rank ", ndim));
  return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* where) {
  const std::size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const std::int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1)
      throw ValueError(str(where, ": shapes ", shape_str(a), " and ", shape_str(b),
                           " cannot be broadcast together (axis ", i, ": ", da, " vs ", db, ")"));
    out[i] = da == 1 ? db : da;
  }
  return out;
}

}  // namespace pydeep
