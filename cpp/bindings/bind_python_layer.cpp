// pydeep._core.PythonLayer: a layer whose math is Python code (Lambda, and
// user subclasses of pydeep.layers.Layer). The C++ graph calls it like any
// layer; each call takes the GIL and runs the Python object's methods on
// core tensors, so the operations it uses are recorded by the same autograd
// and gradients flow through it. Python exceptions pass through unchanged.
#include <pybind11/stl.h>

#include <unordered_set>

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
  // Python layers create weights from their build() through this (specs as
  // Keras identifiers/configs; null for none).
  Variable add_python_weight(const std::string& name, const Shape& shape, const Json& initializer,
                             bool trainable, const Json& regularizer, const Json& constraint) {
    return add_weight(name, shape, initializer, trainable,
                      regularizer.is_null() ? nullptr
                                            : regularizers::make_regularizer(regularizer, where()),
                      constraint.is_null() ? nullptr
                                           : constraints::make_constraint(constraint, where()));
  }
  // Layers held by the Python object (attributes): their weights and losses
  // are this layer's too, as Keras tracks sub-layers.
  void track(std::shared_ptr<layers::Layer> layer) {
    for (const auto& l : tracked_)
      if (l == layer) return;
    tracked_.push_back(std::move(layer));
  }
  void record_loss(const Tensor& loss) { add_loss(loss); }

  void set_trainable(bool trainable) override {
    Layer::set_trainable(trainable);
    for (const auto& l : tracked_) l->set_trainable(trainable);
  }
  std::vector<Variable> weights() const override {
    return collect(Layer::weights(), [](const Layer& l) { return l.weights(); });
  }
  std::vector<Variable> trainable_weights() const override {
    if (!trainable()) return {};
    return collect(Layer::trainable_weights(),
                   [](const Layer& l) { return l.trainable_weights(); });
  }
  std::vector<Variable> non_trainable_weights() const override {
    if (!trainable()) return weights();
    return collect(Layer::non_trainable_weights(),
                   [](const Layer& l) { return l.non_trainable_weights(); });
  }
  // Python code may call add_loss at any time, so the graph always asks.
  bool has_regularizers() const override { return true; }
  std::vector<Tensor> activity_losses() const override {
    std::vector<Tensor> out = Layer::activity_losses();
    for (const auto& l : tracked_)
      for (Tensor& t : l->activity_losses()) out.push_back(std::move(t));
    return out;
  }
  std::vector<Tensor> weight_regularization_losses() const override {
    std::vector<Tensor> out = Layer::weight_regularization_losses();
    for (const auto& l : tracked_)
      for (Tensor& t : l->weight_regularization_losses()) out.push_back(std::move(t));
    return out;
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
  // This layer's own weights (base) then each tracked layer's, each once.
  template <typename Get>
  std::vector<Variable> collect(std::vector<Variable> out, Get get) const {
    std::unordered_set<const void*> seen;
    for (const Variable& v : out) seen.insert(v.impl_ptr());
    for (const auto& l : tracked_)
      for (const Variable& v : get(*l))
        if (seen.insert(v.impl_ptr()).second) out.push_back(v);
    return out;
  }

  py::weakref owner_;
  std::vector<std::shared_ptr<layers::Layer>> tracked_;
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
      .def("add_weight", [](PythonLayer& l, const std::string& name, const Shape& shape,
                            py::handle initializer, bool trainable, py::handle regularizer,
                            py::handle constraint) {
             return l.add_python_weight(name, shape, json_from_python(initializer), trainable,
                                        json_from_python(regularizer),
                                        json_from_python(constraint));
           }, py::arg("name"), py::arg("shape"), py::arg("initializer"),
           py::arg("trainable") = true, py::arg("regularizer") = py::none(),
           py::arg("constraint") = py::none())
      .def("track", &PythonLayer::track, py::arg("layer"))
      .def("add_loss", &PythonLayer::record_loss, py::arg("loss"));
}

}  // namespace pydeep::bindings
