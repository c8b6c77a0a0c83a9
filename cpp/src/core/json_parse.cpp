// Json::parse: a recursive-descent parser for RFC 8259 JSON plus Python's
// NaN / Infinity / -Infinity. Recursion is bounded by max_depth, every
// failure is a ValueError with the byte offset, and the work is linear in the
// input (n log n in the size of each object, for repeated keys), so hostile
// input can neither overflow the stack nor hang.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>
#include <system_error>
#include <vector>

#include "pydeep/core/errors.h"
#include "pydeep/core/json.h"

#if !defined(__cpp_lib_to_chars)
// libstdc++ 11+, MSVC 19.24+ and libc++ 20+ have them.
#error "pydeep's JSON needs the floating-point std::from_chars and std::to_chars"
#endif

namespace pydeep {

int Json::utf8_sequence_length(const char* p, const char* end) {
  const auto* s = reinterpret_cast<const unsigned char*>(p);
  const std::ptrdiff_t left = end - p;
  if (left <= 0) return 0;
  const unsigned c = s[0];
  if (c < 0x80) return 1;
  auto cont = [&](int i, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return i < left && s[i] >= lo && s[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    // E0: no overlong forms; ED: no UTF-16 surrogates (U+D800..U+DFFF).
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    // F0: no overlong forms; F4: nothing above U+10FFFF.
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}


namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A repeated key keeps its first position and its last value (Python's
// dict(pairs)). Sorting keeps this n log n for objects with many members.
void merge_repeated_keys(Json::Object& members) {
  const std::size_t n = members.size();
  if (n < 2) return;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return members[a].first < members[b].first;
  });
  std::vector<bool> drop(n, false);
  bool any = false;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && members[order[j + 1]].first == members[order[i]].first)
      drop[order[++j]] = true;
    if (j > i) {
      any = true;
      members[order[i]].second = std::move(members[order[j]].second);
    }
    i = j + 1;
  }
  if (!any) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!drop[i]) {
      if (kept != i) members[kept] = std::move(members[i]);
      ++kept;
    }
  members.resize(kept);
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

class Json::Parser {
 public:
  Parser(const std::string& text, int max_depth)
      : begin_(text.data()), p_(begin_), end_(begin_ + text.size()), max_depth_(max_depth) {}

  Json document() {
    Json v = value(0);
    skip_ws();
    if (p_ != end_) fail("expected end of input after the value; received " + here());
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& problem, const char* at) const {
    throw ValueError(str("JSON: ", problem, " at byte ", at - begin_));
  }
  [[noreturn]] void fail(const std::string& problem) const { fail(problem, p_); }

  // The byte at p_, for messages: 'x', byte 0x07, or end of input.
  std::string here() const {
    if (p_ == end_) return "end of input";
    const auto c = static_cast<unsigned char>(*p_);
    if (c > 0x20 && c < 0x7F) return str("'", static_cast<char>(c), "'");
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
    return buf;
  }

  void skip_ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  Json literal(const char* word, Json v) {
    const char* start = p_;
    for (const char* w = word; *w; ++w, ++p_)
      if (p_ == end_ || *p_ != *w)
        fail(str("invalid literal (expected ", word, "); received ", here()), start);
    return v;
  }

  Json value(int depth) {
    skip_ws();
    if (p_ == end_) fail("expected a value; received end of input");
    switch (*p_) {
      case '[': return array(depth);
      case '{': return object(depth);
      case '"': return Json(string());
      case 't': return literal("true", Json(true));
      case 'f': return literal("false", Json(false));
      case 'n': return literal("null", Json());
      case 'N': return literal("NaN", Json(std::numeric_limits<double>::quiet_NaN()));
      case 'I': return literal("Infinity", Json(std::numeric_limits<double>::infinity()));
      case '-':
        if (p_ + 1 != end_ && p_[1] == 'I')
          return literal("-Infinity", Json(-std::numeric_limits<double>::infinity()));
        return number();
      default:
        if (is_digit(*p_)) return number();
        fail("expected a value; received " + here());
    }
  }

  // p_ at '[' or '{' of a container at `depth` (the document is depth 0).
  void enter(int depth) {
    if (depth >= max_depth_) fail(str("nesting deeper than max_depth=", max_depth_));
    ++p_;
    skip_ws();
  }

  // After an item: true (and past it) at the closing bracket, false after a comma.
  bool next_or_close(char close) {
    skip_ws();
    if (p_ != end_ && (*p_ == ',' || *p_ == close)) return *p_++ == close;
    fail(str("expected ',' or '", close, "'; received ", here()));
  }

