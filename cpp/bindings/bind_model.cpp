// pydeep._core.Graph and Model: the functional graph and the C++ training
// loops. Python callbacks join the loop through PyCallback, which takes the
// GIL only for the events the Python side asked for.
#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/model/graph_layer.h"
#include "pydeep/model/model.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

using model::Callback;
using model::Logs;

py::dict logs_dict(const Logs& logs) {
  py::dict d;
  for (const auto& [key, value] : logs) d[py::str(key)] = value;
  return d;
}

// Forwards loop events to a Python object with Keras callback methods
// (a pydeep.callbacks.CallbackList). Its `batch_interval` attribute says which
// batch events it wants (None: none; 0: all; t: at most every t seconds), and
// its `batch_hooks` (a set of hook names, optional) which batch hooks some
// callback overrides: the others are skipped here without taking the GIL.
class PyCallback final : public Callback {
 public:
  explicit PyCallback(py::object target) : target_(std::move(target)) {
    py::object interval = target_.attr("batch_interval");
    interval_ = interval.is_none() ? -1.0 : interval.cast<double>();
    py::object hooks = py::getattr(target_, "batch_hooks", py::none());
    const auto wants = [&](const char* hook) {
      return hooks.is_none() || hooks.contains(py::str(hook));
    };
    for (int i = 0; i < kHooks; ++i) wanted_[i] = wants(kHookNames[i]);
  }
  ~PyCallback() override {
    py::gil_scoped_acquire gil;
    target_ = py::object();
  }
  void on_train_begin(const Logs& l) override { call("on_train_begin", logs_arg(l)); }
  void on_train_end(const Logs& l) override { call("on_train_end", logs_arg(l)); }
  void on_epoch_begin(int epoch) override { call("on_epoch_begin", epoch); }
  void on_epoch_end(int epoch, const Logs& l) override { call("on_epoch_end", epoch, logs_arg(l)); }
  void on_train_batch_begin(std::int64_t b) override { batch_call(0, b); }
  void on_train_batch_end(std::int64_t b, const Logs& l) override { batch_call(1, b, logs_arg(l)); }
  void on_test_begin() override { call("on_test_begin"); }
  void on_test_end(const Logs& l) override { call("on_test_end", logs_arg(l)); }
  void on_test_batch_begin(std::int64_t b) override { batch_call(2, b); }
  void on_test_batch_end(std::int64_t b, const Logs& l) override { batch_call(3, b, logs_arg(l)); }
  void on_predict_begin() override { call("on_predict_begin"); }
  void on_predict_end() override { call("on_predict_end"); }
  void on_predict_batch_begin(std::int64_t b) override { batch_call(4, b); }
  void on_predict_batch_end(std::int64_t b) override { batch_call(5, b); }
  double batch_interval() const override { return interval_; }

 private:
  static constexpr int kHooks = 6;
  static constexpr const char* kHookNames[kHooks] = {
      "on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
      "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end"};
  template <typename... Args>
  void batch_call(int hook, const Args&... args) {
    if (wanted_[hook]) call(kHookNames[hook], args...);
  }
  bool wanted_[kHooks] = {};

  // Logs are converted under the GIL, inside call().
  struct LogsArg { const Logs* logs; };
  static LogsArg logs_arg(const Logs& l) { return {&l}; }
  static py::object to_py(const LogsArg& a) { return logs_dict(*a.logs); }
  template <typename T> static py::object to_py(const T& v) { return py::cast(v); }

  template <typename... Args>
  void call(const char* method, const Args&... args) {
    py::gil_scoped_acquire gil;
    target_.attr(method)(to_py(args)...);
  }

  py::object target_;
  double interval_;
};

model::CallbackList callbacks_from(py::handle cb) {
  model::CallbackList out;
  if (!cb.is_none()) out.push_back(std::make_shared<PyCallback>(py::reinterpret_borrow<py::object>(cb)));
  return out;
}

model::Data data_from(py::handle x, py::handle y, py::handle sw) {
  model::Data d;
  d.x = tensors_from(x);
  if (!y.is_none()) d.y = tensors_from(y);
  d.sample_weight = as_tensor_or_undefined(sw);
  return d;
}

