// pydeep::Json: round trips, float formatting, escapes, typed access, errors
// with byte offsets, the depth limit, and fuzzing (random bytes, mutations,
// truncations, deep nesting) that must only ever give ValueError.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "pydeep/core/errors.h"
#include "pydeep/core/json.h"

namespace {

using pydeep::Json;

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::printf("FAIL %s\n", what.c_str());
    ++failures;
  }
}

// Parses `text` and reports the outcome: "ok", "ValueError: <message>", or
// the name of any other exception (always a failure).
std::string try_parse(const std::string& text, Json* out = nullptr, int max_depth = 512) {
  try {
    Json v = Json::parse(text, max_depth);
    if (out) *out = v;
    return "ok";
  } catch (const pydeep::ValueError& e) {
    return std::string("ValueError: ") + e.what();
  } catch (const std::exception& e) {
    return std::string("other exception: ") + e.what();
  } catch (...) {
    return "unknown exception";
  }
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

template <typename E, typename F>
std::string expect_throw(F&& f, const std::string& what) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    expect(false, what + ": wrong exception type: " + e.what());
    return "";
  }
  expect(false, what + ": did not throw");
  return "";
}

// Independent reference: the fewest significant digits (1..17) with which
// printf's %g text reads back (through strtod) as exactly v.
int shortest_digits(double v) {
  char buf[64];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, v);
    if (std::strtod(buf, nullptr) == v) return p;
  }
  return 17;
}

int significant_digits(const std::string& text) {
  std::string mantissa = text.substr(0, text.find('e'));
  std::string digits;
  for (char c : mantissa)
    if (c >= '0' && c <= '9') digits += c;
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 1;
  digits = digits.substr(first);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  return static_cast<int>(digits.size());
}

void test_round_trips() {
  // {input, compact dump}: dump(parse(input)) is canonical and parses back equal.
  const char* rows[][2] = {
      {"null", "null"},
      {" true ", "true"},
      {"false", "false"},
      {"0", "0"},
      {"-0", "0"},
      {"-12", "-12"},
      {"9223372036854775807", "9223372036854775807"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"9223372036854775808", "9.223372036854776e+18"},
      {"1.0", "1.0"},
      {"1e2", "100.0"},
      {"-0.0", "-0.0"},
      {"0.1", "0.1"},
      {"1E400", "Infinity"},
      {"-1e400", "-Infinity"},
      {"1e-400", "0.0"},
      {"-0.00000000000000000000000000000000000000000001e-300", "-0.0"},
      {"1e-310", "1e-310"},
      {"NaN", "NaN"},
      {"[NaN,Infinity,-Infinity]", "[NaN,Infinity,-Infinity]"},
      {"\"\"", "\"\""},
      {"[]", "[]"},
      {"{}", "{}"},
      {" [ 1 , [ ] , { } , \"x\" ] ", "[1,[],{},\"x\"]"},
      {"{\"b\":1,\"a\":[true,null],\"c\":{\"d\":2.5}}",
       "{\"b\":1,\"a\":[true,null],\"c\":{\"d\":2.5}}"},
      {"{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}"},  // Python: first position, last value
      {"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\\"\\\\/\\b\\f\\n\\r\\t\""},
      {"\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\"", "\"A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\""},
      {"\"\\u0000\\u001F\\u007f\"", "\"\\u0000\\u001f\x7F\""},
      {"\"caf\xC3\xA9 \xE2\x80\xA8\"", "\"caf\xC3\xA9 \xE2\x80\xA8\""},
  };
  for (const auto& row : rows) {
    Json v;
    const std::string r = try_parse(row[0], &v);
    if (r != "ok") {
      expect(false, std::string("parse ") + row[0] + ": " + r);
      continue;
    }
    expect(v.dump() == row[1],
           std::string("dump of ") + row[0] + " = " + v.dump() + ", want " + row[1]);
    Json back = Json::parse(v.dump());
    expect(back.dump() == v.dump(), std::string("re-dump of ") + row[0]);
    const bool has_nan = v.dump().find("NaN") != std::string::npos;
    expect(has_nan || back == v, std::string("round trip equality of ") + row[0]);
    expect(Json::parse(v.dump(2)).dump() == v.dump(),
           std::string("pretty round trip of ") + row[0]);
  }
  expect(Json::parse("\"\\u0000\"").as_string().size() == 1, "\\u0000 decodes to one NUL byte");
  expect(Json::parse("1").is_int() && Json::parse("1.0").type() == Json::Type::Float,
         "Int vs Float");
  expect(Json::parse("-9223372036854775809").type() == Json::Type::Float,
         "int64 underflow is Float");
  expect(std::signbit(Json::parse("-0.0").as_double()), "-0.0 keeps its sign");

  Json pretty = Json::object({{"a", Json::array({1, 2})}, {"b", Json::object()}, {"c", "x"}});
  expect(pretty.dump(2) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": \"x\"\n}",
         "pretty dump: " + pretty.dump(2));
  expect(pretty.dump(0) == "{\n\"a\": [\n1,\n2\n],\n\"b\": {},\n\"c\": \"x\"\n}", "indent 0");
  expect(pretty.dump() == "{\"a\":[1,2],\"b\":{},\"c\":\"x\"}", "compact dump");

  Json ctl(std::string("a\x01\x1f\x7f\"\\\n"));
  expect(ctl.dump() == "\"a\\u0001\\u001f\x7f\\\"\\\\\\n\"",
         "control characters escaped: " + ctl.dump());
  expect_throw<pydeep::ValueError>([] { Json(std::string("\xff")).dump(); },
                                   "dump of invalid UTF-8");
}

