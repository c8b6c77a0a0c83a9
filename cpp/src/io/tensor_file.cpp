// The safetensors-compatible container (tensor_file.h): layout, checksum and
// the reader's validation. The atomic write itself is in atomic_file.cpp.
#include "pydeep/io/tensor_file.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <set>

#include "atomic_file.h"
#include "pydeep/core/json.h"
#include "pydeep/io/checksum.h"

namespace pydeep::io {
namespace {

const char* st_dtype(DType d) {
  switch (d) {
    case DType::Float32: return "F32";
    case DType::Int32: return "I32";
    case DType::Int64: return "I64";
    case DType::Bool: return "BOOL";
  }
  return "?";
}

bool dtype_from_st(const std::string& s, DType& out) {
  if (s == "F32") out = DType::Float32;
  else if (s == "I32") out = DType::Int32;
  else if (s == "I64") out = DType::Int64;
  else if (s == "BOOL") out = DType::Bool;
  else return false;
  return true;
}

void check_little_endian() {
  const std::uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  check<NotImplementedError>(first == 1, "pydeep files: big-endian hosts are not supported");
}

std::string shape_text(const Shape& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out;
}

// The checksum's input besides the data: metadata and tensor entries, sorted.
struct Entry {
  std::string name;
  DType dtype;
  Shape shape;
  std::uint64_t begin, end;
};

std::uint32_t header_crc(std::vector<std::pair<std::string, std::string>> meta,
                         std::vector<Entry> entries) {
  std::sort(meta.begin(), meta.end());
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  std::string text;
  for (const auto& [k, v] : meta)
    if (k != "checksum") text += k + '\0' + v + '\0';
  for (const Entry& e : entries)
    text += e.name + '\0' + st_dtype(e.dtype) + '\0' + shape_text(e.shape) + '\0' +
            std::to_string(e.begin) + '\0' + std::to_string(e.end) + '\0';
  return crc32(text.data(), text.size());
}

std::string hex32(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::string TensorFile::meta(const std::string& key, const std::string& fallback) const {
  for (const auto& [k, v] : metadata)
    if (k == key) return v;
  return fallback;
}

bool TensorFile::has_meta(const std::string& key) const {
  for (const auto& kv : metadata)
    if (kv.first == key) return true;
  return false;
}

void TensorFile::set_meta(const std::string& key, std::string value) {
  for (auto& kv : metadata)
    if (kv.first == key) {
      kv.second = std::move(value);
      return;
    }
  metadata.emplace_back(key, std::move(value));
}

Tensor TensorFile::find(const std::string& name) const {
  for (const auto& [n, t] : tensors)
    if (n == name) return t;
  return Tensor();
}

void write_tensor_file(const std::string& path, const TensorFile& file) {
  check_little_endian();
  std::set<std::string> names;
  std::vector<Entry> entries;
  std::vector<std::size_t> order(file.tensors.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Larger elements first: every tensor then starts aligned to its element size.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return dtype_size(file.tensors[a].second.dtype()) > dtype_size(file.tensors[b].second.dtype());
  });
  std::uint64_t offset = 0;
  for (std::size_t i : order) {
    const auto& [name, t] = file.tensors[i];
    check(!name.empty() && name.rfind("__", 0) != 0, "save: tensor names must be non-empty and "
          "must not start with '__'; received '", name, "'");
    check(names.insert(name).second, "save: two tensors are named '", name, "'");
    check(t.defined() && t.device().type == DeviceType::CPU, "save: tensor '", name,
          "' must be a defined CPU tensor");
    entries.push_back({name, t.dtype(), t.shape(), offset, offset + t.nbytes()});
    offset += t.nbytes();
  }
  for (const auto& kv : file.metadata)
    check(kv.first != "checksum", "save: the metadata key 'checksum' is reserved");

  std::uint32_t crc = header_crc(file.metadata, entries);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Tensor& t = file.tensors[order[k]].second;
    crc = crc32(t.raw_data(), t.nbytes(), crc);
  }
  Json meta = Json::object();
  for (const auto& [k, v] : file.metadata) meta.set(k, v);
  meta.set("checksum", "crc32:" + hex32(crc));
  Json header = Json::object({{"__metadata__", meta}});
  for (const Entry& e : entries)
    header.set(e.name, Json::object({{"dtype", st_dtype(e.dtype)}, {"shape", Json(e.shape)},
                                     {"data_offsets", Json::array({Json(std::int64_t(e.begin)),
                                                                   Json(std::int64_t(e.end))})}}));
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  unsigned char len[8];
  for (int b = 0; b < 8; ++b) len[b] = static_cast<unsigned char>(std::uint64_t(text.size()) >> (8 * b));

