#pragma once
// Config reading and shape checks shared by the spatial layers (convolution,
// pooling, padding, upsampling): Keras's int-or-tuple arguments, padding
// names, channels_last, and "expected rank N+2" errors naming the layer.
#include <string>
#include <vector>

#include "pydeep/core/json.h"
#include "pydeep/core/shape.h"

namespace pydeep::layers::spatial {

// An int (repeated `rank` times) or a list of `rank` ints; each >= min.
Shape read_tuple(const Json& config, const char* key, int rank, const Json& fallback,
                 std::int64_t min, const std::string& where);
// "valid" / "same" (and "causal" when allowed), case-insensitive.
std::string read_padding(const Json& config, bool allow_causal, const std::string& where);
// data_format must be null or "channels_last" (NotImplementedError otherwise).
void require_channels_last(const Json& config, const std::string& where);
// Each key that is present and not null raises NotImplementedError naming it
// (arguments pydeep accepts in the signature but does not implement yet).
void reject_unsupported(const Json& config, const std::vector<const char*>& keys,
                        const std::string& where);
// Sets each key to null in config (the get_config side of reject_unsupported).
void set_null(Json& config, const std::vector<const char*>& keys);

// Checks input is (batch, `rank` spatial axes, channels) with known channels.
void check_input(const Shape& input, int rank, const std::string& where);
// Checks the channel count against the one the layer was built with.
void check_channels(const Shape& input, const std::vector<Shape>& built, bool is_built,
                    const std::string& where);
// input with each unknown (-1) spatial size replaced by a size any window fits
// (so geometry code can run), and the list of those axes (1-based).
Shape known_spatial(const Shape& input, std::int64_t fill, std::vector<int>& unknown);

}  // namespace pydeep::layers::spatial
