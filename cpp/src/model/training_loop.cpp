// fit / evaluate / predict and the single-batch steps. Per batch the loop
// does tensor work only: no Python, no shape bookkeeping beyond the views
// and gathers of the batch itself (memory comes from the caching allocator).
#include <chrono>
#include <cmath>

#include "pydeep/autograd/engine.h"
#include "pydeep/autograd/grad_mode.h"
#include "pydeep/core/random.h"
#include "pydeep/model/model.h"
#include "pydeep/ops/elementwise.h"
#include "pydeep/ops/movement.h"
#include "pydeep/ops/reduce.h"

namespace pydeep::model {
namespace {

using Clock = std::chrono::steady_clock;

// Calls batch hooks of the callbacks that asked for them, at their rate.
class BatchNotifier {
 public:
  explicit BatchNotifier(const CallbackList& callbacks)
      : callbacks_(callbacks), last_(callbacks.size(), Clock::now() - std::chrono::hours(1)) {}
  template <typename F>
  void notify(bool last_batch, F&& f) {
    for (std::size_t i = 0; i < callbacks_.size(); ++i) {
      const double interval = callbacks_[i]->batch_interval();
      if (interval < 0) continue;
      const auto now = Clock::now();
      if (interval > 0 && !last_batch &&
          std::chrono::duration<double>(now - last_[i]).count() < interval)
        continue;
      last_[i] = now;
      f(*callbacks_[i]);
    }
  }
  // Batch-begin events go only to callbacks that want every batch: a
  // throttled one (a progress bar) needs just the end events, and sharing its
  // timer with begin events would starve them.
  template <typename F>
  void notify_begin(F&& f) {
    for (const auto& cb : callbacks_)
      if (cb->batch_interval() == 0) f(*cb);
  }

 private:
  const CallbackList& callbacks_;
  std::vector<Clock::time_point> last_;
};

// Per-sample weights from class_weight (by label: integer labels, argmax of
// one-hot rows, or rounded binary probabilities), times any sample_weight.
Tensor apply_class_weight(const std::vector<Tensor>& ys, const Tensor& sample_weight,
                          const std::vector<double>& class_weight) {
  check(ys.size() == 1, "fit: class_weight is only supported for models with one output");
  const Tensor& y = ys[0];
  const std::int64_t n = y.shape()[0];
  const std::int64_t width = y.ndim() > 1 ? y.numel() / n : 1;
  Tensor labels = width > 1 ? ops::arg_reduce(true, ops::reshape(y, {n, width}), 1, false)
                            : ops::cast(ops::reshape(y, {n}), DType::Float32);
  labels = ops::cast(labels, DType::Float32);
  Tensor w = Tensor::empty({n});
  const float* lp = labels.data<float>();
  float* wp = w.data<float>();
  const bool binary = width == 1 && y.dtype() == DType::Float32;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto c = static_cast<std::int64_t>(binary ? std::round(lp[i]) : lp[i]);
    check(c >= 0 && c < static_cast<std::int64_t>(class_weight.size()), "fit: class_weight has no "
          "entry for class ", c);
    wp[i] = static_cast<float>(class_weight[c]);
  }
  if (sample_weight.defined()) w = ops::binary(ops::BinaryOp::Mul, w, ops::cast(sample_weight, DType::Float32));
  return w;
}

}  // namespace

void Model::train_step(const Data& batch, const std::vector<Variable>& vars,
                       const std::vector<Tensor>& sources) {
  autograd::GradModeGuard grad_on(true);
  std::vector<Tensor> masks;
  const std::vector<Tensor> outputs = graph_->forward(batch.x, true, &masks);
  std::vector<double> per_output(outputs.size(), 0.0);
  const Tensor loss = total_loss(batch.y, outputs, batch.sample_weight, &per_output, masks);
  const std::vector<Tensor> grads = autograd::gradient({loss}, {}, sources);
  options_.optimizer->apply_gradients(grads, vars);
  autograd::NoGradGuard no_grad;
  update_metrics(batch.y, outputs, batch.sample_weight, masks);
  const double n = static_cast<double>(batch.x[0].shape()[0]);
  loss_sum_ += loss.item() * n;
  loss_count_ += n;
  for (std::size_t i = 0; i < per_output.size(); ++i) output_loss_sum_[i] += per_output[i] * n;
}

void Model::test_step(const Data& batch) {
  autograd::NoGradGuard no_grad;
  std::vector<Tensor> masks;
  const std::vector<Tensor> outputs = graph_->forward(batch.x, false, &masks);
  std::vector<double> per_output(outputs.size(), 0.0);
  const Tensor loss = total_loss(batch.y, outputs, batch.sample_weight, &per_output, masks);
  update_metrics(batch.y, outputs, batch.sample_weight, masks);
  const double n = static_cast<double>(batch.x[0].shape()[0]);
  loss_sum_ += loss.item() * n;
  loss_count_ += n;
  for (std::size_t i = 0; i < per_output.size(); ++i) output_loss_sum_[i] += per_output[i] * n;
}

