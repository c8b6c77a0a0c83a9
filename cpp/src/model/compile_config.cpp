#include "pydeep/model/compile_config.h"

namespace pydeep::model {
namespace {

template <typename T>
Json entry(const char* module, const T& object) {
  return Json::object({{"module", module}, {"class_name", object.class_name()},
                       {"config", object.get_config()}, {"registered_name", Json()}});
}

std::string class_of(const Json& e, const char* what) {
  check(e.is_object() && e.contains("class_name"), "compile config: expected ", what,
        " to be {\"class_name\": ..., \"config\": ...}; received ", e.dump().substr(0, 200));
  return e.at("class_name").as_string(what);
}

// Rebuilds a core object, turning "unknown class" into a clear message.
template <typename F>
auto rebuild(const Json& e, const char* what, F make) {
  const std::string cls = class_of(e, what);
  try {
    return make(cls, e.get("config", Json::object()));
  } catch (const ValueError& err) {
    throw ValueError(str("compile config: cannot rebuild the ", what, " '", cls, "' in C++ (",
                         err.what(), "). A ", what, " written in Python needs Python to load; "
                         "load without compiling instead"));
  }
}

}  // namespace

Json compile_to_config(const Model& model) {
  check(model.compiled(), "compile_to_config: model '", model.name(), "' is not compiled");
  const CompileOptions& o = model.compile_options();
  Json losses = Json::array(), weights = Json::array(), metrics = Json::array();
  Json weighted = Json::array();
  bool any_weighted = false;
  for (std::size_t i = 0; i < o.losses.size(); ++i) {
    losses.push_back(o.losses[i] ? entry("keras.losses", *o.losses[i]) : Json());
    weights.push_back(o.loss_weights[i]);
    Json per_output = Json::array(), flags = Json::array();
    for (std::size_t k = 0; k < o.metrics[i].size(); ++k) {
      per_output.push_back(entry("keras.metrics", *o.metrics[i][k]));
      flags.push_back(Json(static_cast<bool>(o.weighted[i][k])));
      any_weighted = any_weighted || o.weighted[i][k];
    }
    metrics.push_back(per_output);
    weighted.push_back(flags);
  }
  Json config = Json::object({{"optimizer", entry("keras.optimizers", *o.optimizer)},
                              {"loss", losses}, {"loss_weights", weights}, {"metrics", metrics}});
  // Only when some metric is weighted, so files without any stay as version 1 wrote them.
  if (any_weighted) config.set("weighted", weighted);
  return config;
}

void compile_from_config(Model& model, const Json& config) {
  check(config.is_object(), "compile config: expected an object; received ",
        config.dump().substr(0, 200));
  CompileOptions o;
  o.optimizer = rebuild(config.at("optimizer"), "optimizer", [](const std::string& c, const Json& j) {
    return optim::make_optimizer(c, j);
  });
  const Json& losses = config.at("loss");
  check(losses.is_array(), "compile config: 'loss' must be a list (one per output)");
  for (std::size_t i = 0; i < losses.size(); ++i)
    o.losses.push_back(losses[i].is_null() ? nullptr
                                           : rebuild(losses[i], "loss", [](const std::string& c, const Json& j) {
                                               return losses::make_loss(c, j);
                                             }));
  const Json weights = config.get("loss_weights", Json());
  if (weights.is_array())
    for (std::size_t i = 0; i < weights.size(); ++i) o.loss_weights.push_back(weights[i].as_double("loss_weights"));
  const Json metrics = config.get("metrics", Json());
  if (metrics.is_array())
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      std::vector<std::shared_ptr<metrics::Metric>> per_output;
      for (std::size_t k = 0; k < metrics[i].size(); ++k)
        per_output.push_back(rebuild(metrics[i][k], "metric", [](const std::string& c, const Json& j) {
          return metrics::make_metric(c, j);
        }));
      o.metrics.push_back(std::move(per_output));
    }
  const Json weighted = config.get("weighted", Json());  // absent in older files: unweighted
  if (weighted.is_array() && weighted.size() == o.metrics.size())
    for (std::size_t i = 0; i < weighted.size(); ++i) {
      std::vector<bool> flags;
      for (std::size_t k = 0; k < weighted[i].size(); ++k)
        flags.push_back(weighted[i][k].as_bool("weighted"));
      o.weighted.push_back(std::move(flags));
    }
  model.compile(std::move(o));
}

void compile(Model& model, const std::string& optimizer, const std::string& loss,
             const std::vector<std::string>& metric_names) {
  const Graph& g = model.graph();
  CompileOptions o;
  o.optimizer = optim::make_optimizer(optimizer);
  for (std::size_t i = 0; i < g.outputs().size(); ++i) {
    auto l = losses::make_loss(loss);
    std::vector<std::shared_ptr<metrics::Metric>> ms;
    for (const std::string& m : metric_names) {
      const bool accuracy = m == "accuracy" || m == "acc";
      ms.push_back(metrics::make_metric(
          accuracy ? metrics::resolve_accuracy(l->class_name(), {}, g.output_shapes()[i]) : m));
      ms.back()->set_name(m);  // Keras logs a metric given by name under that name
    }
    o.losses.push_back(std::move(l));
    o.metrics.push_back(std::move(ms));
  }
  model.compile(std::move(o));
}

}  // namespace pydeep::model
