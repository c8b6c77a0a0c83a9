#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/autograd/engine.h"
#include "pydeep/autograd/grad_mode.h"
#include "registry.h"

namespace pydeep::bindings {

void register_autograd(py::module_& m) {
  m.def("is_grad_enabled", &autograd::GradMode::is_enabled);
  m.def("set_grad_enabled", [](bool enabled) {
    const bool previous = autograd::GradMode::is_enabled();
    autograd::GradMode::set_enabled(enabled);
    return previous;
  });
  m.def(
      "gradient",
      [](py::handle outputs, py::handle grad_outputs, py::handle sources, bool retain_graph) {
        std::vector<Tensor> outs = tensors_from(outputs), srcs = tensors_from(sources);
        std::vector<Tensor> gouts;
        if (!grad_outputs.is_none())
          for (py::handle g : grad_outputs) gouts.push_back(as_tensor_or_undefined(g));
        std::vector<Tensor> grads;
        {
          py::gil_scoped_release release;
          grads = autograd::gradient(outs, gouts, srcs, retain_graph);
        }
        return to_list(grads);
      },
      py::arg("outputs"), py::arg("grad_outputs"), py::arg("sources"),
      py::arg("retain_graph") = false);
}

}  // namespace pydeep::bindings