// A Python callable kept alive by C++ std::functions; released under the GIL.
std::shared_ptr<py::object> held(py::handle fn) {
  return std::shared_ptr<py::object>(new py::object(py::reinterpret_borrow<py::object>(fn)),
                                     [](py::object* o) {
                                       py::gil_scoped_acquire gil;
                                       delete o;
                                     });
}

// A user's train_step / test_step: called with (x list, y list, sample_weight)
// under the GIL; returns a dict of numbers (tensors and metrics' results
// included) that becomes the loop's logs.
std::function<Logs(const model::Data&)> step_function(py::handle fn) {
  if (fn.is_none()) return nullptr;
  auto target = held(fn);
  return [target](const model::Data& batch) {
    py::gil_scoped_acquire gil;
    py::object result = (*target)(to_list(batch.x), to_list(batch.y),
                                  batch.sample_weight.defined() ? py::cast(batch.sample_weight)
                                                                : py::none());
    Logs logs;
    for (auto item : result.cast<py::dict>())
      logs.emplace_back(item.first.cast<std::string>(),
                        py::float_(py::module_::import("numpy").attr("asarray")(item.second))
                            .cast<double>());
    return logs;
  };
}

// A single-batch call (train_on_batch, test_on_batch, the steps a custom
// train_step reuses): converts the arrays, runs without the GIL, returns logs.
template <Logs (model::Model::*Step)(const model::Data&)>
py::dict one_batch(model::Model& model, py::handle x, py::handle y, py::handle sw) {
  const model::Data data = data_from(x, y, sw);
  Logs logs;
  {
    py::gil_scoped_release release;
    logs = (model.*Step)(data);
  }
  return logs_dict(logs);
}

std::vector<model::NodeOutput> refs_from(const std::vector<std::pair<int, int>>& pairs) {
  std::vector<model::NodeOutput> out;
  for (const auto& [node, index] : pairs) out.push_back({node, index});
  return out;
}

}  // namespace

