#pragma once
// Model: a layer graph plus what compile() attaches (optimizer, losses,
// metrics), and the training/evaluation/prediction loops. The loops run
// entirely in C++: batching, shuffling, forward, backward, optimizer step and
// metrics, calling callbacks only at the boundaries they asked for.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pydeep/losses/loss.h"
#include "pydeep/model/batch_source.h"
#include "pydeep/metrics/metric.h"
#include "pydeep/model/callback.h"
#include "pydeep/model/graph.h"
#include "pydeep/optim/optimizer.h"

namespace pydeep::model {

struct CompileOptions {
  std::shared_ptr<optim::Optimizer> optimizer;
  // One per output; a null loss leaves that output out of the total loss.
  std::vector<std::shared_ptr<losses::Loss>> losses;
  std::vector<double> loss_weights;  // empty = all 1
  // Per output: the metrics to track on it.
  std::vector<std::vector<std::shared_ptr<metrics::Metric>>> metrics;
  // Shaped like metrics: which ones see the sample weights (Keras's
  // weighted_metrics; the others, Keras's metrics, are unweighted). Empty:
  // none is weighted.
  std::vector<std::vector<bool>> weighted;
};

struct FitOptions {
  int epochs = 1;
  int initial_epoch = 0;
  // -1: one pass over the source per epoch. Otherwise each epoch takes this
  // many batches and the next epoch continues where it stopped (Keras).
  std::int64_t steps_per_epoch = -1;
  std::shared_ptr<BatchSource> validation;  // null: no validation
  std::int64_t validation_steps = -1;       // -1: the whole validation pass
  int validation_freq = 1;
  std::vector<double> class_weight;         // by class index; empty = none
};

// User-defined steps (Keras's overridden train_step / test_step): the loop
// calls them instead of the built-in steps and logs what they return. reset
// is called where Keras resets the model's metrics (each epoch, each
// evaluation). Null members keep the built-in behaviour.
struct CustomSteps {
  std::function<Logs(const Data& batch)> train;
  std::function<Logs(const Data& batch)> test;
  std::function<void()> reset;
};

class Model {
 public:
  Model(std::shared_ptr<Graph> graph, std::string name);

  const Graph& graph() const { return *graph_; }
  const std::string& name() const { return name_; }
  // Names used in logs for each output ("" for a single output).
  void set_output_names(std::vector<std::string> names);
  const std::vector<std::string>& output_names() const { return output_names_; }
  // How the architecture config (model_config.h) names the inputs and the
  // model's class: "Functional" (default) or "Sequential".
  void set_input_names(std::vector<std::string> names);
  const std::vector<std::string>& input_names() const { return input_names_; }
  void set_class_name(const std::string& class_name);
  const std::string& class_name() const { return class_name_; }

  void compile(CompileOptions options);
  bool compiled() const { return compiled_; }
  const CompileOptions& compile_options() const { return options_; }

  void set_custom_steps(CustomSteps steps) { custom_ = std::move(steps); }
  // One built-in training step that keeps accumulating the epoch's loss and
  // metrics (what a custom train_step gets from Keras's super().train_step).
  Logs train_step_logs(const Data& batch);
  Logs test_step_logs(const Data& batch);

  // predict / predict_on_batch do not modify the model (layers keep no
  // state in inference), so several threads may call them concurrently on
  // one model — not concurrently with fit or a weight update.
  std::vector<Tensor> predict_on_batch(const std::vector<Tensor>& x) const;
  Logs train_on_batch(const Data& batch);
  Logs test_on_batch(const Data& batch);

  // Returns the logs of the last epoch; per-epoch logs reach callbacks.
  // When the source runs out before steps_per_epoch batches (or yields no
  // batch at all), the epoch ends early and ran_out_of_data() is set; an
  // empty epoch also stops training (Keras's "input ran out of data").
  Logs fit(BatchSource& train, const FitOptions& options, const CallbackList& callbacks);
  // steps: -1 for the whole pass, else at most that many batches.
  Logs evaluate(BatchSource& data, std::int64_t steps, const CallbackList& callbacks);
  std::vector<Tensor> predict(BatchSource& x, std::int64_t steps,
                              const CallbackList& callbacks) const;
  // In-memory conveniences (ArraySource; fit shuffles each epoch).
  Logs fit(const Data& data, std::int64_t batch_size, const FitOptions& options,
           const CallbackList& callbacks = {});
  Logs evaluate(const Data& data, std::int64_t batch_size, const CallbackList& callbacks = {});
  std::vector<Tensor> predict(const std::vector<Tensor>& x, std::int64_t batch_size,
                              const CallbackList& callbacks = {}) const;

  // Set by a callback to stop fit after the current batch.
  bool stop_training = false;
  // Whether the last fit/evaluate/predict found its source exhausted early.
  bool ran_out_of_data() const { return ran_out_of_data_; }

 private:
  // output_masks: each output's Keras mask (may be empty or hold undefined ones).
  Tensor total_loss(const std::vector<Tensor>& y, const std::vector<Tensor>& outputs,
                    const Tensor& sample_weight, std::vector<double>* per_output,
                    const std::vector<Tensor>& output_masks = {});
  // output_masks as for total_loss: mean-of-values metrics (Keras's
  // MeanMetricWrapper family) leave masked entries out, as Keras does.
  void update_metrics(const std::vector<Tensor>& y, const std::vector<Tensor>& outputs,
                      const Tensor& sample_weight, const std::vector<Tensor>& output_masks = {});
  void reset_metrics();
  Logs logs(const std::string& prefix) const;
  void check_data(const Data& data, bool need_y, const char* where) const;
  void require_compiled(const char* where) const;
  // One optimisation / evaluation step; accumulates loss and metrics.
  void train_step(const Data& batch, const std::vector<Variable>& vars,
                  const std::vector<Tensor>& sources);
  void test_step(const Data& batch);
  // evaluate() without resetting ran_out_of_data (fit's validation uses it).
  Logs run_evaluation(BatchSource& data, std::int64_t steps, const CallbackList& callbacks);
  // Validates a source up front (arrays) or returns true when its batches
  // must be checked one by one (other sources).
  bool check_source(BatchSource& source, bool need_y, const char* where) const;

  std::shared_ptr<Graph> graph_;
  std::string name_;
  std::vector<std::string> output_names_;
  std::vector<std::string> input_names_;
  std::string class_name_ = "Functional";
  CompileOptions options_;
  bool compiled_ = false;
  mutable std::atomic<bool> ran_out_of_data_{false};  // concurrent predicts may set it
  CustomSteps custom_;
  Logs custom_logs_;  // the latest logs a custom step returned
  double loss_sum_ = 0.0, loss_count_ = 0.0;             // the running "loss"
  std::vector<double> output_loss_sum_;                   // per output (multi-output logs)
};

}  // namespace pydeep::model
