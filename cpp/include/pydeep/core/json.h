#pragma once
// A JSON value: the configuration language of layers, losses, metrics and
// optimizers (get_config / from_config) and of the model file's metadata.
// Objects keep insertion order (configs round-trip as written) and their keys
// are unique. Strings hold UTF-8. Parsing is strict RFC 8259, depth-limited,
// and reports errors with their byte offset, so a damaged file gives a clear
// ValueError instead of a crash.
//
// Errors: type mismatches and misuse throw ValueError; an array index out of
// range throws IndexError. A Json is a plain value (copies are deep); it is
// not synchronized, so concurrent reads are safe and writes are not.
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pydeep {

class Json {
 public:
  enum class Type { Null, Bool, Int, Float, String, Array, Object };
  using Array = std::vector<Json>;
  using Member = std::pair<std::string, Json>;
  using Object = std::vector<Member>;  // insertion order

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool v) : type_(Type::Bool), bool_(v) {}
  Json(int v) : type_(Type::Int), int_(v) {}
  Json(std::int64_t v) : type_(Type::Int), int_(v) {}
  Json(double v) : type_(Type::Float), float_(v) {}
  Json(float v) : type_(Type::Float), float_(v) {}
  Json(const char* v) : type_(Type::String), string_(v) {}
  Json(std::string v) : type_(Type::String), string_(std::move(v)) {}
  Json(Array v) : type_(Type::Array), array_(std::move(v)) {}
  Json(const std::vector<std::int64_t>& v);  // an array of ints (shapes)
  // A repeated key keeps its first position and its last value.
  static Json object(std::initializer_list<Member> members = {});
  static Json array(std::initializer_list<Json> items = {});

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_bool() const { return type_ == Type::Bool; }
  bool is_number() const { return type_ == Type::Int || type_ == Type::Float; }
  bool is_int() const { return type_ == Type::Int; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }

  // Typed reads; throw ValueError naming `what` and the actual type on mismatch.
  // References stay valid until this value is next modified.
  bool as_bool(const char* what = "value") const;
  std::int64_t as_int(const char* what = "value") const;  // integral Float in int64 range accepted
  double as_double(const char* what = "value") const;     // Int accepted
  const std::string& as_string(const char* what = "value") const;
  const Array& as_array(const char* what = "value") const;
  const Object& as_object(const char* what = "value") const;
  std::vector<std::int64_t> as_int_vector(const char* what = "value") const;

  // Objects: member access, linear in the number of members. contains/get do
  // not insert; operator[] on a null value turns it into an object and
  // inserts a null member when missing; operator[], set and push_back on a
  // value of another type throw ValueError. A reference returned by
  // operator[] is invalidated by the next insertion into the same object.
  bool contains(const std::string& key) const;  // false for a non-object
  const Json& at(const std::string& key) const;  // throws ValueError naming the key
  // The member, or `fallback` when absent (or null); on a null value, the
  // fallback; on another non-object, ValueError.
  // Returned by value: callers commonly pass a temporary fallback, which a
  // returned reference would outlive.
  Json get(const std::string& key, const Json& fallback) const;
  Json& operator[](const std::string& key);
  void set(const std::string& key, Json value);  // insert or replace, keeping order
  // Arrays.
  std::size_t size() const;  // elements of an array, members of an object, else 0
  const Json& operator[](std::size_t index) const;  // IndexError when out of range
  void push_back(Json value);  // null becomes an array

  // Deep equality. Types must match: Int 1 != Float 1.0. Floats compare as
  // IEEE doubles (NaN != NaN, -0.0 == 0.0). Objects compare as Python dicts
  // do: the same keys with equal values, in any order.
  bool operator==(const Json& other) const;
  bool operator!=(const Json& other) const { return !(*this == other); }

  // Compact (indent < 0: no spaces) or pretty output (indent >= 0: one item
  // per line, `indent` spaces per level, ": " after keys), deterministic and
  // in member order. Floats print as Python's repr does: the shortest digits
  // that round-trip exactly, with a ".0" or an exponent even when integral
  // (1.0, 1e+16), so they parse back as Float. Non-finite floats are written
  // as NaN / Infinity / -Infinity (as Python's json module does) and parsed
  // back. Strings are written as UTF-8 with '"', backslash and control
  // characters escaped (\n, \u001f, ...). Throws ValueError when a string or
  // key is not valid UTF-8 (the output could not be read back).
  std::string dump(int indent = -1) const;
  // Parses one JSON text: RFC 8259 plus the NaN / Infinity / -Infinity
  // literals. Integers that fit in int64 become Int, other numbers Float
  // (out-of-range magnitudes become +-Infinity or 0.0). Strings must be
  // valid UTF-8 with no raw control characters; \uXXXX escapes (surrogate
  // pairs included, lone surrogates rejected) are decoded to UTF-8. A
  // repeated key keeps its first position and its last value, as in Python.
  // Depth counts nested arrays/objects ("[]" has depth 1); max_depth >= 0
  // bounds the parser's recursion, so keep it in the thousands at most
  // (a negative max_depth is a ValueError).
  // Throws ValueError("JSON: <problem> at byte <offset>"), offset 0-based, on
  // malformed input, trailing characters, or nesting deeper than max_depth;
  // no other exception escapes except std::bad_alloc.
  static Json parse(const std::string& text, int max_depth = 512);

 private:
  class Parser;  // json_parse.cpp
  class Writer;  // json.cpp
  // Length of the valid UTF-8 sequence starting at p (1-4), or 0 when the
  // bytes at p are not one (truncated, overlong, surrogate, > U+10FFFF).
  static int utf8_sequence_length(const char* p, const char* end);

  Type type_ = Type::Null;
  bool bool_ = false;
  std::int64_t int_ = 0;
  double float_ = 0.0;
  std::string string_;
  Array array_;
  Object object_;
};

}  // namespace pydeep
