#pragma once
// Where fit / evaluate / predict take their batches from. In-memory arrays
// (ArraySource) are sliced in C++; other sources (a Python generator or
// PyDataset through the binding, a C++ reader) implement BatchSource.
#include <cstdint>
#include <vector>

#include "pydeep/core/tensor.h"

namespace pydeep::model {

// Data for one pass or one batch: one tensor per model input / output;
// sample_weight is (n,) or undefined. y is empty for prediction.
struct Data {
  std::vector<Tensor> x;
  std::vector<Tensor> y;
  Tensor sample_weight;
  // Rows, checked consistent across x, y and sample_weight (ValueError
  // naming the arrays and their shapes otherwise).
  std::int64_t size() const;
};

// A sequence of batches, read in passes. The loops call on_epoch_begin /
// on_epoch_end around each epoch, start_pass() before reading a pass (a
// pass may span several epochs when fit has steps_per_epoch), then next()
// until it returns false.
//
// Thread-safety: one loop reads a source at a time.
class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // Batches in one pass, or -1 when unknown until the source runs out.
  virtual std::int64_t num_batches() const = 0;
  virtual void on_epoch_begin() {}
  virtual void on_epoch_end() {}
  // Rewinds to the first batch (reshuffling when the source shuffles).
  // Sources that cannot rewind (a generator) simply continue.
  virtual void start_pass() = 0;
  // Fills *batch with the next batch; false when the pass is over.
  virtual bool next(Data* batch) = 0;
};

// Batches of rows of in-memory tensors: views when not shuffling, gathered
// rows in a fresh seeded permutation per pass when shuffling. The last
// batch of a pass holds the remaining rows (it may be smaller).
class ArraySource final : public BatchSource {
 public:
  // Throws ValueError for an empty data set, inconsistent row counts or a
  // batch_size < 1 (`where` names the caller in the message).
  ArraySource(Data data, std::int64_t batch_size, bool shuffle, const char* where = "fit");
  std::int64_t num_batches() const override;
  void start_pass() override;
  bool next(Data* batch) override;

  const Data& data() const { return data_; }
  std::int64_t batch_size() const { return batch_size_; }
  // Replaces the per-sample weights of the whole data set (class_weight).
  void set_sample_weight(Tensor sample_weight);

 private:
  Data data_;
  std::int64_t rows_;
  std::int64_t batch_size_;
  bool shuffle_;
  Tensor order_;             // the pass's permutation, undefined when not shuffling
  std::int64_t position_ = 0;
};

}  // namespace pydeep::model