void register_model(py::module_& m) {
  using model::Graph;
  using model::Model;
  py::class_<Graph, std::shared_ptr<Graph>>(m, "Graph")
      .def(py::init([](const std::vector<Shape>& input_shapes, py::handle nodes,
                       const std::vector<std::pair<int, int>>& outputs) {
             std::vector<model::GraphNode> ns;
             for (py::handle n : nodes) {
               auto [layer, inputs] = n.cast<std::pair<std::shared_ptr<layers::Layer>,
                                                        std::vector<std::pair<int, int>>>>();
               ns.push_back({layer, refs_from(inputs)});
             }
             return std::make_shared<Graph>(input_shapes, std::move(ns), refs_from(outputs));
           }), py::arg("input_shapes"), py::arg("nodes"), py::arg("outputs"))
      .def_property_readonly("input_shapes", &Graph::input_shapes)
      .def_property_readonly("output_shapes", &Graph::output_shapes)
      .def_property_readonly("node_output_shapes", &Graph::node_output_shapes)
      .def("forward", [](const Graph& g, py::handle x, bool training) {
             std::vector<Tensor> xs = tensors_from(x), ys;
             {
               py::gil_scoped_release release;
               ys = g.forward(xs, training);
             }
             return to_list(ys);
           }, py::arg("inputs"), py::arg("training") = false)
      .def_property_readonly("weights", [](const Graph& g) { return g.weights(); })
      .def_property_readonly("trainable_weights", [](const Graph& g) { return g.trainable_weights(); })
      .def_property_readonly("non_trainable_weights",
                             [](const Graph& g) { return g.non_trainable_weights(); })
      .def_property_readonly("losses", [](const Graph& g) { return to_list(g.losses()); });

  py::class_<model::GraphLayer, layers::Layer, std::shared_ptr<model::GraphLayer>>(m, "GraphLayer")
      .def(py::init<std::shared_ptr<Graph>, const std::string&, std::string>(), py::arg("graph"),
           py::arg("name"), py::arg("class_name"));

  py::class_<Model, std::shared_ptr<Model>>(m, "Model")
      .def(py::init<std::shared_ptr<Graph>, std::string>(), py::arg("graph"), py::arg("name"))
      .def("set_output_names", &Model::set_output_names)
      .def_readwrite("stop_training", &Model::stop_training)
      .def("compile", [](Model& model, std::shared_ptr<optim::Optimizer> optimizer,
                         std::vector<std::shared_ptr<losses::Loss>> losses,
                         std::vector<double> loss_weights,
                         std::vector<std::vector<std::shared_ptr<metrics::Metric>>> metrics,
                         std::vector<std::vector<bool>> weighted) {
             model.compile({std::move(optimizer), std::move(losses), std::move(loss_weights),
                            std::move(metrics), std::move(weighted)});
           }, py::arg("optimizer"), py::arg("losses"), py::arg("loss_weights"), py::arg("metrics"),
           py::arg("weighted") = std::vector<std::vector<bool>>())
      .def("fit", [](Model& model, std::shared_ptr<model::BatchSource> train, int epochs,
                     int initial_epoch, std::int64_t steps_per_epoch,
                     std::shared_ptr<model::BatchSource> validation, std::int64_t validation_steps,
                     int validation_freq, std::vector<double> class_weight, py::handle callbacks) {
             model::FitOptions opt;
             opt.epochs = epochs;
             opt.initial_epoch = initial_epoch;
             opt.steps_per_epoch = steps_per_epoch;
             opt.validation = std::move(validation);
             opt.validation_steps = validation_steps;
             opt.validation_freq = validation_freq;
             opt.class_weight = std::move(class_weight);
             const model::CallbackList cbs = callbacks_from(callbacks);
             Logs logs;
             {
               py::gil_scoped_release release;
               logs = model.fit(*train, opt, cbs);
             }
             return logs_dict(logs);
           }, py::arg("train"), py::arg("epochs"), py::arg("initial_epoch"),
           py::arg("steps_per_epoch"), py::arg("validation"), py::arg("validation_steps"),
           py::arg("validation_freq"), py::arg("class_weight"), py::arg("callbacks"))
      .def("evaluate", [](Model& model, std::shared_ptr<model::BatchSource> data,
                          std::int64_t steps, py::handle callbacks) {
             const model::CallbackList cbs = callbacks_from(callbacks);
             Logs logs;
             {
               py::gil_scoped_release release;
               logs = model.evaluate(*data, steps, cbs);
             }
             return logs_dict(logs);
           }, py::arg("data"), py::arg("steps"), py::arg("callbacks"))
      .def("predict", [](const Model& model, std::shared_ptr<model::BatchSource> x,
                         std::int64_t steps, py::handle callbacks) {
             const model::CallbackList cbs = callbacks_from(callbacks);
             std::vector<Tensor> ys;
             {
               py::gil_scoped_release release;
               ys = model.predict(*x, steps, cbs);
             }
             return to_list(ys);
           }, py::arg("x"), py::arg("steps"), py::arg("callbacks"))
      .def_property_readonly("ran_out_of_data", &Model::ran_out_of_data)
      .def("set_custom_steps", [](Model& model, py::handle train, py::handle test,
                                  py::handle reset) {
             model::CustomSteps steps;
             steps.train = step_function(train);
             steps.test = step_function(test);
             if (!reset.is_none()) {
               auto target = held(reset);
               steps.reset = [target] {
                 py::gil_scoped_acquire gil;
                 (*target)();
               };
             }
             model.set_custom_steps(std::move(steps));
           }, py::arg("train"), py::arg("test"), py::arg("reset"))
      .def("train_step_logs", one_batch<&Model::train_step_logs>)
      .def("test_step_logs", one_batch<&Model::test_step_logs>)
      .def("train_on_batch", one_batch<&Model::train_on_batch>)
      .def("test_on_batch", one_batch<&Model::test_on_batch>)
      .def("predict_on_batch", [](const Model& model, py::handle x) {
             const std::vector<Tensor> xs = tensors_from(x);
             std::vector<Tensor> ys;
             {
               py::gil_scoped_release release;
               ys = model.predict_on_batch(xs);
             }
             return to_list(ys);
           });
}

}  // namespace pydeep::bindings