Logs Model::train_step_logs(const Data& batch) {
  require_compiled("training");
  check_data(batch, true, "train_step");
  const std::vector<Variable> vars = graph_->trainable_weights();
  train_step(batch, vars, std::vector<Tensor>(vars.begin(), vars.end()));
  return logs("");
}

Logs Model::test_step_logs(const Data& batch) {
  require_compiled("evaluation");
  check_data(batch, true, "test_step");
  test_step(batch);
  return logs("");
}

Logs Model::train_on_batch(const Data& batch) {
  require_compiled("training");
  check_data(batch, true, "train_on_batch");
  reset_metrics();
  const std::vector<Variable> vars = graph_->trainable_weights();
  train_step(batch, vars, std::vector<Tensor>(vars.begin(), vars.end()));
  return logs("");
}

Logs Model::test_on_batch(const Data& batch) {
  require_compiled("evaluation");
  check_data(batch, true, "test_on_batch");
  reset_metrics();
  test_step(batch);
  return logs("");
}

bool Model::check_source(BatchSource& source, bool need_y, const char* where) const {
  if (auto* arrays = dynamic_cast<ArraySource*>(&source)) {
    check_data(arrays->data(), need_y, where);
    return false;
  }
  return true;
}

Logs Model::fit(BatchSource& train, const FitOptions& opt, const CallbackList& callbacks) {
  require_compiled("training");
  check(opt.epochs >= 0 && opt.initial_epoch >= 0, "fit: epochs and initial_epoch must be >= 0");
  check(opt.validation_freq > 0, "fit: validation_freq must be a positive integer");
  check(opt.steps_per_epoch != 0, "fit: steps_per_epoch must be a positive integer");
  const bool custom = static_cast<bool>(custom_.train);
  const bool check_batches = check_source(train, !custom, "fit");
  if (opt.validation) check_source(*opt.validation, true, "fit (validation_data)");
  const std::vector<Variable> vars = graph_->trainable_weights();
  const std::vector<Tensor> sources(vars.begin(), vars.end());
  const std::int64_t steps = opt.steps_per_epoch > 0 ? opt.steps_per_epoch : train.num_batches();

  stop_training = false;
  ran_out_of_data_ = false;
  BatchNotifier notifier(callbacks);
  for (const auto& cb : callbacks) cb->on_train_begin({});
  Logs epoch_logs;
  bool new_pass = true;
  Data batch;
  for (int epoch = opt.initial_epoch; epoch < opt.epochs && !stop_training; ++epoch) {
    reset_metrics();
    for (const auto& cb : callbacks) cb->on_epoch_begin(epoch);
    train.on_epoch_begin();
    // With steps_per_epoch an epoch continues the previous one's pass (Keras).
    if (new_pass || opt.steps_per_epoch < 0) train.start_pass();
    new_pass = false;
    std::int64_t step = 0;
    for (; steps < 0 || step < steps; ++step) {
      if (!train.next(&batch)) {
        new_pass = true;
        if (opt.steps_per_epoch > 0 || step == 0) ran_out_of_data_ = true;
        break;
      }
      if (check_batches) check_data(batch, !custom, "fit");
      if (!opt.class_weight.empty())
        batch.sample_weight = apply_class_weight(batch.y, batch.sample_weight, opt.class_weight);
      // As Keras: the begin hook runs once the batch exists (none when the data ran out).
      notifier.notify_begin([&](Callback& cb) { cb.on_train_batch_begin(step); });
      if (custom)
        custom_logs_ = custom_.train(batch);
      else
        train_step(batch, vars, sources);
      const bool last = step + 1 == steps || stop_training;
      notifier.notify(last, [&](Callback& cb) { cb.on_train_batch_end(step, logs("")); });
      if (stop_training) break;
    }
    train.on_epoch_end();
    if (step == 0) {  // nothing left to train on
      stop_training = true;
      break;
    }
    epoch_logs = logs("");
    if (opt.validation && (epoch + 1) % opt.validation_freq == 0) {
      // Keras runs validation through evaluate with the same callbacks
      // (on_test_begin, on_test_batch_*, on_test_end inside the epoch).
      const Logs val = run_evaluation(*opt.validation, opt.validation_steps, callbacks);
      for (const auto& [key, value] : val) epoch_logs.emplace_back("val_" + key, value);
    }
    for (const auto& cb : callbacks) cb->on_epoch_end(epoch, epoch_logs);
  }
  // Keras: with use_ema, the variables take their moving averages after the last epoch.
  if (opt.epochs > 0) options_.optimizer->finalize_variable_values(vars);
  for (const auto& cb : callbacks) cb->on_train_end(epoch_logs);
  return epoch_logs;
}

