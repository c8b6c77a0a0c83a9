#pragma once
// Shapes are plain vectors of extents; tensors are always contiguous
// (row-major), so strides are derived, never stored.
#include <cstdint>
#include <string>
#include <vector>

namespace pydeep {

using Shape = std::vector<std::int64_t>;

std::int64_t numel(const Shape& shape);
std::string shape_str(const Shape& shape);  // "(2, 3)"
Shape contiguous_strides(const Shape& shape);  // in elements

// Maps a possibly negative axis into [0, ndim); throws IndexError naming `where`.
int normalize_axis(std::int64_t axis, int ndim, const char* where);
// Numpy broadcasting of two shapes; throws ValueError naming `where` and both shapes.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* where);

}  // namespace pydeep
