#pragma once
// Any loss as a metric: the weighted mean over samples of the loss's
// per-sample values (losses::Loss::call, run without autograd). This backs
// Keras's loss-shaped metric classes (BinaryCrossentropy,
// CategoricalCrossentropy, SparseCategoricalCrossentropy, KLDivergence,
// Poisson, Hinge, SquaredHinge, CategoricalHinge) and MeanMetricWrapper
// around a loss name ("huber", "log_cosh", ...). Unlike the other metrics it
// allocates the loss's result tensor on every update.
//
// Entries that the loss masks out (SparseCategoricalCrossentropy's
// ignore_class) are left out of the mean when a sample_weight is given and
// count as zero otherwise, exactly as Keras's Mean does with a Keras mask.
#include <memory>
#include <string>

#include "pydeep/losses/loss.h"
#include "pydeep/metrics/reduction_metrics.h"

namespace pydeep::metrics {

class LossMetric : public MeanMetricWrapper {
 public:
  // A Keras loss-shaped metric class: `class_name` ("BinaryCrossentropy",
  // also the loss class used), `default_name`, and `arguments`: the
  // constructor arguments beyond name and dtype with their Keras defaults
  // (an object). Arguments given with a non-default value are passed to the
  // loss, which validates them.
  LossMetric(const Json& config, const char* class_name, const std::string& default_name,
             const Json& arguments);
  // Keras MeanMetricWrapper around a loss: config {"fn": loss identifier,
  // "name" (default "mean_metric_wrapper", as Keras), "dtype", and the
  // loss's arguments, passed to losses::make_loss}.
  explicit LossMetric(const Json& config);

  const char* class_name() const override { return class_name_; }
  const char* direction() const override { return "down"; }
  Json get_config() const override;
  void update_state(const Tensor& y_true, const Tensor& y_pred,
                    const Tensor& sample_weight = Tensor()) override;

 protected:
  void compute(const Tensor& y_true, const Tensor& y_pred, std::vector<double>& values,
               Shape& shape) override;

 private:
  const char* class_name_;
  Json arguments_;  // as get_config reports them (fn first for a wrapper)
  std::shared_ptr<losses::Loss> loss_;
  Tensor mask_;  // of the last compute(); undefined when every entry counts
};

// The LossMetric for a Keras loss-shaped metric class name, or nullptr when
// `class_name` is not one.
std::shared_ptr<Metric> make_loss_shaped_metric(const std::string& class_name, const Json& config);

}  // namespace pydeep::metrics