void test_floats() {
  const double inf = std::numeric_limits<double>::infinity();
  const struct {
    double v;
    const char* text;
  } rows[] = {
      {1.0, "1.0"}, {-2.0, "-2.0"}, {0.5, "0.5"}, {0.1, "0.1"}, {100.0, "100.0"},
      {1e15, "1000000000000000.0"}, {1e16, "1e+16"}, {1.5e16, "1.5e+16"}, {0.0001, "0.0001"},
      {0.00001, "1e-05"}, {1.5e-5, "1.5e-05"}, {123.456, "123.456"}, {1e100, "1e+100"},
      {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
      {0.30000000000000004, "0.30000000000000004"}, {-0.0, "-0.0"}, {inf, "Infinity"},
      {-inf, "-Infinity"}, {std::nan(""), "NaN"},
  };
  for (const auto& row : rows)
    expect(Json(row.v).dump() == row.text, "dump " + Json(row.v).dump() + ", want " + row.text);
  expect(Json(0.1f).dump() == "0.10000000149011612", "float widens to double exactly");

  // Random bit patterns: exact round trip through our parser and strtod, and
  // no more digits than the shortest %g that round-trips.
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 4000; ++i) {
    std::uint64_t bits = rng();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v)) continue;
    const std::string text = Json(v).dump();
    const double back = Json::parse(text).as_double();
    const double ref = std::strtod(text.c_str(), nullptr);
    if (std::memcmp(&back, &v, sizeof v) != 0 || ref != v ||
        significant_digits(text) > shortest_digits(v)) {
      expect(false, "float round trip of " + text);
      break;
    }
  }
}

