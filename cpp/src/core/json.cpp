// Json values: construction, typed access, equality and dump(). Parsing is in
// json_parse.cpp.
#include "pydeep/core/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "pydeep/core/errors.h"

namespace pydeep {

namespace {

const char* type_name(Json::Type t) {
  switch (t) {
    case Json::Type::Null: return "null";
    case Json::Type::Bool: return "bool";
    case Json::Type::Int: return "int";
    case Json::Type::Float: return "float";
    case Json::Type::String: return "string";
    case Json::Type::Array: return "array";
    case Json::Type::Object: return "object";
  }
  return "?";
}

// "float 1.5", "string \"abc\"", "array [1,2,...]": the actual value in an
// error message, kept short.
std::string describe(const Json& v);

[[noreturn]] void type_error(const char* what, const char* expected, const Json& v) {
  throw ValueError(str(what, ": expected ", expected, "; received ", describe(v), "."));
}

// Shortest round-trip digits of a finite, nonzero |v|, as in "d.ddde[+-]XX".
std::string scientific_shortest(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  return std::string(buf, r.ptr);
}

// Python's float repr: the shortest round-trip digits, positional notation
// for decimal exponents in [-4, 16), else "1.5e-05"; integral values get ".0".
std::string format_double(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  std::string out = std::signbit(v) ? "-" : "";
  if (v == 0) return out + "0.0";
  const std::string sci = scientific_shortest(std::fabs(v));
  const std::size_t e = sci.find('e');
  std::string digits;
  for (std::size_t i = 0; i < e; ++i)
    if (sci[i] != '.') digits += sci[i];
  const int exp10 = std::atoi(sci.c_str() + e + 1);
  const int n = static_cast<int>(digits.size());
  if (exp10 < -4 || exp10 >= 16) {
    out += digits[0];
    if (n > 1) out += "." + digits.substr(1);
    char tail[16];
    std::snprintf(tail, sizeof tail, "e%c%02d", exp10 < 0 ? '-' : '+', std::abs(exp10));
    return out + tail;
  }
  if (exp10 < 0) return out + "0." + std::string(-exp10 - 1, '0') + digits;
  if (n <= exp10 + 1) return out + digits + std::string(exp10 + 1 - n, '0') + ".0";
  return out + digits.substr(0, exp10 + 1) + "." + digits.substr(exp10 + 1);
}

}  // namespace

class Json::Writer {
 public:
  explicit Writer(int indent) : indent_(indent) {}
  std::string out;

  void value(const Json& v, int level) {
    switch (v.type_) {
      case Type::Null: out += "null"; break;
      case Type::Bool: out += v.bool_ ? "true" : "false"; break;
      case Type::Int: out += std::to_string(v.int_); break;
      case Type::Float: out += format_double(v.float_); break;
      case Type::String: string(v.string_); break;
      case Type::Array:
        if (v.array_.empty()) {
          out += "[]";
          break;
        }
        out += '[';
        for (std::size_t i = 0; i < v.array_.size(); ++i) {
          if (i) out += ',';
          newline(level + 1);
          value(v.array_[i], level + 1);
        }
        newline(level);
        out += ']';
        break;
      case Type::Object:
        if (v.object_.empty()) {
          out += "{}";
          break;
        }
        out += '{';
        for (std::size_t i = 0; i < v.object_.size(); ++i) {
          if (i) out += ',';
          newline(level + 1);
          string(v.object_[i].first);
          out += indent_ >= 0 ? ": " : ":";
          value(v.object_[i].second, level + 1);
        }
        newline(level);
        out += '}';
        break;
    }
  }

 private:
  void newline(int level) {
    if (indent_ < 0) return;
    out += '\n';
    out.append(static_cast<std::size_t>(indent_) * level, ' ');
  }

  void string(const std::string& s) {
    out += '"';
    const char* p = s.data();
    const char* end = p + s.size();
    while (p < end) {
      const auto c = static_cast<unsigned char>(*p);
      if (c >= 0x80) {
        const int n = utf8_sequence_length(p, end);
        if (n == 0)
          throw ValueError(str("Json::dump: expected UTF-8 strings; received byte 0x", std::hex,
                               static_cast<int>(c), std::dec, " at byte ", p - s.data(),
                               " of a string"));
        out.append(p, n);
        p += n;
        continue;
      }
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", c);
            out += esc;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++p;
    }
    out += '"';
  }

