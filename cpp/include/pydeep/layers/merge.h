#pragma once
// Merge layers (Keras 3 semantics): they combine a list of tensors into one.
//
// Elementwise merges (Add, Subtract, Multiply, Average, Maximum, Minimum)
// take two or more inputs (Subtract exactly two) whose shapes broadcast as in
// Keras: the batch axes must agree where known, and the other axes are
// aligned from the right, a size 1 stretching to the other size. Inputs of
// lower rank get size-1 axes inserted after the batch axis, so (batch, 4)
// merges with (batch, 3, 4) into (batch, 3, 4).
//
// Concatenate joins two or more inputs of equal rank along `axis`; every
// other axis must match. Dot takes exactly two inputs and contracts one
// non-batch axis of each (Keras's batch_dot).
//
// Shapes carry -1 for unknown sizes; an unknown size matches anything.
// Shape errors are ValueErrors naming the layer and every input shape.
// Layers hold no weights; call() is not synchronized (as for every layer).
#include <string>
#include <utility>
#include <vector>

#include "pydeep/layers/layer.h"

namespace pydeep::layers {

// Keras-style listing of shapes for messages: "[(None, 3), (None, 4)]".
std::string shapes_str(const std::vector<Shape>& shapes);

// Base of the merge layers: a list of inputs in, one tensor out.
class Merge : public Layer {
 public:
  int num_inputs() const override { return -1; }

 protected:
  using Layer::Layer;
  // Throws ValueError naming the layer and the shapes unless there are
  // num_inputs() of them (at least 2 for -1), each with a batch axis.
  void check_inputs(const std::vector<Shape>& inputs) const;
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, bool training) final {
    return {merge(inputs)};
  }
  virtual Tensor merge(const std::vector<Tensor>& inputs) = 0;
};

// Folds its inputs left to right with a broadcasting binary op.
class ElementwiseMerge : public Merge {
 public:
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override;
  // Keras: the OR of the inputs' masks when every input has one, else none.
  bool supports_masking() const override { return true; }
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs,
                                   const std::vector<Tensor>& masks) const override;

 protected:
  using Merge::Merge;
  Tensor merge(const std::vector<Tensor>& inputs) final;
  virtual Tensor combine(const Tensor& a, const Tensor& b) const = 0;
  // Applied once to the folded result (Average divides by the input count).
  virtual Tensor finish(const Tensor& folded, std::size_t) const { return folded; }
};

// inputs[0] + inputs[1] + ...
class Add : public ElementwiseMerge {
 public:
  explicit Add(const Json& config) : ElementwiseMerge(config, "add") {}
  const char* class_name() const override { return "Add"; }
 protected:
  Tensor combine(const Tensor& a, const Tensor& b) const override;
};

// inputs[0] - inputs[1]; exactly two inputs.
class Subtract : public ElementwiseMerge {
 public:
  explicit Subtract(const Json& config) : ElementwiseMerge(config, "subtract") {}
  const char* class_name() const override { return "Subtract"; }
  int num_inputs() const override { return 2; }
 protected:
  Tensor combine(const Tensor& a, const Tensor& b) const override;
};

// inputs[0] * inputs[1] * ...
class Multiply : public ElementwiseMerge {
 public:
  explicit Multiply(const Json& config) : ElementwiseMerge(config, "multiply") {}
  const char* class_name() const override { return "Multiply"; }
 protected:
  Tensor combine(const Tensor& a, const Tensor& b) const override;
};

// (inputs[0] + inputs[1] + ...) / len(inputs)
class Average : public ElementwiseMerge {
 public:
  explicit Average(const Json& config) : ElementwiseMerge(config, "average") {}
  const char* class_name() const override { return "Average"; }
 protected:
  Tensor combine(const Tensor& a, const Tensor& b) const override;
  Tensor finish(const Tensor& folded, std::size_t count) const override;
};

// Elementwise maximum; on ties the gradient goes to the earlier input.
class Maximum : public ElementwiseMerge {
 public:
  explicit Maximum(const Json& config) : ElementwiseMerge(config, "maximum") {}
  const char* class_name() const override { return "Maximum"; }
 protected:
  Tensor combine(const Tensor& a, const Tensor& b) const override;
};

// Elementwise minimum; on ties the gradient goes to the earlier input.
class Minimum : public ElementwiseMerge {
 public:
  explicit Minimum(const Json& config) : ElementwiseMerge(config, "minimum") {}
  const char* class_name() const override { return "Minimum"; }
 protected:
  Tensor combine(const Tensor& a, const Tensor& b) const override;
};

// Joins inputs along `axis` (default -1, may be negative; the batch axis 0
// is allowed as in Keras). (b, 3) + (b, 5) -> (b, 8) for axis=-1.
class Concatenate : public Merge {
 public:
  explicit Concatenate(const Json& config);
  const char* class_name() const override { return "Concatenate"; }
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override;
  // Keras: a step is kept when every input keeps it (missing masks keep all).
  bool supports_masking() const override { return true; }
  std::vector<Tensor> compute_mask(const std::vector<Tensor>& inputs,
                                   const std::vector<Tensor>& masks) const override;
  Json get_config() const override;

 protected:
  Tensor merge(const std::vector<Tensor>& inputs) override;

 private:
  std::int64_t axis_;
};

// Batch dot product of two inputs of rank >= 2 over one axis of each:
// `axes` is an int (the same axis in both; negative counts from the end of
// each input) or [axis_x, axis_y]; neither may be the batch axis 0. The
// output keeps x's remaining axes, then y's remaining non-batch axes:
// x (b, 3, 5), y (b, 10, 3), axes [1, 2] -> (b, 5, 10); a rank-1 result
// becomes (b, 1). normalize=true L2-normalises each input along its axis
// first (x * min(rsqrt(sum(x^2)), 1e7), as keras.ops.normalize), giving
// cosine similarities. Bad `axes` throw TypeError/ValueError at construction.
class Dot : public Merge {
 public:
  explicit Dot(const Json& config);
  const char* class_name() const override { return "Dot"; }
  int num_inputs() const override { return 2; }
  std::vector<Shape> compute_output_shape(const std::vector<Shape>& inputs) const override;
  Json get_config() const override;

 protected:
  Tensor merge(const std::vector<Tensor>& inputs) override;

 private:
  // The contracted axis of each input, in [1, rank); throws ValueError
  // naming the layer and the shapes otherwise.
  std::pair<int, int> resolve_axes(const Shape& x, const Shape& y) const;

  Json axes_spec_;  // as given: an int or a two-element array
  std::int64_t axes_[2];
  bool normalize_;
};

}  // namespace pydeep::layers