void test_access() {
  Json cfg = Json::object({{"units", 3},
                           {"rate", 0.5},
                           {"name", "dense"},
                           {"shape", Json(std::vector<std::int64_t>{2, 3})}});
  expect(cfg.at("units").as_int() == 3 && cfg.at("rate").as_double() == 0.5, "typed reads");
  expect(cfg.at("units").as_double() == 3.0, "as_double accepts Int");
  expect(Json(3.0).as_int() == 3, "as_int accepts integral Float");
  expect(cfg.at("shape").as_int_vector() == std::vector<std::int64_t>{2, 3}, "as_int_vector");
  std::string msg = expect_throw<pydeep::ValueError>([&] { cfg.at("name").as_int("units"); },
                                                     "as_int of a string");
  expect(msg == "units: expected an integer; received string \"dense\".", "as_int message: " + msg);
  msg = expect_throw<pydeep::ValueError>([] { Json(2.5).as_int("units"); }, "as_int of 2.5");
  expect(msg == "units: expected an integer; received float 2.5.", "as_int message: " + msg);
  expect_throw<pydeep::ValueError>([] { Json(1e19).as_int(); }, "as_int of 1e19");
  expect_throw<pydeep::ValueError>([] { Json(std::nan("")).as_int(); }, "as_int of NaN");
  msg = expect_throw<pydeep::ValueError>(
      [] { Json::parse("[1,2.5]").as_int_vector("shape"); }, "as_int_vector");
  expect(starts_with(msg, "shape[1]: expected an integer"), "as_int_vector names the item: " + msg);
  msg = expect_throw<pydeep::ValueError>([&] { cfg.at("missing"); }, "at of a missing key");
  expect(msg.find("\"missing\"") != std::string::npos && msg.find("\"units\"") != std::string::npos,
         "at names the key and the keys present: " + msg);
  expect_throw<pydeep::ValueError>([] { Json(1).at("a"); }, "at on an int");
  expect(cfg.contains("rate") && !cfg.contains("x") && !Json(1).contains("x"), "contains");
  const Json fallback(7);
  expect(cfg.get("x", fallback).as_int() == 7 && cfg.get("units", fallback).as_int() == 3, "get");
  expect(Json::object({{"n", nullptr}}).get("n", fallback).as_int() == 7, "get of a null member");
  expect(Json().get("n", fallback).as_int() == 7, "get on null");
  expect_throw<pydeep::ValueError>([&] { Json(Json::Array{}).get("n", fallback); },
                                   "get on an array");

  Json o;
  o["b"] = 1;
  o["a"] = 2;
  o.set("b", "x");
  o["c"];
  expect(o.dump() == "{\"b\":\"x\",\"a\":2,\"c\":null}", "operator[]/set keep order: " + o.dump());
  expect(o.size() == 3 && Json(5).size() == 0, "size");
  expect(Json::object({{"k", 1}, {"k", 2}}).dump() == "{\"k\":2}", "object() with a repeated key");
  expect_throw<pydeep::ValueError>([] { Json x(1); x["a"] = 1; }, "operator[] on an int");
  Json arr;
  arr.push_back(1);
  arr.push_back("two");
  expect(arr.dump() == "[1,\"two\"]" && arr[1].as_string() == "two", "push_back on null");
  expect_throw<pydeep::IndexError>([&] { arr[2]; }, "index out of range");
  expect_throw<pydeep::ValueError>([&] { o.push_back(1); }, "push_back on an object");

  expect(Json(1) != Json(1.0), "Int 1 != Float 1.0");
  expect(Json(std::int64_t{5}) == Json(5), "int64 == int");
  const Json ab = Json::parse("{\"a\":1,\"b\":[2]}");
  expect(ab == Json::parse("{\"b\":[2],\"a\":1}"), "objects ignore order");
  expect(ab != Json::parse("{\"b\":[2],\"a\":2}"), "objects compare values");
  expect(Json::parse("{\"a\":1}") != Json::parse("{\"a\":1,\"b\":1}"), "objects compare sizes");
  expect(Json::parse("[1,2]") != Json::parse("[2,1]"), "arrays keep order");
  expect(Json(std::nan("")) != Json(std::nan("")), "NaN != NaN");
}

