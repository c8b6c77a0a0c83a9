#pragma once
// Element types. Computation is float32; int32/int64 carry labels and
// indices; bool carries masks and comparison results (one byte per element).
#include <cstddef>
#include <cstdint>
#include <string>

namespace pydeep {

enum class DType : std::uint8_t { Float32, Int32, Int64, Bool };

std::size_t dtype_size(DType dtype);
const char* dtype_name(DType dtype);  // "float32", "int32", "int64", "bool"
DType dtype_from_name(const std::string& name);  // throws TypeError for unknown names
bool is_floating(DType dtype);
// Result type of arithmetic between a and b: float32 if either is float32,
// else int64 if either is int64, else int32 (bool counts as int32).
DType promote_types(DType a, DType b);

template <typename T> struct dtype_of;
template <> struct dtype_of<float> { static constexpr DType value = DType::Float32; };
template <> struct dtype_of<std::int32_t> { static constexpr DType value = DType::Int32; };
template <> struct dtype_of<std::int64_t> { static constexpr DType value = DType::Int64; };
template <> struct dtype_of<bool> { static constexpr DType value = DType::Bool; };

// Calls f with a value of the C++ type for dtype: visit_dtype(dt, [&](auto tag) {
// using T = decltype(tag); ... }).
template <typename F>
decltype(auto) visit_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::Float32: return f(float{});
    case DType::Int32: return f(std::int32_t{});
    case DType::Int64: return f(std::int64_t{});
    case DType::Bool: return f(bool{});
  }
  return f(float{});
}

}  // namespace pydeep
