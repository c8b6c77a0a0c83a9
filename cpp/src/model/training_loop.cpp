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

Data batch_of(const Data& d, const Tensor& order, std::int64_t begin, std::int64_t end) {
  Data b;
  for (const Tensor& t : d.x) b.x.push_back(rows(t, order, begin, end));
  for (const Tensor& t : d.y) b.y.push_back(rows(t, order, begin, end));
  b.sample_weight = rows(d.sample_weight, order, begin, end);
  return b;
}

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

 private:
  const CallbackList& callbacks_;
  std::vector<Clock::time_point> last_;
};

// Per-sample weights from class_weight (by label: integer labels, argmax of
// one-hot rows, or rounded binary probabilities), times any sample_weight.
Tensor apply_class_weight(const Tensor& y, const Tensor& sample_weight,
                          const std::vector<double>& class_weight) {
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
  const std::vector<Tensor> outputs = graph_->forward(batch.x, true);
  std::vector<double> per_output(outputs.size(), 0.0);
  const Tensor loss = total_loss(batch.y, outputs, batch.sample_weight, &per_output);
  const std::vector<Tensor> grads = autograd::gradient({loss}, {}, sources);
  options_.optimizer->apply_gradients(grads, vars);
  autograd::NoGradGuard no_grad;
  update_metrics(batch.y, outputs, batch.sample_weight);
  const double n = static_cast<double>(batch.x[0].shape()[0]);
  loss_sum_ += loss.item() * n;
  loss_count_ += n;
  for (std::size_t i = 0; i < per_output.size(); ++i) output_loss_sum_[i] += per_output[i] * n;
}