void test_errors() {
  // {input, full message}: offsets are 0-based bytes.
  const char* rows[][2] = {
      {"", "JSON: expected a value; received end of input at byte 0"},
      {"   ", "JSON: expected a value; received end of input at byte 3"},
      {"[1,]", "JSON: expected a value; received ']' at byte 3"},
      {"[1 2]", "JSON: expected ',' or ']'; received '2' at byte 3"},
      {"[1", "JSON: expected ',' or ']'; received end of input at byte 2"},
      {"{\"a\" 1}", "JSON: expected ':' after a key; received '1' at byte 5"},
      {"{1:2}", "JSON: expected a string key; received '1' at byte 1"},
      {"{\"a\":1,}", "JSON: expected a string key; received '}' at byte 7"},
      {"01", "JSON: leading zeros are not allowed in numbers at byte 0"},
      {"-01", "JSON: leading zeros are not allowed in numbers at byte 0"},
      {"1.", "JSON: expected a digit after '.' in a number; received end of input at byte 2"},
      {"1.e5", "JSON: expected a digit after '.' in a number; received 'e' at byte 2"},
      {"1e+", "JSON: expected a digit in a number's exponent; received end of input at byte 3"},
      {"-", "JSON: expected a digit in a number; received end of input at byte 1"},
      {"-NaN", "JSON: expected a digit in a number; received 'N' at byte 1"},
      {"+1", "JSON: expected a value; received '+' at byte 0"},
      {".5", "JSON: expected a value; received '.' at byte 0"},
      {"0x10", "JSON: expected end of input after the value; received 'x' at byte 1"},
      {"[1] x", "JSON: expected end of input after the value; received 'x' at byte 4"},
      {"1 2", "JSON: expected end of input after the value; received '2' at byte 2"},
      {"tru", "JSON: invalid literal (expected true); received end of input at byte 0"},
      {"nul1", "JSON: invalid literal (expected null); received '1' at byte 0"},
      {"infinity", "JSON: expected a value; received 'i' at byte 0"},
      {"-Inf", "JSON: invalid literal (expected -Infinity); received end of input at byte 0"},
      {"\"abc", "JSON: unterminated string (opened at byte 0) at byte 4"},
      {"[\"a\nb\"]",
       "JSON: raw control character (byte 0x0A) in a string; write it as an escape at byte 3"},
      {"\"\\x\"", "JSON: invalid escape: backslash followed by 'x' at byte 1"},
      {"\"\\", "JSON: unterminated string at byte 2"},
      {"\"\\u12g4\"", "JSON: expected 4 hex digits after \\u; received 'g' at byte 5"},
      {"\"\\u12", "JSON: expected 4 hex digits after \\u; received end of input at byte 5"},
      {" \"\\ud800\"", "JSON: unpaired UTF-16 surrogate in a \\u escape at byte 2"},
      {"\"\\udc00\"", "JSON: unpaired UTF-16 surrogate in a \\u escape at byte 1"},
      {"\"\\ud800\\u0041\"", "JSON: unpaired UTF-16 surrogate in a \\u escape at byte 1"},
      {"\xEF\xBB\xBF{}", "JSON: expected a value; received byte 0xEF at byte 0"},
      {"\v1", "JSON: expected a value; received byte 0x0B at byte 0"},
      {"\"\x1F\"",
       "JSON: raw control character (byte 0x1F) in a string; write it as an escape at byte 1"},
      {"\"\xC3\x28\"", "JSON: invalid UTF-8 (byte 0xC3) in a string at byte 1"},
      {"\"\xE0\x80\xAF\"", "JSON: invalid UTF-8 (byte 0xE0) in a string at byte 1"},
      {"\"ab\xC0\xAF\"", "JSON: invalid UTF-8 (byte 0xC0) in a string at byte 3"},
      {"\"\xED\xA0\x80\"", "JSON: invalid UTF-8 (byte 0xED) in a string at byte 1"},
      {"\"\xF4\x90\x80\x80\"", "JSON: invalid UTF-8 (byte 0xF4) in a string at byte 1"},
      {"\"\xE2\x82\"", "JSON: invalid UTF-8 (byte 0xE2) in a string at byte 1"},
      {"[[[]]]", "JSON: nesting deeper than max_depth=2 at byte 2"},
      {"{\"a\":{\"b\":[]}}", "JSON: nesting deeper than max_depth=2 at byte 10"},
  };
  for (const auto& row : rows) {
    const std::string got = try_parse(row[0], nullptr, 2);
    expect(got == std::string("ValueError: ") + row[1],
           std::string("error for '") + row[0] + "': " + got);
  }
  expect(try_parse(std::string("[\"a\"\0]", 6)) ==
             "ValueError: JSON: expected ',' or ']'; received byte 0x00 at byte 4",
         "NUL outside a string");
  expect(starts_with(try_parse("1", nullptr, -1),
                     "ValueError: Json::parse: expected max_depth >= 0"),
         "negative max_depth");
}

