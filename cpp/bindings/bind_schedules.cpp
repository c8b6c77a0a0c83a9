// Learning-rate schedules: the core's built-in schedules (made by
// make_schedule from a Keras class name and config) behind one class, and
// PythonSchedule, which lets a schedule written in Python (a subclass of
// pydeep.optimizers.schedules.LearningRateSchedule, or a no-argument
// callable) drive a core optimizer: the optimizer calls it under the GIL
// once per update. The Keras-shaped classes are in
// pydeep/optimizers/schedules/.
#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <string>

#include "convert.h"
#include "pydeep/optim/learning_rate_schedule.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

using optim::LearningRateSchedule;

class PythonSchedule : public LearningRateSchedule {
 public:
  // `function` is called as function(step) (takes_step) or function();
  // serializer(function) gives the serialized form for the optimizer's config.
  PythonSchedule(py::object function, bool takes_step, py::object serializer)
      : function_(std::make_unique<py::object>(std::move(function))),
        serializer_(std::make_unique<py::object>(std::move(serializer))),
        takes_step_(takes_step) {}
  ~PythonSchedule() override {
    // The last reference may go on a thread without the GIL.
    if (Py_IsInitialized()) {
      py::gil_scoped_acquire gil;
      function_.reset();
      serializer_.reset();
    } else {  // the interpreter is gone; leaking is all that is safe
      function_.release();
      serializer_.release();
    }
  }

  std::string class_name() const override {
    py::gil_scoped_acquire gil;
    return py::str(py::type::of(*function_).attr("__name__")).cast<std::string>();
  }

  double operator()(double step) const override {
    py::gil_scoped_acquire gil;
    py::object value;
    if (!takes_step_) {
      value = (*function_)();
    } else if (std::floor(step) == step) {
      value = (*function_)(static_cast<std::int64_t>(step));  // Keras passes the int iteration
    } else {
      value = (*function_)(step);
    }
    const double result = py::float_(value).cast<double>();
    return result;
  }

  Json get_config() const override {
    py::gil_scoped_acquire gil;
    return json_from_python(function_->attr("get_config")());
  }

  Json serialize() const override {
    py::gil_scoped_acquire gil;
    return json_from_python((*serializer_)(*function_));
  }

  py::object function() const { return *function_; }

 private:
  std::unique_ptr<py::object> function_, serializer_;
  bool takes_step_;
};

}  // namespace

void register_schedules(py::module_& m) {
  py::class_<LearningRateSchedule, std::shared_ptr<LearningRateSchedule>>(m,
                                                                          "LearningRateSchedule")
      .def_property_readonly("class_name", &LearningRateSchedule::class_name)
      .def("__call__", [](const LearningRateSchedule& s, double step) { return s(step); },
           py::arg("step"))
      .def("get_config", [](const LearningRateSchedule& s) { return json_to_python(s.get_config()); })
      .def("serialize", [](const LearningRateSchedule& s) { return json_to_python(s.serialize()); });

  py::class_<PythonSchedule, LearningRateSchedule, std::shared_ptr<PythonSchedule>>(
      m, "PythonSchedule")
      .def(py::init<py::object, bool, py::object>(), py::arg("function"), py::arg("takes_step"),
           py::arg("serializer"))
      .def_property_readonly("function", &PythonSchedule::function);

  m.def(
      "make_schedule",
      [](const std::string& class_name, py::handle config) {
        return optim::make_schedule(class_name, json_from_python(config));
      },
      py::arg("class_name"), py::arg("config") = py::none());
}

}  // namespace pydeep::bindings
