// Seeds, random tensors and initializers (pydeep.random, pydeep.initializers,
// pydeep.utils.set_random_seed). Seeds cross as unsigned 64-bit integers; the
// Python facade maps Python ints onto that range. The GIL is released while
// the core fills tensors.
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>

#include "convert.h"
#include "pydeep/core/random.h"
#include "pydeep/init/initializers.h"
#include "pydeep/ops/random.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

using RandomOp = Tensor (*)(const Shape&, float, float, std::uint64_t, Device);

void def_random(py::module_& m, const char* name, RandomOp fn, const char* a, const char* b) {
  m.def(
      name,
      [fn](const Shape& shape, float va, float vb, std::uint64_t seed) {
        py::gil_scoped_release release;
        return fn(shape, va, vb, seed, cpu());
      },
      py::arg("shape"), py::arg(a), py::arg(b), py::arg("seed"));
}

}  // namespace

void register_init(py::module_& m) {
  m.def("set_random_seed", &set_random_seed, py::arg("seed"));
  m.def("draw_seed", &draw_seed);
  m.def("mix_seed", &mix_seed, py::arg("seed"), py::arg("stream"));
  m.def(
      "random_permutation",
      [](std::int64_t n, std::uint64_t seed) {
        std::vector<std::int64_t> perm;
        {
          py::gil_scoped_release release;
          perm = random_permutation(n, seed);
        }
        Tensor t = Tensor::empty({static_cast<std::int64_t>(perm.size())}, DType::Int64);
        std::copy(perm.begin(), perm.end(), t.data<std::int64_t>());
        return t;
      },
      py::arg("n"), py::arg("seed"));
  def_random(m, "random_uniform", &ops::random_uniform, "minval", "maxval");
  def_random(m, "random_normal", &ops::random_normal, "mean", "stddev");
  def_random(m, "truncated_normal", &ops::truncated_normal, "mean", "stddev");
  m.def(
      "dropout_mask",
      [](const Shape& shape, float rate, std::uint64_t seed, bool scaled) {
        py::gil_scoped_release release;
        return ops::dropout_mask(shape, rate, seed, scaled);
      },
      py::arg("shape"), py::arg("rate"), py::arg("seed"), py::arg("scaled") = true);
  m.def(
      "initialize",
      [](py::handle spec, const Shape& shape, const std::string& dtype) {
        const Json json = json_from_python(spec);
        const DType dt = dtype_from_name(dtype);
        py::gil_scoped_release release;
        return init::initialize(json, shape, dt);
      },
      py::arg("spec"), py::arg("shape"), py::arg("dtype") = "float32");
  m.def(
      "initializer_config",
      [](py::handle spec) { return json_to_python(init::get_config(json_from_python(spec))); },
      py::arg("spec"));
  m.def(
      "compute_fans",
      [](const Shape& shape, std::optional<std::vector<std::int64_t>> input_axes,
         std::optional<std::vector<std::int64_t>> output_axes) {
        const init::Fans f =
            init::compute_fans(shape, input_axes ? &*input_axes : nullptr,
                               output_axes ? &*output_axes : nullptr);
        return py::make_tuple(f.fan_in, f.fan_out);
      },
      py::arg("shape"), py::arg("input_axes") = py::none(), py::arg("output_axes") = py::none());
}

}  // namespace pydeep::bindings