void test_depth() {
  auto nested = [](int n) { return std::string(n, '[') + std::string(n, ']'); };
  expect(try_parse("1", nullptr, 0) == "ok", "a scalar at max_depth 0");
  const std::string too_deep = "ValueError: JSON: nesting deeper than max_depth=";
  expect(try_parse("[]", nullptr, 0) == too_deep + "0 at byte 0", "[] at max_depth 0");
  expect(try_parse(nested(512)) == "ok", "512 levels at the default limit");
  expect(try_parse(nested(513)) == too_deep + "512 at byte 512",
         "513 levels at the default limit");
  expect(try_parse(nested(3000), nullptr, 3000) == "ok", "3000 levels when allowed");
  const std::string deep_arrays(100000, '[');
  expect(try_parse(deep_arrays) == too_deep + "512 at byte 512",
         "100000 '[': " + try_parse(deep_arrays));
  std::string deep_objects;
  for (int i = 0; i < 100000; ++i) deep_objects += "{\"a\":";
  expect(ends_with(try_parse(deep_objects), "nesting deeper than max_depth=512 at byte 2560"),
         "100000 '{\"a\":': " + try_parse(deep_objects));
}

// Any outcome but "ok" or a "JSON: ... at byte N" ValueError is a failure;
// an accepted document must dump and re-parse to the same text.
bool check_outcome(const std::string& input) {
  Json v;
  const std::string r = try_parse(input, &v);
  if (r == "ok") {
    const std::string text = v.dump();
    Json back;
    if (try_parse(text, &back) != "ok" || back.dump() != text ||
        Json::parse(v.dump(1)).dump() != text) {
      expect(false, "fuzz: accepted input does not round-trip: " + text);
      return false;
    }
    return true;
  }
  const auto at = r.rfind(" at byte ");
  if (!starts_with(r, "ValueError: JSON: ") || at == std::string::npos ||
      std::strtoull(r.c_str() + at + 9, nullptr, 10) > input.size()) {
    expect(false, "fuzz: bad outcome " + r);
    return false;
  }
  return true;
}

void test_fuzz() {
  std::mt19937_64 rng(2024);
  const std::string doc =
      "{\"name\":\"dense_1\",\"units\":64,\"rate\":-1.25e-3,\"shape\":[null,28,28],"
      "\"flags\":[true,false,NaN,-Infinity],\"s\":\"\\u00e9\\ud83d\\ude00\\n\xC3\xA9\",\"o\":{}}";
  expect(try_parse(doc) == "ok", "fuzz seed document parses");
  // Every proper prefix of an object is incomplete.
  for (std::size_t n = 0; n < doc.size(); ++n) {
    const std::string r = try_parse(doc.substr(0, n));
    if (!starts_with(r, "ValueError: JSON: ")) {
      expect(false, "truncation at " + std::to_string(n) + ": " + r);
      break;
    }
  }
  // Random bytes, then random bytes from JSON's own alphabet, then mutations.
  const std::string alphabet = "[]{}\",:0123456789.eE+-truefalsnNaIfiy \\u\n\xC3\xA9";
  for (int i = 0; i < 12000; ++i) {
    std::string s(rng() % 48, '\0');
    for (auto& c : s)
      c = static_cast<char>(i < 4000 ? rng() % 256 : alphabet[rng() % alphabet.size()]);
    if (!check_outcome(s)) return;
  }
  for (int i = 0; i < 8000; ++i) {
    std::string s = doc;
    for (int k = 1 + rng() % 4; k > 0; --k) {
      const std::size_t pos = rng() % (s.size() + 1);
      const char c = static_cast<char>(rng() % 3 ? alphabet[rng() % alphabet.size()] : rng() % 256);
      switch (rng() % 3) {
        case 0: if (pos < s.size()) s[pos] = c; break;
        case 1: s.insert(s.begin() + pos, c); break;
        default: if (pos < s.size()) s.erase(pos, 1);
      }
    }
    if (!check_outcome(s)) return;
  }
  // Large flat inputs stay fast (no quadratic paths).
  std::string many = "{";
  for (int i = 0; i < 50000; ++i)
    many += "\"k" + std::to_string(i % 25000) + "\":" + std::to_string(i) + ",";
  many.back() = '}';
  Json m;
  expect(try_parse(many, &m) == "ok" && m.size() == 25000 && m.at("k7").as_int() == 25007,
         "50000 members, repeated keys");
}

}  // namespace

int main() {
  const auto t0 = std::chrono::steady_clock::now();
  test_round_trips();
  test_floats();
  test_access();
  test_errors();
  test_depth();
  test_fuzz();
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - t0;
  std::printf("%.2f s\n", seconds.count());
  std::printf(failures ? "%d failure(s)\n" : "ok\n", failures);
  return failures ? 1 : 0;
}
