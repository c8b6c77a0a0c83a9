#include "pydeep/layers/activity_regularization.h"

namespace pydeep::layers {
namespace {

// The base reads activity_regularizer from the config: give it the L1L2 one.
Json with_regularizer(const Json& config) {
  Json c = config;
  c.set("activity_regularizer",
        Json::object({{"class_name", "L1L2"},
                      {"config", Json::object({{"l1", config.get("l1", Json(0.0))},
                                               {"l2", config.get("l2", Json(0.0))}})}}));
  return c;
}

}  // namespace

ActivityRegularization::ActivityRegularization(const Json& config)
    : UnaryLayer(with_regularizer(config), "activity_regularization"),
      l1_(config.get("l1", Json(0.0))),
      l2_(config.get("l2", Json(0.0))) {}

Json ActivityRegularization::get_config() const {
  return Json::object({{"name", name()}, {"trainable", trainable()}, {"dtype", "float32"},
                       {"l1", l1_}, {"l2", l2_}});
}

}  // namespace pydeep::layers
