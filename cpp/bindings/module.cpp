#include "registry.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "pydeep's compiled core (private; use the pydeep package)";
  using namespace pydeep::bindings;
  register_errors(m);
  register_config(m);
  register_tensor(m);
  register_autograd(m);
  register_ops(m);
  register_losses(m);
  register_metrics(m);
  register_schedules(m);
  register_optimizers(m);
  register_init(m);
  register_regularizers(m);
  register_layers(m);
  register_python_layer(m);
  register_data(m);
  register_model(m);
  register_saving(m);
}