  Json array(int depth) {
    enter(depth);
    Json out{Array{}};
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return out;
    }
    do out.array_.push_back(value(depth + 1));
    while (!next_or_close(']'));
    return out;
  }

  Json object(int depth) {
    enter(depth);
    Json out;
    out.type_ = Type::Object;
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return out;
    }
    do {
      skip_ws();
      if (p_ == end_ || *p_ != '"') fail("expected a string key; received " + here());
      std::string key = string();
      skip_ws();
      if (p_ == end_ || *p_ != ':') fail("expected ':' after a key; received " + here());
      ++p_;
      out.object_.emplace_back(std::move(key), value(depth + 1));
    } while (!next_or_close('}'));
    merge_repeated_keys(out.object_);
    return out;
  }

  // p_ at the opening quote; leaves p_ past the closing one.
  std::string string() {
    const char* open = p_++;
    std::string out;
    const char* run = p_;  // bytes to copy verbatim, since the last escape
    for (;;) {
      if (p_ == end_) fail(str("unterminated string (opened at byte ", open - begin_, ")"));
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out.append(run, p_);
        ++p_;
        return out;
      }
      if (c == '\\') {
        out.append(run, p_);
        escape(out);
        run = p_;
      } else if (c < 0x20) {
        fail(str("raw control character (", here(), ") in a string; write it as an escape"));
      } else if (c < 0x80) {
        ++p_;
      } else {
        const int n = utf8_sequence_length(p_, end_);
        if (n == 0) fail(str("invalid UTF-8 (", here(), ") in a string"));
        p_ += n;
      }
    }
  }

  // p_ at the backslash; decodes one escape (a \u surrogate pair counts as one).
  void escape(std::string& out) {
    const char* at = p_++;
    if (p_ == end_) fail("unterminated string");
    switch (*p_++) {
      case '"': out += '"'; return;
      case '\\': out += '\\'; return;
      case '/': out += '/'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case 'u': break;
      default:
        --p_;
        fail("invalid escape: backslash followed by " + here(), at);
    }
    unsigned cp = hex4();
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u')
        fail("unpaired UTF-16 surrogate in a \\u escape", at);
      p_ += 2;
      const unsigned low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) fail("unpaired UTF-16 surrogate in a \\u escape", at);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      fail("unpaired UTF-16 surrogate in a \\u escape", at);
    }
    append_utf8(out, cp);
  }

  unsigned hex4() {
    unsigned v = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      const char c = p_ == end_ ? '\0' : *p_;
      unsigned d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else fail("expected 4 hex digits after \\u; received " + here());
      v = v * 16 + d;
    }
    return v;
  }

  // Checks the RFC 8259 grammar, then converts: Int when integral and in
  // int64's range, else Float.
  Json number() {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* int_begin = p_;
    if (p_ == end_ || !is_digit(*p_)) fail("expected a digit in a number; received " + here());
    if (*p_ == '0' && p_ + 1 != end_ && is_digit(p_[1]))
      fail("leading zeros are not allowed in numbers", start);
    while (p_ != end_ && is_digit(*p_)) ++p_;
    const char* int_end = p_;
    const char* frac_begin = p_;
    bool integral = true;
    if (p_ != end_ && *p_ == '.') {
      integral = false;
      frac_begin = ++p_;
      if (p_ == end_ || !is_digit(*p_))
        fail("expected a digit after '.' in a number; received " + here());
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    const char* frac_end = p_;
    long long exponent = 0;
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      const bool exp_negative = p_ != end_ && *p_ == '-';
      if (p_ != end_ && (*p_ == '-' || *p_ == '+')) ++p_;
      if (p_ == end_ || !is_digit(*p_))
        fail("expected a digit in a number's exponent; received " + here());
      for (; p_ != end_ && is_digit(*p_); ++p_)
        exponent = std::min(exponent * 10 + (*p_ - '0'), 1000000000LL);  // saturates
      if (exp_negative) exponent = -exponent;
    }
    if (integral) {
      std::uint64_t magnitude = 0;
      bool fits = true;
      for (const char* q = int_begin; q != int_end && fits; ++q) {
        const unsigned d = *q - '0';
        fits = magnitude <= (std::numeric_limits<std::uint64_t>::max() - d) / 10;
        magnitude = magnitude * 10 + d;
      }
      const std::uint64_t limit = std::uint64_t{1} << 63;  // |INT64_MIN|
      if (fits && negative && magnitude <= limit)
        return Json(static_cast<std::int64_t>(0 - magnitude));  // two's complement wrap
      if (fits && !negative && magnitude < limit) return Json(static_cast<std::int64_t>(magnitude));
    }
    double v = 0;
    const auto r = std::from_chars(start, p_, v);
    if (r.ec == std::errc::result_out_of_range) {
      // Past double's range: Infinity when the decimal exponent of the
      // leading significant digit is positive, else (underflow) zero.
      long long lead;
      const char* q = int_begin;
      while (q != int_end && *q == '0') ++q;
      if (q != int_end) {
        lead = (int_end - q) - 1;
      } else {
        q = frac_begin;
        while (q != frac_end && *q == '0') ++q;
        lead = -((q - frac_begin) + 1);
      }
      const double mag = lead + exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
      v = negative ? -mag : mag;
    } else if (r.ec != std::errc() || r.ptr != p_) {
      fail("invalid number", start);
    }
    return Json(v);
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  int max_depth_;
};

Json Json::parse(const std::string& text, int max_depth) {
  if (max_depth < 0)
    throw ValueError(str("Json::parse: expected max_depth >= 0; received ", max_depth, "."));
  return Parser(text, max_depth).document();
}

}  // namespace pydeep
