#include "pydeep/optim/adamw.h"

namespace pydeep::optim {
namespace {

Json with_default_weight_decay(const Json& config_in) {
  Json config = config_in.is_null() ? Json::object() : config_in;
  config.as_object("AdamW config");
  if (!config.contains("weight_decay")) config.set("weight_decay", 0.004);
  check(!config.at("weight_decay").is_null(),
        "Argument `weight_decay` must be a float. Received: weight_decay=None");
  return config;
}

}  // namespace

AdamW::AdamW(const Json& config) : Adam(with_default_weight_decay(config), "adamw") {}

}  // namespace pydeep::optim