  int indent_;
};

namespace {

std::string describe(const Json& v) {
  std::string text;
  try {
    text = v.dump();
  } catch (const ValueError&) {
    text = "(not valid UTF-8)";
  }
  constexpr std::size_t kMax = 60;
  if (text.size() > kMax) text = text.substr(0, kMax - 3) + "...";
  return str(type_name(v.type()), " ", text);
}

}  // namespace

std::string Json::dump(int indent) const {
  Writer w(indent);
  w.value(*this, 0);
  return std::move(w.out);
}

// --- construction ----------------------------------------------------------

Json::Json(const std::vector<std::int64_t>& v) : type_(Type::Array) {
  array_.reserve(v.size());
  for (auto x : v) array_.emplace_back(x);
}

Json Json::object(std::initializer_list<Member> members) {
  Json j;
  j.type_ = Type::Object;
  for (const auto& m : members) j.set(m.first, m.second);
  return j;
}

Json Json::array(std::initializer_list<Json> items) { return Json(Array(items)); }

// --- typed reads -----------------------------------------------------------

bool Json::as_bool(const char* what) const {
  if (type_ != Type::Bool) type_error(what, "a bool", *this);
  return bool_;
}

std::int64_t Json::as_int(const char* what) const {
  if (type_ == Type::Int) return int_;
  // [-2^63, 2^63) holds exactly the doubles that convert to int64 safely.
  if (type_ == Type::Float && std::trunc(float_) == float_ && float_ >= -9223372036854775808.0 &&
      float_ < 9223372036854775808.0)
    return static_cast<std::int64_t>(float_);
  type_error(what, "an integer", *this);
}

double Json::as_double(const char* what) const {
  if (type_ == Type::Float) return float_;
  if (type_ == Type::Int) return static_cast<double>(int_);
  type_error(what, "a number", *this);
}

const std::string& Json::as_string(const char* what) const {
  if (type_ != Type::String) type_error(what, "a string", *this);
  return string_;
}

const Json::Array& Json::as_array(const char* what) const {
  if (type_ != Type::Array) type_error(what, "an array", *this);
  return array_;
}

const Json::Object& Json::as_object(const char* what) const {
  if (type_ != Type::Object) type_error(what, "an object", *this);
  return object_;
}

std::vector<std::int64_t> Json::as_int_vector(const char* what) const {
  const Array& a = as_array(what);
  std::vector<std::int64_t> out;
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type_ == Type::Int) {
      out.push_back(a[i].int_);
    } else {
      const std::string item = str(what, "[", i, "]");
      out.push_back(a[i].as_int(item.c_str()));
    }
  }
  return out;
}

// --- objects and arrays ----------------------------------------------------

bool Json::contains(const std::string& key) const {
  if (type_ != Type::Object) return false;
  for (const auto& m : object_)
    if (m.first == key) return true;
  return false;
}

const Json& Json::at(const std::string& key) const {
  const std::string where = str("Json::at(\"", key, "\")");
  for (const auto& m : as_object(where.c_str()))
    if (m.first == key) return m.second;
  std::string keys;
  for (const auto& m : object_) keys += (keys.empty() ? "\"" : ", \"") + m.first + "\"";
  if (keys.size() > 200) keys = keys.substr(0, 197) + "...";
  throw ValueError(str(where, ": expected a member \"", key, "\"; received an object with keys [",
                       keys, "]."));
}

Json Json::get(const std::string& key, const Json& fallback) const {
  if (type_ == Type::Null) return fallback;
  const std::string where = str("Json::get(\"", key, "\")");
  for (const auto& m : as_object(where.c_str()))
    if (m.first == key) return m.second.is_null() ? fallback : m.second;
  return fallback;
}

Json& Json::operator[](const std::string& key) {
  if (type_ == Type::Null) type_ = Type::Object;
  if (type_ != Type::Object) type_error(str("Json[\"", key, "\"]").c_str(), "an object", *this);
  for (auto& m : object_)
    if (m.first == key) return m.second;
  object_.emplace_back(key, Json());
  return object_.back().second;
}

void Json::set(const std::string& key, Json value) { (*this)[key] = std::move(value); }

std::size_t Json::size() const {
  if (type_ == Type::Array) return array_.size();
  if (type_ == Type::Object) return object_.size();
  return 0;
}

const Json& Json::operator[](std::size_t index) const {
  const std::string where = str("Json[", index, "]");
  const Array& a = as_array(where.c_str());
  if (index >= a.size())
    throw IndexError(str(where, ": expected an index below ", a.size(), "; received ", index, "."));
  return a[index];
}

void Json::push_back(Json value) {
  if (type_ == Type::Null) type_ = Type::Array;
  if (type_ != Type::Array) type_error("Json::push_back", "an array", *this);
  array_.push_back(std::move(value));
}

// --- equality --------------------------------------------------------------

bool Json::operator==(const Json& other) const {
  if (type_ != other.type_) return false;
  switch (type_) {
    case Type::Null: return true;
    case Type::Bool: return bool_ == other.bool_;
    case Type::Int: return int_ == other.int_;
    case Type::Float: return float_ == other.float_;
    case Type::String: return string_ == other.string_;
    case Type::Array: return array_ == other.array_;
    case Type::Object: break;
  }
  const Object &a = object_, &b = other.object_;
  if (a.size() != b.size()) return false;
  bool same_order = true;
  for (std::size_t i = 0; i < a.size() && same_order; ++i) {
    if (a[i].first != b[i].first) same_order = false;
    else if (a[i].second != b[i].second) return false;
  }
  if (same_order) return true;
  // Keys are unique, so equal sorted member lists mean equal objects.
  auto sorted = [](const Object& o) {
    std::vector<const Member*> v;
    v.reserve(o.size());
    for (const auto& m : o) v.push_back(&m);
    std::sort(v.begin(), v.end(),
              [](const Member* x, const Member* y) { return x->first < y->first; });
    return v;
  };
  const auto sa = sorted(a), sb = sorted(b);
  for (std::size_t i = 0; i < sa.size(); ++i)
    if (sa[i]->first != sb[i]->first || sa[i]->second != sb[i]->second) return false;
  return true;
}

}  // namespace pydeep
