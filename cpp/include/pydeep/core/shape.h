#pragma once
// Shapes are plain vectors of extents; tensors are always contiguous
// (row-major), so strides are derived, never stored.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace pydeep {

using Shape = std::vector<std::int64_t>;

std::int64_t numel(const Shape& shape);
// A shape for messages: "(2, 3)". Formatted only when streamed or converted,
// so building a check()'s message arguments costs nothing on the success
// path (checks run on every op; eager formatting once dominated small ops).
struct ShapeStr {
  const Shape& shape;
  operator std::string() const;  // NOLINT(google-explicit-constructor): reads like a string
};
std::ostream& operator<<(std::ostream& os, const ShapeStr& s);
inline ShapeStr shape_str(const Shape& shape) { return {shape}; }
Shape contiguous_strides(const Shape& shape);  // in elements

// Maps a possibly negative axis into [0, ndim); throws IndexError naming `where`.
int normalize_axis(std::int64_t axis, int ndim, const char* where);
// Numpy broadcasting of two shapes; throws ValueError naming `where` and both shapes.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* where);

}  // namespace pydeep
