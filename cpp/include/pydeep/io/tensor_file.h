#pragma once
// A safetensors-compatible file of named tensors plus string metadata
// (https://github.com/huggingface/safetensors, "Format"):
//
//   8 bytes   N, the header length, unsigned little-endian
//   N bytes   a JSON object: {"__metadata__": {str: str}, "<name>": {"dtype":
//             "F32" | "I32" | "I64" | "BOOL", "shape": [...], "data_offsets":
//             [begin, end]}, ...}, padded with spaces to a multiple of 8
//   the data  each tensor's bytes, little-endian, row-major, at [begin, end)
//             of this section; tensors are laid out by decreasing element
//             size, so each is aligned to its element size (the section
//             starts 8-aligned) and the section has no holes
//
// The writer adds "checksum": "crc32:<8 hex digits>" to the metadata: the
// CRC-32 of the metadata (other keys, sorted, as key NUL value NUL), of each
// tensor's header entry (sorted by name: name NUL dtype NUL shape NUL begin
// NUL end NUL) and of the data section, so that a changed byte anywhere is
// detected. Files without a checksum (other tools' safetensors) are read
// without that check.
//
// Writes are atomic: the file is written to a temporary file in the same
// folder, flushed to disk (fsync) and renamed over `path`; on any failure
// the temporary file is removed and an existing file at `path` is untouched.
//
// Reading never trusts the file: the header length is capped (100 MB) and
// checked against the file size, every dtype, shape and offset is validated
// against the file size before anything is allocated, and the data must
// cover the section exactly. Every problem is an IOError (the file cannot be
// read: missing, a folder, permissions) or a ValueError (the bytes are not a
// valid file: truncated, corrupted, not safetensors), naming the path.
#include <string>
#include <utility>
#include <vector>

#include "pydeep/core/tensor.h"

namespace pydeep::io {

struct TensorFile {
  std::vector<std::pair<std::string, std::string>> metadata;  // ordered, unique keys
  std::vector<std::pair<std::string, Tensor>> tensors;        // unique names

  // The metadata value, or `fallback` when absent.
  std::string meta(const std::string& key, const std::string& fallback = "") const;
  bool has_meta(const std::string& key) const;
  void set_meta(const std::string& key, std::string value);
  // The tensor named `name`, or an undefined tensor.
  Tensor find(const std::string& name) const;
};

// Writes `file` to `path` atomically (see above). Tensors must be CPU
// tensors of a supported dtype with distinct, non-empty names not starting
// with "__"; metadata keys must not be "checksum" (the writer sets it).
// Throws ValueError for bad contents, IOError when writing fails.
void write_tensor_file(const std::string& path, const TensorFile& file);

// Reads and validates a file written by write_tensor_file or by another
// safetensors writer (see above for the errors).
TensorFile read_tensor_file(const std::string& path);

// The largest header the reader accepts, in bytes.
constexpr std::uint64_t kMaxHeaderBytes = 100u << 20;

}  // namespace pydeep::io
