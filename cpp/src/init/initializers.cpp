// Initializer specs: identifiers, Keras config objects, argument checking and
// canonical configs. The values themselves come from the families in
// constant_initializers.cpp and random_initializers.cpp.
#include "pydeep/init/initializers.h"

#include <algorithm>
#include <cctype>

#include "init/init_internal.h"
#include "pydeep/core/errors.h"
#include "pydeep/core/random.h"

namespace pydeep::init {
namespace {

struct ClassInfo {
  const char* name;                      // Keras class name, the canonical identifier
  std::vector<const char*> identifiers;  // also accepted (snake_case, Keras aliases)
  Json::Object defaults;                 // every argument, in Keras get_config order
  bool random;
};

const std::vector<ClassInfo>& classes() {
  static const std::vector<ClassInfo> table = [] {
    const Json null;
    const Json::Object fans = {{"seed", null}, {"input_axes", null}, {"output_axes", null}};
    const Json::Object normal = {{"seed", null}, {"mean", Json(0.0)}, {"stddev", Json(0.05)}};
    return std::vector<ClassInfo>{
        {"Zeros", {"zeros", "zero"}, {}, false},
        {"Ones", {"ones", "one"}, {}, false},
        {"Constant", {"constant"}, {{"value", Json(0.0)}}, false},
        {"Identity", {"identity", "IdentityInitializer"}, {{"gain", Json(1.0)}}, false},
        {"RandomUniform",
         {"random_uniform", "uniform"},
         {{"seed", null}, {"minval", Json(-0.05)}, {"maxval", Json(0.05)}},
         true},
        {"RandomNormal", {"random_normal", "normal"}, normal, true},
        {"TruncatedNormal", {"truncated_normal"}, normal, true},
        {"VarianceScaling",
         {"variance_scaling"},
         {{"seed", null},
          {"scale", Json(1.0)},
          {"mode", Json("fan_in")},
          {"distribution", Json("truncated_normal")},
          {"input_axes", null},
          {"output_axes", null}},
         true},
        {"GlorotUniform", {"glorot_uniform"}, fans, true},
        {"GlorotNormal", {"glorot_normal"}, fans, true},
        {"HeUniform", {"he_uniform"}, fans, true},
        {"HeNormal", {"he_normal"}, fans, true},
        {"LecunUniform", {"lecun_uniform"}, fans, true},
        {"LecunNormal", {"lecun_normal"}, fans, true},
        {"Orthogonal",
         {"orthogonal", "OrthogonalInitializer"},
         {{"seed", null}, {"gain", Json(1.0)}},
         true},
    };
  }();
  return table;
}

std::string known_names() {
  std::string names;
  for (const ClassInfo& c : classes()) {
    names += names.empty() ? "" : ", ";
    names += c.name;
  }
  return names;
}

const ClassInfo& find_class(const std::string& id) {
  for (const ClassInfo& c : classes()) {
    if (id == c.name) return c;
    for (const char* alias : c.identifiers)
      if (id == alias) return c;
  }
  for (const char* stft : {"STFT", "stft", "STFTInitializer"})
    if (id == stft)
      throw NotImplementedError(str("initializer '", id,
                                    "': the STFT initializer is not supported by pydeep"));
  throw ValueError(str("Could not interpret initializer identifier: '", id,
                       "'. Expected one of: ", known_names(),
                       " (or their snake_case names), or a config {\"class_name\", \"config\"}"));
}

// Checks one argument's JSON type (and Keras's value rules) and returns the
// value to store in the canonical config.
Json check_argument(const ClassInfo& c, const std::string& key, const Json& v) {
  const auto where = [&] { return str(c.name, ": argument `", key, "`"); };
  if (key == "seed") {
    if (v.is_null() || v.is_int()) return v;
    if (v.is_object() && v.contains("class_name") && v.at("class_name").is_string() &&
        v.at("class_name").as_string() == "SeedGenerator") {
      const Json& inner = v.get("config", Json()).get("seed", Json());
      check(inner.is_null() || inner.is_int(), where(),
            ": expected a SeedGenerator config with an integer seed; received ", v.dump());
      return v;
    }
    throw ValueError(str(where(), " should be an integer or a SeedGenerator; received seed=",
                         v.dump()));
  }
  if (key == "input_axes" || key == "output_axes") {
    if (!v.is_null()) (void)v.as_int_vector(key.c_str());  // throws naming the key
    return v;
  }
  if (key == "mode") {
    const std::string& mode = v.as_string("mode");
    check(mode == "fan_in" || mode == "fan_out" || mode == "fan_avg", "Invalid `mode` argument: ",
          mode, ". Please use one of {'fan_in', 'fan_out', 'fan_avg'}");
    return v;
  }
  if (key == "distribution") {
    std::string d = v.as_string("distribution");
    std::transform(d.begin(), d.end(), d.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (d == "normal") d = "truncated_normal";
    check(d == "uniform" || d == "truncated_normal" || d == "untruncated_normal",
          "Invalid `distribution` argument: ", v.as_string(),
          ". Please use one of {'uniform', 'truncated_normal', 'untruncated_normal'}");
    return Json(d);
  }
  check(v.is_number(), where(), ": expected a number; received ", key, "=", v.dump());
  if (key == "scale")
    check(v.as_double() > 0.0, "Argument `scale` must be positive float. Received: scale=",
          v.dump());
  return v;
}

std::uint64_t resolve_seed(const Json& seed) {
  const Json& s = seed.is_object() ? seed.get("config", Json()).get("seed", Json()) : seed;
  return s.is_null() ? draw_seed() : static_cast<std::uint64_t>(s.as_int("seed"));
}

}  // namespace

Json get_config(const Json& spec) {
  std::string id;
  Json given = Json::object();
  if (spec.is_string()) {
    id = spec.as_string();
  } else if (spec.is_object()) {
    for (const auto& [key, value] : spec.as_object()) {
      if (key == "class_name") {
        id = value.as_string("class_name");
      } else if (key == "config") {
        check(value.is_null() || value.is_object(), "initializer config: expected `config` to be ",
              "an object; received ", value.dump());
        if (value.is_object()) given = value;
      } else {
        check(key == "module" || key == "registered_name",
              "initializer config: unexpected key '", key,
              "'; expected class_name, config, module or registered_name");
      }
    }
    check(spec.contains("class_name"), "initializer config: missing `class_name` in ",
          spec.dump());
  } else {
    throw ValueError(str("Could not interpret initializer identifier: ", spec.dump(),
                         ". Expected a name such as \"glorot_uniform\" or a config ",
                         "{\"class_name\": ..., \"config\": {...}}"));
  }
  const ClassInfo& c = find_class(id);
  Json config = Json::object();
  for (const auto& [key, value] : c.defaults) config.set(key, value);
  for (const auto& [key, value] : given.as_object()) {
    if (!config.contains(key)) {
      std::string expected;
      for (const auto& member : c.defaults) expected += (expected.empty() ? "" : ", ") + member.first;
      throw ValueError(str(c.name, ": unknown argument `", key, "` (received ", key, "=",
                           value.dump(), "). Expected ",
                           expected.empty() ? std::string("no arguments") : "one of: " + expected));
    }
    config.set(key, check_argument(c, key, value));
  }
  return Json::object({{"class_name", Json(c.name)}, {"config", std::move(config)}});
}

Tensor initialize(const Json& spec, const Shape& shape, DType dtype) {
  const Json canonical = get_config(spec);
  const std::string& name = canonical.at("class_name").as_string();
  const Json& config = canonical.at("config");
  for (auto d : shape)
    check(d >= 0, name, ": expected non-negative dimensions; received shape=", shape_str(shape));
  const ClassInfo& c = find_class(name);
  if (!c.random) return detail::constant_initializer(name, config, shape, dtype);
  check(is_floating(dtype), name, ": random initializers produce floating-point values; ",
        "received dtype=", dtype_name(dtype));
  return detail::random_initializer(name, config, shape, resolve_seed(config.at("seed")));
}

}  // namespace pydeep::init
