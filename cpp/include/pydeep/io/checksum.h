#pragma once
// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib's crc32),
// the checksum of .pydeep files. Streaming: pass the previous result to
// continue over more bytes; crc32(nullptr, 0) == 0.
#include <cstddef>
#include <cstdint>

namespace pydeep::io {

std::uint32_t crc32(const void* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace pydeep::io
