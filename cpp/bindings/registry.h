#pragma once
// One register_* function per binding file; module.cpp calls them in order.
#include <pybind11/pybind11.h>

namespace pydeep::bindings {
void register_errors(pybind11::module_& m);
void register_config(pybind11::module_& m);
void register_tensor(pybind11::module_& m);
void register_autograd(pybind11::module_& m);
void register_ops(pybind11::module_& m);
void register_losses(pybind11::module_& m);
void register_metrics(pybind11::module_& m);
void register_schedules(pybind11::module_& m);
void register_optimizers(pybind11::module_& m);
void register_init(pybind11::module_& m);
void register_regularizers(pybind11::module_& m);
void register_layers(pybind11::module_& m);
void register_python_layer(pybind11::module_& m);
void register_data(pybind11::module_& m);
void register_model(pybind11::module_& m);
void register_saving(pybind11::module_& m);
}  // namespace pydeep::bindings
