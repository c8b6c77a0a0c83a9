#include <pybind11/stl.h>

#include "pydeep/build_info.h"
#include "pydeep/core/parallel.h"
#include "pydeep/core/storage.h"
#include "registry.h"

namespace pydeep::bindings {

namespace py = pybind11;

void register_config(py::module_& m) {
  m.def("get_num_threads", &get_num_threads);
  m.def("set_num_threads", &set_num_threads, py::arg("n"));
  m.def("build_info", [] {
    const BuildInfo b = build_info();
    py::dict d;
    d["version"] = b.version;
    d["compiler"] = b.compiler;
    d["eigen"] = b.eigen_version;
    d["simd"] = b.simd_level;
    d["kernels"] = b.active_kernels;
    d["openmp"] = b.openmp;
    d["cuda"] = b.cuda;
    return d;
  });
  m.def("cpu_cached_bytes", [] { return allocator_for(DeviceType::CPU).cached_bytes(); });
  m.def("cpu_release_cache", [] { allocator_for(DeviceType::CPU).release_cache(); });
}

}  // namespace pydeep::bindings
