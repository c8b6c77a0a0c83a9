#pragma once
// Reading a Keras object spec shared by regularizers and constraints: an
// identifier string, or {"class_name", "config"} with Keras 3's optional
// "module" and "registered_name" members.
#include <cmath>
#include <string>

#include "pydeep/core/json.h"

namespace pydeep::detail {

struct ObjectSpec {
  std::string class_name;
  Json config;  // an object (empty for a bare identifier)
};

inline ObjectSpec read_object_spec(const Json& spec, const std::string& where, const char* kind) {
  if (spec.is_string()) return {spec.as_string(), Json::object()};
  check(spec.is_object(), where, ": expected a ", kind, " identifier (a string) or config "
        "{\"class_name\": ..., \"config\": {...}}; received ", spec.dump());
  for (const auto& [key, value] : spec.as_object())
    check(key == "class_name" || key == "config" || key == "module" || key == "registered_name",
          where, ": unexpected key '", key, "' in the ", kind, " config ", spec.dump(),
          "; expected class_name, config, module or registered_name");
  check(spec.contains("class_name") && spec.at("class_name").is_string(), where,
        ": the ", kind, " config has no string `class_name`: ", spec.dump());
  Json config = spec.get("config", Json::object());
  if (config.is_null()) config = Json::object();
  check(config.is_object(), where, ": expected `config` to be an object; received ",
        config.dump());
  return {spec.at("class_name").as_string(), config};
}

// Rejects config keys outside `allowed` (Keras raises TypeError on unexpected
// constructor arguments; a ValueError naming the key serves the same user).
inline void check_keys(const ObjectSpec& s, std::initializer_list<const char*> allowed,
                       const std::string& where) {
  for (const auto& [key, value] : s.config.as_object()) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || key == a;
    check(ok, where, ": ", s.class_name, " got an unexpected argument `", key, "`");
  }
}

// A non-negative finite number (null -> fallback), Keras's validate_float_arg.
inline double read_factor(const Json& config, const char* key, double fallback,
                          const std::string& where) {
  const Json& v = config.get(key, Json());
  if (v.is_null()) return fallback;
  check(v.is_number() && !v.is_bool(), where, ": invalid value for argument ", key,
        ": expected a non-negative float. Received: ", key, "=", v.dump());
  const double d = v.as_double(key);
  check(std::isfinite(d) && d >= 0, where, ": invalid value for argument ", key,
        ": expected a non-negative float. Received: ", key, "=", v.dump());
  return d;
}

}  // namespace pydeep::detail
