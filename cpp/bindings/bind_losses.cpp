// Losses: the core's Loss objects (built by make_loss from a Keras identifier
// and a config dict), the reduction helpers, and PythonLoss, which lets a
// loss whose call() is written in Python run inside the C++ core (the
// trainer calls it like any other Loss). The GIL is released while the core
// computes and re-acquired only to run Python code.
#include <pybind11/stl.h>

#include <string>
#include <utility>

#include "convert.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/losses/loss.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

using losses::Loss;

Json config_from(py::handle config) {
  return config.is_none() ? Json() : json_from_python(config);
}

// A loss whose per-sample values come from `owner.call(y_true, y_pred)`, a
// Python method. The owner is held by a weak reference: the Python loss
// object owns this one (as `_native`), and a strong reference back would be
// a cycle the garbage collector cannot see through the C++ object.
class PythonLoss : public Loss {
 public:
  PythonLoss(py::handle owner, const Json& config, std::string class_name)
      : Loss(config, class_name), class_name_(std::move(class_name)) {
    owner_ = std::make_unique<py::weakref>(owner);
  }
  ~PythonLoss() override {
    // The last reference may go on a thread without the GIL.
    if (Py_IsInitialized()) {
      py::gil_scoped_acquire gil;
      owner_.reset();
    } else {
      owner_.release();  // the interpreter is gone; leaking is all that is safe
    }
  }
  const char* class_name() const override { return class_name_.c_str(); }

  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override {
    // Keras converts both to the loss's dtype before call().
    const Tensor yt = y_true.dtype() == DType::Float32 ? y_true : cast(y_true, DType::Float32);
    const Tensor yp = y_pred.dtype() == DType::Float32 ? y_pred : cast(y_pred, DType::Float32);
    py::gil_scoped_acquire gil;
    py::object owner = (*owner_)();
    check(!owner.is_none(), class_name_, " (", name(),
          "): the Python loss object behind this loss was deleted.");
    py::object result = owner.attr("call")(yt, yp);
    return as_tensor(result);
  }

 private:
  std::string class_name_;
  std::unique_ptr<py::weakref> owner_;
};

// Converted arguments die after the GIL is re-acquired (a tensor wrapping a
// numpy array releases the array under the GIL).
Tensor loss_call(const Loss& loss, py::handle y_true, py::handle y_pred,
                 py::handle sample_weight) {
  const Tensor yt = as_tensor(y_true), yp = as_tensor(y_pred);
  const Tensor sw = as_tensor_or_undefined(sample_weight);
  py::gil_scoped_release release;
  return loss(yt, yp, sw);
}

Tensor loss_values(const Loss& loss, py::handle y_true, py::handle y_pred) {
  const Tensor yt = as_tensor(y_true), yp = as_tensor(y_pred);
  py::gil_scoped_release release;
  return loss.call(yt, yp);
}

}  // namespace

void register_losses(py::module_& m) {
  py::class_<Loss, std::shared_ptr<Loss>>(m, "Loss",
                                          "A core loss (private; use pydeep.losses).")
      .def("__call__", &loss_call, py::arg("y_true"), py::arg("y_pred"),
           py::arg("sample_weight") = py::none(),
           "Weighted, reduced loss: a scalar tensor unless reduction is 'none'.")
      .def("call", &loss_values, py::arg("y_true"), py::arg("y_pred"),
           "Per-sample losses, before weighting and reduction.")
      .def("get_config", [](const Loss& self) { return json_to_python(self.get_config()); })
      .def_property_readonly("name", &Loss::name)
      .def_property_readonly(
          "reduction", [](const Loss& self) { return losses::reduction_name(self.reduction()); })
      .def_property_readonly("class_name", [](const Loss& self) { return self.class_name(); })
      .def("__repr__", [](const Loss& self) {
        return str("<_core.Loss ", self.class_name(), " name=", self.name(), ">");
      });

  py::class_<PythonLoss, Loss, std::shared_ptr<PythonLoss>>(
      m, "PythonLoss", "A core loss whose call() is owner.call(y_true, y_pred), in Python.")
      .def(py::init([](py::handle owner, py::handle config, std::string class_name) {
             return std::make_shared<PythonLoss>(owner, config_from(config),
                                                 std::move(class_name));
           }),
           py::arg("owner"), py::arg("config"), py::arg("class_name"));

  m.def(
      "make_loss",
      [](const std::string& identifier, py::handle config) {
        return losses::make_loss(identifier, config_from(config));
      },
      py::arg("identifier"), py::arg("config") = py::none());
  m.def("loss_names", &losses::loss_names);
  m.def(
      "squeeze_or_expand_to_same_rank",
      [](py::handle x1, py::handle x2, bool expand_rank_1) {
        const Tensor a = as_tensor(x1), b = as_tensor(x2);
        std::pair<Tensor, Tensor> result;
        {
          py::gil_scoped_release release;
          result = losses::squeeze_or_expand_to_same_rank(a, b, expand_rank_1);
        }
        return py::make_tuple(result.first, result.second);
      },
      py::arg("x1"), py::arg("x2"), py::arg("expand_rank_1") = true);
  m.def(
      "reduce_weighted_values",
      [](py::handle values, py::handle sample_weight, py::handle mask,
         const std::string& reduction) {
        const Tensor v = as_tensor(values), sw = as_tensor_or_undefined(sample_weight);
        const Tensor mk = as_tensor_or_undefined(mask);
        const losses::Reduction r = losses::reduction_from_name(reduction);
        py::gil_scoped_release release;
        return losses::reduce_weighted_values(v, sw, mk, r);
      },
      py::arg("values"), py::arg("sample_weight") = py::none(), py::arg("mask") = py::none(),
      py::arg("reduction") = "sum_over_batch_size");
}

}  // namespace pydeep::bindings
