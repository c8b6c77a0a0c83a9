// pydeep._core.ArraySource and PythonSource: where the C++ loops take their
// batches. PythonSource calls a Python object (a generator or PyDataset
// adapter) under the GIL once per batch: the user's own Python code supplies
// the data, so that call is the one the user asked for.
#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/model/batch_source.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

using model::BatchSource;
using model::Data;

// Adapter protocol: `num_batches` (int, -1 unknown), on_epoch_begin(),
// on_epoch_end(), start_pass(), next() -> None at the end of a pass, else
// (x_list, y_list or None, sample_weight or None) of tensors.
class PythonSource final : public BatchSource {
 public:
  explicit PythonSource(py::object adapter) : adapter_(std::move(adapter)) {
    num_batches_ = adapter_.attr("num_batches").cast<std::int64_t>();
  }
  ~PythonSource() override {
    py::gil_scoped_acquire gil;
    adapter_ = py::object();
  }
  std::int64_t num_batches() const override { return num_batches_; }
  void on_epoch_begin() override { call("on_epoch_begin"); }
  void on_epoch_end() override { call("on_epoch_end"); }
  void start_pass() override { call("start_pass"); }
  bool next(Data* batch) override {
    py::gil_scoped_acquire gil;
    py::object item = adapter_.attr("next")();
    if (item.is_none()) return false;
    auto parts = item.cast<py::tuple>();
    check(parts.size() == 3, "PythonSource: next() must return (x, y, sample_weight)");
    batch->x = tensors_from(parts[0]);
    batch->y = parts[1].is_none() ? std::vector<Tensor>() : tensors_from(parts[1]);
    batch->sample_weight = as_tensor_or_undefined(parts[2]);
    return true;
  }

 private:
  void call(const char* method) {
    py::gil_scoped_acquire gil;
    adapter_.attr(method)();
  }
  py::object adapter_;
  std::int64_t num_batches_;
};

}  // namespace

void register_data(py::module_& m) {
  py::class_<BatchSource, std::shared_ptr<BatchSource>>(m, "BatchSource")
      .def_property_readonly("num_batches", &BatchSource::num_batches);
  py::class_<model::ArraySource, BatchSource, std::shared_ptr<model::ArraySource>>(m, "ArraySource")
      .def(py::init([](py::handle x, py::handle y, py::handle sw, std::int64_t batch_size,
                       bool shuffle, const std::string& where) {
             Data d;
             d.x = tensors_from(x);
             if (!y.is_none()) d.y = tensors_from(y);
             d.sample_weight = as_tensor_or_undefined(sw);
             return std::make_shared<model::ArraySource>(std::move(d), batch_size, shuffle,
                                                         where.c_str());
           }), py::arg("x"), py::arg("y"), py::arg("sample_weight"), py::arg("batch_size"),
           py::arg("shuffle"), py::arg("where"));
  py::class_<PythonSource, BatchSource, std::shared_ptr<PythonSource>>(m, "PythonSource")
      .def(py::init<py::object>(), py::arg("adapter"));
}

}  // namespace pydeep::bindings