  AtomicFile out(path);
  out.write(len, 8);
  out.write(text.data(), text.size());
  for (std::size_t i : order) out.write(file.tensors[i].second.raw_data(), file.tensors[i].second.nbytes());
  out.commit();
}

TensorFile read_tensor_file(const std::string& path) {
  check_little_endian();
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  check<IOError>(fs::exists(st), "load: no such file: '", path, "'");
  check<IOError>(!fs::is_directory(st), "load: '", path, "' is a directory, not a model file");
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  check<IOError>(f != nullptr, "load: cannot open '", path, "': ", std::strerror(errno));
  const std::uint64_t size = fs::file_size(path, ec);
  check<IOError>(!ec, "load: cannot read the size of '", path, "': ", ec.message());
  const std::string bad = str("load: '", path, "' is not a valid pydeep/safetensors file: ");
  check(size >= 8, bad, "it is ", size, " bytes long (a file starts with an 8-byte header "
        "length)", size == 0 ? "; the file is empty" : "");

  unsigned char len_bytes[8];
  check(std::fread(len_bytes, 1, 8, f.get()) == 8, bad, "cannot read the header length");
  std::uint64_t n = 0;
  for (int b = 7; b >= 0; --b) n = (n << 8) | len_bytes[b];
  check(n >= 2 && n <= kMaxHeaderBytes && n <= size - 8, bad, "the header length ", n,
        " is impossible for a file of ", size, " bytes (truncated or not this format)");
  std::string text(static_cast<std::size_t>(n), '\0');
  check(std::fread(text.data(), 1, text.size(), f.get()) == text.size(), bad,
        "the header is truncated");
  check(text[0] == '{', bad, "the header is not a JSON object");
  Json header;
  try {
    header = Json::parse(text.substr(0, text.find_last_not_of(' ') + 1), 64);
  } catch (const ValueError& e) {
    throw ValueError(bad + "the header is not valid JSON (" + e.what() + ")");
  }
  check(header.is_object(), bad, "the header is not a JSON object");

  TensorFile out;
  std::vector<Entry> entries;
  const std::uint64_t data_size = size - 8 - n;
  for (const auto& [name, value] : header.as_object()) {
    if (name == "__metadata__") {
      check(value.is_object(), bad, "__metadata__ is not an object");
      for (const auto& [k, v] : value.as_object()) {
        check(v.is_string(), bad, "metadata value '", k, "' is not a string");
        out.metadata.emplace_back(k, v.as_string());
      }
      continue;
    }
    const std::string where = bad + "tensor '" + name + "': ";
    check(value.is_object() && value.contains("dtype") && value.contains("shape") &&
              value.contains("data_offsets"), where, "expected dtype, shape and data_offsets");
    Entry e{name, DType::Float32, {}, 0, 0};
    check(value.at("dtype").is_string() && dtype_from_st(value.at("dtype").as_string(), e.dtype),
          where, "unsupported dtype ", value.at("dtype").dump(), " (pydeep reads F32, I32, I64, BOOL)");
    const Json& shape = value.at("shape");
    check(shape.is_array() && shape.size() <= 64, where, "bad shape ", shape.dump().substr(0, 100));
    std::uint64_t bytes = dtype_size(e.dtype);
    for (std::size_t i = 0; i < shape.size(); ++i) {
      check(shape[i].is_int() && shape[i].as_int() >= 0, where, "bad shape ", shape.dump());
      const auto d = static_cast<std::uint64_t>(shape[i].as_int());
      // Overflow-safe: a size larger than the data section is refused before multiplying.
      check(d == 0 || bytes <= data_size / d, where, "shape ", shape.dump(),
            " needs more bytes than the file holds (", data_size, ")");
      bytes = d == 0 ? 0 : bytes * d;
      e.shape.push_back(static_cast<std::int64_t>(d));
    }
    const Json& offsets = value.at("data_offsets");
    check(offsets.is_array() && offsets.size() == 2 && offsets[0].is_int() && offsets[1].is_int(),
          where, "bad data_offsets ", offsets.dump().substr(0, 100));
    const std::int64_t b0 = offsets[0].as_int(), b1 = offsets[1].as_int();
    check(b0 >= 0 && b1 >= b0 && static_cast<std::uint64_t>(b1) <= data_size, where,
          "data_offsets [", b0, ", ", b1, "] lie outside the data (", data_size,
          " bytes; the file may be truncated)");
    e.begin = static_cast<std::uint64_t>(b0);
    e.end = static_cast<std::uint64_t>(b1);
    check(e.end - e.begin == bytes, where, "data_offsets hold ", e.end - e.begin,
          " bytes but shape ", shape.dump(), " of ", value.at("dtype").as_string(), " needs ", bytes);
    entries.push_back(std::move(e));
  }
  // The data section must be covered exactly, without overlaps or holes.
  std::vector<std::size_t> order(entries.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return entries[a].begin != entries[b].begin ? entries[a].begin < entries[b].begin
                                                : entries[a].end < entries[b].end;
  });
  std::uint64_t at = 0;
  for (std::size_t i : order) {
    check(entries[i].begin == at, bad, "tensor '", entries[i].name, "' starts at byte ",
          entries[i].begin, " of the data, expected ", at, " (overlapping or missing data)");
    at = entries[i].end;
  }
  check(at == data_size, bad, "the tensors cover ", at, " bytes but the data section has ",
        data_size, " (truncated or trailing bytes)");

  const std::string stored = out.meta("checksum");
  std::uint32_t crc = header_crc(out.metadata, entries);
  std::vector<Tensor> tensors(entries.size());
  for (std::size_t i : order) {
    Tensor t = Tensor::empty(entries[i].shape, entries[i].dtype);
    const std::size_t bytes = t.nbytes();
    check(std::fread(t.raw_data(), 1, bytes, f.get()) == bytes, bad, "tensor '",
          entries[i].name, "' is truncated");
    crc = crc32(t.raw_data(), bytes, crc);
    if (entries[i].dtype == DType::Bool) {
      const auto* p = static_cast<const unsigned char*>(t.raw_data());
      for (std::size_t k = 0; k < bytes; ++k)
        check(p[k] <= 1, bad, "bool tensor '", entries[i].name, "' holds a byte other than 0/1");
    }
    tensors[i] = std::move(t);
  }
  if (!stored.empty())
    check(stored == "crc32:" + hex32(crc), bad, "the checksum does not match (stored ", stored,
          ", computed crc32:", hex32(crc), "): the file is corrupted");
  for (std::size_t i = 0; i < entries.size(); ++i)
    out.tensors.emplace_back(entries[i].name, std::move(tensors[i]));
  return out;
}

}  // namespace pydeep::io
