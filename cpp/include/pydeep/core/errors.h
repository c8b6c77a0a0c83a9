#pragma once
// Typed exceptions of the core. They derive from the std types so that C++
// users can catch them generically; the Python binding maps each to the
// matching Python exception (ValueError, TypeError, IndexError, OSError,
// NotImplementedError). Message form: "<where>: expected <X>; received <Y>."
#include <sstream>
#include <stdexcept>
#include <string>

namespace pydeep {

struct ValueError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};
struct TypeError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};
struct IndexError : std::out_of_range {
  using std::out_of_range::out_of_range;
};
struct IOError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct NotImplementedError : std::logic_error {
  using std::logic_error::logic_error;
};

// Concatenates anything streamable into one string: str("matmul: ", a, " vs ", b).
template <typename... Args>
std::string str(const Args&... args) {
  std::ostringstream os;
  (os << ... << args);
  return os.str();
}

// Throws E with the concatenated message when `cond` is false.
template <typename E = ValueError, typename... Args>
inline void check(bool cond, const Args&... args) {
  if (!cond) throw E(str(args...));
}

}  // namespace pydeep
