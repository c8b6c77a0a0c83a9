#include "pydeep/model/model.h"

#include <chrono>
#include <cmath>

#include "pydeep/autograd/engine.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/autograd/grad_mode.h"
#include "pydeep/metrics/reduction_metrics.h"

namespace pydeep::model {

Model::Model(std::shared_ptr<Graph> graph, std::string name)
    : graph_(std::move(graph)), name_(std::move(name)) {
  check(graph_ != nullptr, "Model: no graph");
  output_names_.assign(graph_->outputs().size(), "");
  for (std::size_t i = 0; i < graph_->input_shapes().size(); ++i)
    input_names_.push_back(i ? str("input_layer_", i) : std::string("input_layer"));
}

void Model::set_output_names(std::vector<std::string> names) {
  check(names.size() == graph_->outputs().size(), "Model: expected ", graph_->outputs().size(),
        " output names; received ", names.size());
  output_names_ = std::move(names);
}

void Model::set_input_names(std::vector<std::string> names) {
  check(names.size() == graph_->input_shapes().size(), "Model: expected ",
        graph_->input_shapes().size(), " input names; received ", names.size());
  input_names_ = std::move(names);
}

void Model::set_class_name(const std::string& class_name) {
  check(class_name == "Functional" || class_name == "Sequential",
        "Model: expected class name 'Functional' or 'Sequential'; received '", class_name, "'");
  check(class_name == "Functional" || (graph_->input_shapes().size() == 1 &&
                                       graph_->outputs().size() == 1),
        "Model: a Sequential model has one input and one output");
  class_name_ = class_name;
}

void Model::compile(CompileOptions options) {
  const std::size_t n_out = graph_->outputs().size();
  check(options.optimizer != nullptr, "compile: an optimizer is required");
  check(options.losses.size() == n_out, "compile: expected one loss per model output (", n_out,
        "); received ", options.losses.size());
  if (options.loss_weights.empty()) options.loss_weights.assign(n_out, 1.0);
  check(options.loss_weights.size() == n_out, "compile: expected ", n_out,
        " loss_weights; received ", options.loss_weights.size());
  if (options.metrics.empty()) options.metrics.resize(n_out);
  check(options.metrics.size() == n_out, "compile: expected metrics for ", n_out,
        " outputs; received ", options.metrics.size());
  if (options.weighted.empty())
    for (const auto& per_output : options.metrics) options.weighted.emplace_back(per_output.size());
  check(options.weighted.size() == n_out, "compile: expected weighted flags for ", n_out,
        " outputs; received ", options.weighted.size());
  for (std::size_t i = 0; i < n_out; ++i)
    check(options.weighted[i].size() == options.metrics[i].size(), "compile: output ", i,
          " has ", options.metrics[i].size(), " metrics but ", options.weighted[i].size(),
          " weighted flags");
  options_ = std::move(options);
  output_loss_sum_.assign(n_out, 0.0);
  compiled_ = true;
}

void Model::require_compiled(const char* where) const {
  check<std::logic_error>(compiled_, "You must call `compile()` before using the model for ",
                          where, ".");
}

void Model::check_data(const Data& data, bool need_y, const char* where) const {
  std::vector<Shape> shapes;
  for (const Tensor& t : data.x) shapes.push_back(t.shape());
  graph_->check_inputs(shapes);
  if (need_y)
    check(data.y.size() == graph_->outputs().size(), where, ": the model has ",
          graph_->outputs().size(), " output(s) but ", data.y.size(), " target array(s) were given");
  data.size();
}

std::vector<Tensor> Model::predict_on_batch(const std::vector<Tensor>& x) const {
  autograd::NoGradGuard no_grad;
  return graph_->forward(x, false);
}

Tensor Model::total_loss(const std::vector<Tensor>& y, const std::vector<Tensor>& outputs,
                         const Tensor& sample_weight, std::vector<double>* per_output,
                         const std::vector<Tensor>& output_masks) {
  Tensor total;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& loss = options_.losses[i];
    if (!loss) continue;
    // A masked output (e.g. a sequence from a masked RNN) leaves its masked
    // entries out of the loss, as Keras does.
    const Tensor mask = i < output_masks.size() ? output_masks[i] : Tensor();
    Tensor li = (*loss)(y[i], outputs[i], sample_weight, mask);
    if (per_output) (*per_output)[i] = li.item();
    if (options_.loss_weights[i] != 1.0) li = multiply(li, Tensor::scalar(options_.loss_weights[i]));
    total = total.defined() ? add(total, li) : li;
  }
  check(total.defined(), "compile: no output has a loss");
  // Keras 3's compute_loss: regularization penalties join the total (also in evaluation).
  if (graph_->has_regularizers())
    for (const Tensor& penalty : graph_->losses()) total = add(total, penalty);
  return total;
}

void Model::update_metrics(const std::vector<Tensor>& y, const std::vector<Tensor>& outputs,
                           const Tensor& sample_weight, const std::vector<Tensor>& output_masks) {
  // Keras: compile(metrics=...) ignore sample weights; weighted_metrics use them.
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const Tensor mask = i < output_masks.size() ? output_masks[i] : Tensor();
    for (std::size_t k = 0; k < options_.metrics[i].size(); ++k) {
      auto& metric = *options_.metrics[i][k];
      Tensor weight = options_.weighted[i][k] ? sample_weight : Tensor();
      if (mask.defined() && dynamic_cast<metrics::MeanMetricWrapper*>(&metric) != nullptr) {
        // Keras's apply_mask(..., reduction="sum"): the mask times any weight.
        const Tensor float_mask = cast(mask, DType::Float32);
        if (weight.defined()) {
          auto [m, w] = losses::squeeze_or_expand_to_same_rank(float_mask,
                                                               cast(weight, DType::Float32));
          weight = multiply(w, m);
        } else {
          weight = float_mask;
        }
      }
      metric.update_state(y[i], outputs[i].detach(), weight);
    }
  }
}

void Model::reset_metrics() {
  if (custom_.reset) custom_.reset();
  custom_logs_.clear();
  loss_sum_ = loss_count_ = 0.0;
  std::fill(output_loss_sum_.begin(), output_loss_sum_.end(), 0.0);
  for (auto& per_output : options_.metrics)
    for (const auto& m : per_output) m->reset_state();
}

Logs Model::logs(const std::string& prefix) const {
  Logs out;
  if (!custom_logs_.empty()) {  // a custom step ran: its logs are the model's
    for (const auto& [key, value] : custom_logs_) out.emplace_back(prefix + key, value);
    return out;
  }
  const double count = loss_count_ > 0 ? loss_count_ : 1.0;
  out.emplace_back(prefix + "loss", loss_sum_ / count);
  const bool multi = output_names_.size() > 1;
  if (multi)
    for (std::size_t i = 0; i < output_names_.size(); ++i)
      if (options_.losses[i])
        out.emplace_back(prefix + output_names_[i] + "_loss", output_loss_sum_[i] / count);
  for (std::size_t i = 0; i < options_.metrics.size(); ++i)
    for (const auto& m : options_.metrics[i])
      out.emplace_back(prefix + (multi ? output_names_[i] + "_" : "") + m->name(), m->result());
  return out;
}

}  // namespace pydeep::model
