#include "layers/spatial_config.h"

#include <algorithm>
#include <cctype>

#include "pydeep/core/errors.h"

namespace pydeep::layers::spatial {

Shape read_tuple(const Json& config, const char* key, int rank, const Json& fallback,
                 std::int64_t min, const std::string& where) {
  const Json value = config.get(key, fallback);
  Shape out;
  if (value.is_number()) {
    out.assign(rank, value.as_int(key));
  } else {
    check(value.is_array() && static_cast<int>(value.size()) == rank, where, ": expected `", key,
          "` to be an int or a tuple of ", rank, " ints; received ", value.dump());
    out = value.as_int_vector(key);
  }
  for (std::int64_t v : out)
    check(v >= min, where, ": expected `", key, "` values >= ", min, "; received ",
          value.dump());
  return out;
}

std::string read_padding(const Json& config, bool allow_causal, const std::string& where) {
  std::string p = config.get("padding", Json("valid")).as_string("padding");
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
  check(p == "valid" || p == "same" || (allow_causal && p == "causal"), where,
        ": expected `padding` to be \"valid\" or \"same\"", allow_causal ? " or \"causal\"" : "",
        "; received \"", p, "\"");
  return p;
}

void require_channels_last(const Json& config, const std::string& where) {
  const Json& f = config.get("data_format", Json());
  check<NotImplementedError>(f.is_null() || f.as_string("data_format") == "channels_last", where,
                             ": data_format=", f.dump(), " is not supported; pydeep layers are "
                             "channels_last");
}

void reject_unsupported(const Json& config, const std::vector<const char*>& keys,
                        const std::string& where) {
  for (const char* key : keys) {
    const Json& value = config.get(key, Json());
    check<NotImplementedError>(value.is_null(), where, ": argument `", key,
                               "` is not supported yet; received ", value.dump());
  }
}

void set_null(Json& config, const std::vector<const char*>& keys) {
  for (const char* key : keys) config.set(key, Json());
}

void check_input(const Shape& input, int rank, const std::string& where) {
  check(static_cast<int>(input.size()) == rank + 2, where, ": expected an input of rank ",
        rank + 2, " (batch, ", rank, " spatial axes, channels); received shape ",
        shape_str(input));
  check(input.back() > 0, where, ": the channel axis (last) of the input must be known; "
        "received shape ", shape_str(input));
}

void check_channels(const Shape& input, const std::vector<Shape>& built, bool is_built,
                    const std::string& where) {
  if (!is_built) return;
  const std::int64_t want = built[0].back();
  check(input.back() == want, where, ": expected an input with ", want,
        " channels (last axis), as the layer was built for; received shape ", shape_str(input));
}

Shape known_spatial(const Shape& input, std::int64_t fill, std::vector<int>& unknown) {
  Shape s = input;
  for (std::size_t d = 1; d + 1 < s.size(); ++d)
    if (s[d] < 0) {
      s[d] = fill;
      unknown.push_back(static_cast<int>(d));
    }
  if (s[0] < 0) s[0] = 1;
  return s;
}

}  // namespace pydeep::layers::spatial
