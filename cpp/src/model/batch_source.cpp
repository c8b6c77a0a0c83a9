#include "pydeep/model/batch_source.h"

#include <algorithm>

#include "pydeep/core/errors.h"
#include "pydeep/core/random.h"
#include "pydeep/ops/movement.h"

namespace pydeep::model {
namespace {

// Rows [begin, end) of t: a view when order is undefined, else gathered in `order`.
Tensor rows(const Tensor& t, const Tensor& order, std::int64_t begin, std::int64_t end) {
  if (!t.defined()) return t;
  if (!order.defined()) {
    Shape start(t.ndim(), 0), size = t.shape();
    start[0] = begin;
    size[0] = end - begin;
    return ops::strided_slice(t, start, size, Shape(t.ndim(), 1));
  }
  return ops::take(t, ops::strided_slice(order, {begin}, {end - begin}, {1}), 0);
}

}  // namespace

std::int64_t Data::size() const {
  check(!x.empty(), "Model: no input data");
  const std::int64_t n = x[0].ndim() ? x[0].shape()[0] : 1;
  auto check_rows = [&](const Tensor& t, const char* what, std::size_t i) {
    check(t.ndim() > 0 && t.shape()[0] == n, "Model: data cardinality is ambiguous: x[0] has ", n,
          " samples but ", what, "[", i, "] has shape ", shape_str(t.shape()),
          ". Make sure all arrays contain the same number of samples.");
  };
  for (std::size_t i = 0; i < x.size(); ++i) check_rows(x[i], "x", i);
  for (std::size_t i = 0; i < y.size(); ++i) check_rows(y[i], "y", i);
  if (sample_weight.defined()) check_rows(sample_weight, "sample_weight", 0);
  return n;
}

ArraySource::ArraySource(Data data, std::int64_t batch_size, bool shuffle, const char* where)
    : data_(std::move(data)), batch_size_(batch_size), shuffle_(shuffle) {
  check(batch_size_ > 0, where, ": batch_size must be a positive integer; received ", batch_size_);
  rows_ = data_.size();
  check(rows_ > 0, where, ": the data is empty (0 samples)");
}

std::int64_t ArraySource::num_batches() const { return (rows_ + batch_size_ - 1) / batch_size_; }

void ArraySource::start_pass() {
  position_ = 0;
  if (!shuffle_) return;
  const std::vector<std::int64_t> perm = random_permutation(rows_, draw_seed());
  order_ = Tensor::empty({rows_}, DType::Int64);
  std::copy(perm.begin(), perm.end(), order_.data<std::int64_t>());
}

bool ArraySource::next(Data* batch) {
  if (position_ >= rows_) return false;
  const std::int64_t begin = position_, end = std::min(rows_, begin + batch_size_);
  position_ = end;
  batch->x.clear();
  batch->y.clear();
  for (const Tensor& t : data_.x) batch->x.push_back(rows(t, order_, begin, end));
  for (const Tensor& t : data_.y) batch->y.push_back(rows(t, order_, begin, end));
  batch->sample_weight = rows(data_.sample_weight, order_, begin, end);
  return true;
}

void ArraySource::set_sample_weight(Tensor sample_weight) {
  data_.sample_weight = std::move(sample_weight);
  data_.size();
}

}  // namespace pydeep::model
