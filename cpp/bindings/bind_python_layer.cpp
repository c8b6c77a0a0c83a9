// pydeep._core.PythonLayer: a layer whose math is Python code (Lambda, and
// user subclasses of pydeep.layers.Layer). The C++ graph calls it like any
// layer; each call takes the GIL and runs the Python object's methods on
// core tensors, so the operations it uses are recorded by the same autograd
// and gradients flow through it. Python exceptions pass through unchanged.
#include <pybind11/stl.h>

#include "convert.h"
#include "pydeep/layers/layer.h"
#include "registry.h"

namespace pydeep::bindings {
namespace {

// The Python side (a weak reference: the Python layer owns this object)
// provides _native_output_shapes(shapes), _native_build(shapes),
// _native_call(tensors, training) and get_config().
class PythonLayer final : public layers::Layer {
 public:
  PythonLayer(py::handle owner, const Json& config, std::string class_name, int num_inputs)
      : Layer(config, "layer"), owner_(py::weakref(owner)), class_name_(std::move(class_name)),
        num_inputs_(num_inputs) {}
  ~PythonLayer() override {
    py::gil_scoped_acquire gil;
    owner_ = py::weakref();
  }

  const char* class_name() const override { return class_name_.c_str(); }
  int num_inputs() const override { return num_inputs_; }
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override {
    py::gil_scoped_acquire gil;
    return owner().attr("_native_output_shapes")(inputs).cast<std::vector<Shape>>();
  }
  Json get_config() const override {
    py::gil_scoped_acquire gil;
    return json_from_python(owner().attr("get_config")());
  }
  // Python layers create weights from their build() through this.
  Variable add_python_weight(const std::string& name, const Shape& shape, const Json& initializer,
                             bool trainable) {
    return add_weight(name, shape, initializer, trainable);
  }

 protected:
  void build(const std::vector<Shape>& shapes) override {
    py::gil_scoped_acquire gil;
    owner().attr("_native_build")(shapes);
  }
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) override {
    py::gil_scoped_acquire gil;
    return tensors_from(owner().attr("_native_call")(to_list(inputs), training));
  }

 private:
  py::object owner() const {
    py::object o = owner_();
    check<std::logic_error>(!o.is_none(), "layer '", name(), "': its Python object no longer "
                            "exists (keep a reference to the layer while a model uses it)");
    return o;
  }
  py::weakref owner_;
  std::string class_name_;
  int num_inputs_;
};

}  // namespace

void register_python_layer(py::module_& m) {
  py::class_<PythonLayer, layers::Layer, std::shared_ptr<PythonLayer>>(m, "PythonLayer")
      .def(py::init([](py::handle owner, py::handle config, const std::string& class_name,
                       int num_inputs) {
             return std::make_shared<PythonLayer>(owner, json_from_python(config), class_name,
                                                  num_inputs);
           }), py::arg("owner"), py::arg("config"), py::arg("class_name"), py::arg("num_inputs"))
      .def("add_weight", &PythonLayer::add_python_weight, py::arg("name"), py::arg("shape"),
           py::arg("initializer"), py::arg("trainable") = true);
}

}  // namespace pydeep::bindings
