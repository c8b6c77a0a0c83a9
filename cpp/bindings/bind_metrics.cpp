#include "convert.h"
#include "registry.h"

namespace pydeep::bindings {

void register_metrics(py::module_& m) {}

}  // namespace pydeep::bindings
