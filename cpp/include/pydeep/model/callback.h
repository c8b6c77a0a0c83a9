#pragma once
// Training-loop hooks. The loop calls the batch hooks only of callbacks that
// ask for them (batch_interval() >= 0), and no more often than they ask, so
// a loop with epoch-level callbacks makes no per-batch calls at all.
// Batch-begin hooks reach only callbacks with batch_interval() == 0.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pydeep::model {

// Ordered (name, value) pairs: "loss", "accuracy", "val_loss", ...
using Logs = std::vector<std::pair<std::string, double>>;

class Callback {
 public:
  virtual ~Callback() = default;
  virtual void on_train_begin(const Logs&) {}
  virtual void on_train_end(const Logs&) {}
  virtual void on_epoch_begin(int epoch) {}
  virtual void on_epoch_end(int epoch, const Logs& logs) {}
  virtual void on_train_batch_begin(std::int64_t batch) {}
  virtual void on_train_batch_end(std::int64_t batch, const Logs& logs) {}
  virtual void on_test_begin() {}
  virtual void on_test_end(const Logs& logs) {}
  virtual void on_test_batch_begin(std::int64_t batch) {}
  virtual void on_test_batch_end(std::int64_t batch, const Logs& logs) {}
  virtual void on_predict_begin() {}
  virtual void on_predict_end() {}
  virtual void on_predict_batch_begin(std::int64_t batch) {}
  virtual void on_predict_batch_end(std::int64_t batch) {}
  // < 0: no batch events; 0: every batch; t > 0: at most every t seconds
  // (the last batch of an epoch is always reported).
  virtual double batch_interval() const { return -1.0; }
};

using CallbackList = std::vector<std::shared_ptr<Callback>>;

}  // namespace pydeep::model
