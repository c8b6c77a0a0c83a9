// pydeep._core.Metric, make_metric and resolve_accuracy: the core's stateful
// metrics; and PythonMetric, which lets a metric written in Python run inside
// the C++ core (the trainer updates it like any other Metric). Tensor
// arguments accept anything tensor-like (as_tensor); the GIL is released
// while a core metric reads its inputs and re-acquired only to run Python.
#include <pybind11/stl.h>

#include <string>
#include <utility>

#include "convert.h"
#include "pydeep/metrics/metric.h"
#include "pydeep/metrics/reduction_metrics.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

using metrics::Metric;

// A shape from Python: ints, with None (unknown) as -1.
Shape shape_from(py::handle sequence) {
  Shape shape;
  for (py::handle d : sequence) shape.push_back(d.is_none() ? -1 : d.cast<std::int64_t>());
  return shape;
}

// A metric whose update_state/result/reset_state/get_config are the Python
// owner's methods. The owner is held by a weak reference: it owns this object
// (as `_native`), and a strong reference back would be a cycle that the
// garbage collector cannot see through the C++ object.
class PythonMetric : public Metric {
 public:
  PythonMetric(py::handle owner, const Json& config, std::string class_name)
      : Metric(config, class_name), class_name_(std::move(class_name)) {
    owner_ = std::make_unique<py::weakref>(owner);
  }
  ~PythonMetric() override {
    // The last reference may go on a thread without the GIL.
    if (Py_IsInitialized()) {
      py::gil_scoped_acquire gil;
      owner_.reset();
    } else {
      owner_.release();  // the interpreter is gone; leaking is all that is safe
    }
  }
  const char* class_name() const override { return class_name_.c_str(); }

  void update_state(const Tensor& y_true, const Tensor& y_pred,
                    const Tensor& sample_weight) override {
    py::gil_scoped_acquire gil;
    py::object sw = sample_weight.defined() ? py::cast(sample_weight) : py::none();
    owner().attr("update_state")(y_true, y_pred, py::arg("sample_weight") = sw);
  }
  double result() const override {
    const std::vector<double> values = result_values();
    check(values.size() == 1, class_name_, ": the result has ", values.size(),
          " values; read them with result_values()");
    return values[0];
  }
  std::vector<double> result_values() const override {
    py::gil_scoped_acquire gil;
    py::object value = owner().attr("result")();
    py::object numpy = py::module_::import("numpy");
    return numpy.attr("asarray")(value, "float64").attr("ravel")().cast<std::vector<double>>();
  }
  void reset_state() override {
    py::gil_scoped_acquire gil;
    owner().attr("reset_state")();
  }
  Json get_config() const override {
    py::gil_scoped_acquire gil;
    return json_from_python(owner().attr("get_config")());
  }

 private:
  py::object owner() const {
    py::object owner = (*owner_)();
    check(!owner.is_none(), class_name_, " (", name(),
          "): the Python metric object behind this metric was deleted.");
    return owner;
  }
  std::string class_name_;
  std::unique_ptr<py::weakref> owner_;
};

template <typename T>
T& as_kind(Metric& metric, const char* method, const char* kind) {
  auto* typed = dynamic_cast<T*>(&metric);
  check<TypeError>(typed != nullptr, metric.class_name(), ": ", method, " is only for ", kind);
  return *typed;
}

}  // namespace

void register_metrics(py::module_& m) {
  py::class_<Metric, std::shared_ptr<Metric>>(m, "Metric")
      .def("update_state",
           [](Metric& self, py::handle y_true, py::handle y_pred, py::handle sample_weight) {
             // The converted tensors outlive the released section: a tensor
             // wrapping a numpy array must be released under the GIL.
             const Tensor yt = as_tensor(y_true), yp = as_tensor(y_pred);
             const Tensor sw = as_tensor_or_undefined(sample_weight);
             py::gil_scoped_release release;
             self.update_state(yt, yp, sw);
           },
           py::arg("y_true"), py::arg("y_pred"), py::arg("sample_weight") = py::none())
      .def("update_values",
           [](Metric& self, py::handle values, py::handle sample_weight) {
             auto& metric = as_kind<metrics::ValuesMetric>(self, "update_values", "Mean and Sum");
             const Tensor v = as_tensor(values), sw = as_tensor_or_undefined(sample_weight);
             py::gil_scoped_release release;
             metric.update_values(v, sw);
           },
           py::arg("values"), py::arg("sample_weight") = py::none())
      .def("samplewise_values",
           [](Metric& self, py::handle y_true, py::handle y_pred) {
             auto& metric = as_kind<metrics::MeanMetricWrapper>(
                 self, "samplewise_values", "metrics that average a per-sample function");
             const Tensor yt = as_tensor(y_true), yp = as_tensor(y_pred);
             Tensor out;
             {
               py::gil_scoped_release release;
               out = metric.samplewise_values(yt, yp);
             }
             return out;
           },
           py::arg("y_true"), py::arg("y_pred"))
      .def("result", &Metric::result, "The current value (a float).")
      .def("result_values", &Metric::result_values,
           "All values of the result (one per threshold for confusion metrics).")
      .def("reset_state", &Metric::reset_state)
      .def("get_config", [](const Metric& self) { return json_to_python(self.get_config()); })
      .def_property("name", &Metric::name, &Metric::set_name)
      .def_property_readonly("class_name", &Metric::class_name)
      .def_property_readonly("direction", &Metric::direction)
      .def("__repr__", [](const Metric& self) {
        return str("<_core.Metric ", self.class_name(), " name=", self.name(), ">");
      });

  py::class_<PythonMetric, Metric, std::shared_ptr<PythonMetric>>(
      m, "PythonMetric", "A core metric whose methods are the owner's, in Python.")
      .def(py::init([](py::handle owner, py::handle config, std::string class_name) {
             return std::make_shared<PythonMetric>(owner, json_from_python(config),
                                                   std::move(class_name));
           }),
           py::arg("owner"), py::arg("config"), py::arg("class_name"));

  m.def(
      "make_metric",
      [](const std::string& identifier, py::handle config) {
        return metrics::make_metric(identifier, json_from_python(config));
      },
      py::arg("identifier"), py::arg("config") = py::none());
  m.def(
      "resolve_accuracy",
      [](const std::string& loss_class, py::handle y_true_shape, py::handle y_pred_shape) {
        return metrics::resolve_accuracy(loss_class, shape_from(y_true_shape),
                                         shape_from(y_pred_shape));
      },
      py::arg("loss_class"), py::arg("y_true_shape"), py::arg("y_pred_shape"));
}

}  // namespace pydeep::bindings
