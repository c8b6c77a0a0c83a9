#include "metrics/metric_input.h"

#include <algorithm>
#include <cstring>

namespace pydeep::metrics::detail {

HostView::HostView(const Tensor& t, const char* where, const char* what) {
  if (!t.defined()) return;
  if (t.device().type != DeviceType::CPU)
    throw NotImplementedError(str(where, ": metrics read host memory; received ", what, " on ",
                                  device_str(t.device()), ". Copy it to the CPU first."));
  shape = t.shape();
  data_ = t.raw_data();
  dtype_ = t.dtype();
  numel_ = t.numel();
  defined_ = true;
}

void squeeze_or_expand(Shape& x1, Shape& x2, bool expand_rank_1) {
  const std::size_t r1 = x1.size(), r2 = x2.size();
  if (r1 == r2 + 1 && x1.back() == 1) {
    if (r2 == 1 && expand_rank_1)
      x2.push_back(1);
    else
      x1.pop_back();
  } else if (r2 == r1 + 1 && x2.back() == 1) {
    if (r1 == 1 && expand_rank_1)
      x1.push_back(1);
    else
      x2.pop_back();
  }
}

Broadcast::Broadcast(const Shape& src, const Shape& dst, const char* where,
                     const char* what) {
  const std::size_t rs = src.size(), rd = dst.size();
  bool ok = rs <= rd;
  for (std::size_t k = 0; ok && k < rs; ++k) {
    const auto s = src[rs - 1 - k], d = dst[rd - 1 - k];
    ok = s == d || s == 1;
  }
  check(ok, where, ": ", what, " of shape ", shape_str(src), " cannot be broadcast to shape ",
        shape_str(dst), ".");
  if (numel(src) == numel(dst)) {
    mode_ = Mode::Same;  // equal up to leading/inner ones: same row-major order
    return;
  }
  if (numel(src) == 1) {
    mode_ = Mode::Scalar;
    return;
  }
  // src = dst[:k] followed by ones (after left-padding src with ones)?
  Shape padded(rd - rs, 1);
  padded.insert(padded.end(), src.begin(), src.end());
  std::size_t k = 0;
  while (k < rd && padded[k] == dst[k]) ++k;
  bool outer = true;
  for (std::size_t j = k; j < rd; ++j) outer = outer && padded[j] == 1;
  if (outer) {
    mode_ = Mode::Outer;
    inner_ = 1;
    for (std::size_t j = k; j < rd; ++j) inner_ *= dst[j];
    return;
  }
  mode_ = Mode::General;
  dst_ = dst;
  src_strides_ = contiguous_strides(padded);
  for (std::size_t j = 0; j < rd; ++j)
    if (padded[j] == 1) src_strides_[j] = 0;
}

std::int64_t Broadcast::general(std::int64_t i) const {
  std::int64_t index = 0;
  for (std::size_t j = dst_.size(); j-- > 0;) {
    const std::int64_t d = dst_[j];
    index += (i % d) * src_strides_[j];
    i /= d;
  }
  return index;
}

void check_config_keys(const Json& config, std::initializer_list<const char*> allowed,
                       const char* where) {
  if (config.is_null()) return;
  check(config.is_object(), where, ": expected a config object; received ", config.dump());
  for (const auto& member : config.as_object()) {
    const std::string& key = member.first;
    const bool known = key == "name" || key == "dtype" ||
                       std::any_of(allowed.begin(), allowed.end(),
                                   [&](const char* a) { return key == a; });
    if (known) continue;
    std::string expected = "name, dtype";
    for (const char* a : allowed) expected += str(", ", a);
    throw ValueError(str(where, ": unknown argument '", key, "'; expected one of: ", expected));
  }
}

std::string shapes_str(const Shape& a, const Shape& b) {
  return str(shape_str(a), " and ", shape_str(b));
}

}  // namespace pydeep::metrics::detail