Logs Model::evaluate(BatchSource& data, std::int64_t steps, const CallbackList& callbacks) {
  ran_out_of_data_ = false;
  return run_evaluation(data, steps, callbacks);
}

Logs Model::run_evaluation(BatchSource& data, std::int64_t steps, const CallbackList& callbacks) {
  require_compiled("evaluation");
  const bool custom = static_cast<bool>(custom_.test);
  const bool check_batches = check_source(data, !custom, "evaluate");
  reset_metrics();
  BatchNotifier notifier(callbacks);
  for (const auto& cb : callbacks) cb->on_test_begin();
  data.on_epoch_begin();
  data.start_pass();
  const std::int64_t total = steps > 0 ? steps : data.num_batches();
  Data batch;
  std::int64_t step = 0;
  for (; total < 0 || step < total; ++step) {
    if (!data.next(&batch)) {
      if (steps > 0) ran_out_of_data_ = true;
      break;
    }
    if (check_batches) check_data(batch, !custom, "evaluate");
    notifier.notify_begin([&](Callback& cb) { cb.on_test_batch_begin(step); });
    if (custom)
      custom_logs_ = custom_.test(batch);
    else
      test_step(batch);
    notifier.notify(step + 1 == total, [&](Callback& cb) { cb.on_test_batch_end(step, logs("")); });
  }
  data.on_epoch_end();
  check(step > 0, "evaluate: the data is empty (0 batches)");
  Logs result = logs("");
  for (const auto& cb : callbacks) cb->on_test_end(result);
  return result;
}

std::vector<Tensor> Model::predict(BatchSource& x, std::int64_t steps,
                                   const CallbackList& callbacks) const {
  const bool check_batches = check_source(x, false, "predict");
  ran_out_of_data_ = false;
  autograd::NoGradGuard no_grad;
  BatchNotifier notifier(callbacks);
  for (const auto& cb : callbacks) cb->on_predict_begin();
  x.on_epoch_begin();
  x.start_pass();
  const std::int64_t total = steps > 0 ? steps : x.num_batches();
  std::vector<std::vector<Tensor>> parts(graph_->outputs().size());
  Data batch;
  for (std::int64_t step = 0; total < 0 || step < total; ++step) {
    if (!x.next(&batch)) {
      if (steps > 0) ran_out_of_data_ = true;
      break;
    }
    if (check_batches) check_data(batch, false, "predict");
    notifier.notify_begin([&](Callback& cb) { cb.on_predict_batch_begin(step); });
    const std::vector<Tensor> y = graph_->forward(batch.x, false);
    for (std::size_t i = 0; i < y.size(); ++i) parts[i].push_back(y[i]);
    notifier.notify(step + 1 == total, [&](Callback& cb) { cb.on_predict_batch_end(step); });
  }
  x.on_epoch_end();
  for (const auto& cb : callbacks) cb->on_predict_end();
  std::vector<Tensor> out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].size() == 1) {
      out.push_back(parts[i][0]);
    } else if (!parts[i].empty()) {
      out.push_back(ops::concatenate(parts[i], 0));
    } else {  // no batch ran: an empty result with the graph's shape
      Shape e = graph_->output_shapes()[i];
      for (auto& d : e) d = d < 0 ? 0 : d;
      if (!e.empty()) e[0] = 0;
      out.push_back(Tensor::empty(e));
    }
  }
  return out;
}

Logs Model::fit(const Data& data, std::int64_t batch_size, const FitOptions& options,
                const CallbackList& callbacks) {
  ArraySource source(data, batch_size, true, "fit");
  return fit(source, options, callbacks);
}

Logs Model::evaluate(const Data& data, std::int64_t batch_size, const CallbackList& callbacks) {
  ArraySource source(data, batch_size, false, "evaluate");
  return evaluate(source, -1, callbacks);
}

std::vector<Tensor> Model::predict(const std::vector<Tensor>& x, std::int64_t batch_size,
                                   const CallbackList& callbacks) const {
  Data data;
  data.x = x;
  check(batch_size > 0, "predict: batch_size must be a positive integer; received ", batch_size);
  if (!data.x.empty() && data.x[0].ndim() > 0 && data.x[0].shape()[0] == 0) {
    check_data(data, false, "predict");
    std::vector<Tensor> out;
    for (const Shape& s : graph_->output_shapes()) {
      Shape e = s;
      for (auto& d : e) d = d < 0 ? 0 : d;
      e[0] = 0;
      out.push_back(Tensor::empty(e));
    }
    return out;
  }
  ArraySource source(std::move(data), batch_size, false, "predict");
  return predict(source, -1, callbacks);
}

}  // namespace pydeep::model