void Model::test_step(const Data& batch) {
  autograd::NoGradGuard no_grad;
  const std::vector<Tensor> outputs = graph_->forward(batch.x, false);
  std::vector<double> per_output(outputs.size(), 0.0);
  const Tensor loss = total_loss(batch.y, outputs, batch.sample_weight, &per_output);
  update_metrics(batch.y, outputs, batch.sample_weight);
  const double n = static_cast<double>(batch.x[0].shape()[0]);
  loss_sum_ += loss.item() * n;
  loss_count_ += n;
  for (std::size_t i = 0; i < per_output.size(); ++i) output_loss_sum_[i] += per_output[i] * n;
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

Logs Model::fit(const Data& data, const FitOptions& opt, const CallbackList& callbacks) {
  require_compiled("training");
  check_data(data, true, "fit");
  check(opt.batch_size > 0, "fit: batch_size must be a positive integer; received ", opt.batch_size);
  check(opt.epochs >= 0 && opt.initial_epoch >= 0, "fit: epochs and initial_epoch must be >= 0");
  check(opt.validation_freq > 0, "fit: validation_freq must be a positive integer");
  const std::int64_t n = data.size();
  check(n > 0, "fit: the training data is empty (0 samples)");
  const bool validate = !opt.validation.x.empty();
  if (validate) check_data(opt.validation, true, "fit (validation_data)");

  Data train = data;
  if (!opt.class_weight.empty()) {
    check(train.y.size() == 1, "fit: class_weight is only supported for models with one output");
    train.sample_weight = apply_class_weight(train.y[0], train.sample_weight, opt.class_weight);
  }
  const std::vector<Variable> vars = graph_->trainable_weights();
  const std::vector<Tensor> sources(vars.begin(), vars.end());
  std::int64_t steps = (n + opt.batch_size - 1) / opt.batch_size;
  if (opt.steps_per_epoch > 0) steps = std::min(steps, opt.steps_per_epoch);

  stop_training = false;
  BatchNotifier notifier(callbacks);
  for (const auto& cb : callbacks) cb->on_train_begin({});
  Logs epoch_logs;
  for (int epoch = opt.initial_epoch; epoch < opt.epochs && !stop_training; ++epoch) {
    reset_metrics();
    for (const auto& cb : callbacks) cb->on_epoch_begin(epoch);
    Tensor order;
    if (opt.shuffle) {
      const std::vector<std::int64_t> perm = random_permutation(n, draw_seed());
      order = Tensor::empty({n}, DType::Int64);
      std::copy(perm.begin(), perm.end(), order.data<std::int64_t>());
    }
    for (std::int64_t step = 0; step < steps; ++step) {
      const std::int64_t begin = step * opt.batch_size;
      const std::int64_t end = std::min(n, begin + opt.batch_size);
      notifier.notify(false, [&](Callback& cb) { cb.on_train_batch_begin(step); });
      train_step(batch_of(train, order, begin, end), vars, sources);
      const bool last = step + 1 == steps || stop_training;
      notifier.notify(last, [&](Callback& cb) { cb.on_train_batch_end(step, logs("")); });
      if (stop_training) break;
    }
    epoch_logs = logs("");
    if (validate && (epoch + 1) % opt.validation_freq == 0) {
      const Logs val = evaluate(opt.validation, opt.batch_size, {});
      for (const auto& [key, value] : val) epoch_logs.emplace_back("val_" + key, value);
    }
    for (const auto& cb : callbacks) cb->on_epoch_end(epoch, epoch_logs);
  }
  // Keras: with use_ema, the variables take their moving averages after the last epoch.
  if (opt.epochs > 0) options_.optimizer->finalize_variable_values(vars);
  for (const auto& cb : callbacks) cb->on_train_end(epoch_logs);
  return epoch_logs;
}

Logs Model::evaluate(const Data& data, std::int64_t batch_size, const CallbackList& callbacks) {
  require_compiled("evaluation");
  check_data(data, true, "evaluate");
  check(batch_size > 0, "evaluate: batch_size must be a positive integer; received ", batch_size);
  const std::int64_t n = data.size();
  check(n > 0, "evaluate: the data is empty (0 samples)");
  reset_metrics();
  BatchNotifier notifier(callbacks);
  for (const auto& cb : callbacks) cb->on_test_begin();
  const std::int64_t steps = (n + batch_size - 1) / batch_size;
  for (std::int64_t step = 0; step < steps; ++step) {
    test_step(batch_of(data, Tensor(), step * batch_size, std::min(n, (step + 1) * batch_size)));
    notifier.notify(step + 1 == steps, [&](Callback& cb) { cb.on_test_batch_end(step, logs("")); });
  }
  Logs result = logs("");
  for (const auto& cb : callbacks) cb->on_test_end(result);
  return result;
}

std::vector<Tensor> Model::predict(const std::vector<Tensor>& x, std::int64_t batch_size,
                                   const CallbackList& callbacks) const {
  Data data;
  data.x = x;
  check_data(data, false, "predict");
  check(batch_size > 0, "predict: batch_size must be a positive integer; received ", batch_size);
  const std::int64_t n = data.size();
  autograd::NoGradGuard no_grad;
  BatchNotifier notifier(callbacks);
  for (const auto& cb : callbacks) cb->on_predict_begin();
  std::vector<Tensor> out;
  const std::int64_t steps = (n + batch_size - 1) / batch_size;
  for (std::int64_t step = 0; step < steps; ++step) {
    const std::int64_t begin = step * batch_size, end = std::min(n, begin + batch_size);
    const std::vector<Tensor> y = graph_->forward(batch_of(data, Tensor(), begin, end).x, false);
    if (out.empty())
      for (const Tensor& t : y) {
        Shape s = t.shape();
        s[0] = n;
        out.push_back(Tensor::empty(s, t.dtype(), t.device()));
      }
    for (std::size_t i = 0; i < y.size(); ++i) {
      const std::size_t row = y[i].numel() / std::max<std::int64_t>(1, end - begin) *
                              dtype_size(y[i].dtype());
      Tensor dst = Tensor::from_storage(out[i].storage(), y[i].shape(), y[i].dtype(),
                                        out[i].storage_offset() + begin * row);
      dst.copy_from(y[i]);
    }
    notifier.notify(step + 1 == steps, [&](Callback& cb) { cb.on_predict_batch_end(step); });
  }
  for (const auto& cb : callbacks) cb->on_predict_end();
  if (n == 0)  // no batch ran: build empty outputs from the graph's shapes
    for (const Shape& s : graph_->output_shapes()) {
      Shape e = s;
      for (auto& d : e) d = d < 0 ? 0 : d;
      e[0] = 0;
      out.push_back(Tensor::empty(e));
    }
  return out;
}

}  // namespace pydeep::model
