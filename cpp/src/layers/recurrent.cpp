// The RNN base shared by SimpleRNN, LSTM and GRU (Keras's RNN wrapping its
// built-in cells). The cells differ only in their gate count, bias layout
// and the recurrence kind passed to the op; see recurrent_cells.cpp.
#include "pydeep/layers/recurrent.h"

#include <algorithm>
#include <cmath>

#include "pydeep/autograd/functions.h"
#include "pydeep/core/random.h"
#include "pydeep/layers/activations.h"
#include "pydeep/ops/movement.h"
#include "pydeep/ops/random.h"

namespace pydeep::layers {
namespace {

// A Keras activation as a fused kernel activation (the recurrence applies it
// inside its gate math).
ops::FusedActivation fused_activation(const Json& spec, const std::string& where,
                                      const char* argument) {
  get_activation(spec);  // validates the name
  const std::string name = activation_name(spec);
  using U = ops::UnaryOp;
  struct Entry { const char* name; U op; float a; };
  static const Entry table[] = {
      {"tanh", U::Tanh, 0.f},         {"sigmoid", U::Sigmoid, 0.f},   {"relu", U::Relu, 0.f},
      {"hard_sigmoid", U::HardSigmoid, 0.f}, {"elu", U::Elu, 1.f},    {"selu", U::Selu, 0.f},
      {"gelu", U::Gelu, 0.f},         {"softplus", U::Softplus, 0.f}, {"softsign", U::Softsign, 0.f},
      {"silu", U::Silu, 0.f},         {"swish", U::Silu, 0.f},        {"leaky_relu", U::LeakyRelu, 0.2f},
      {"relu6", U::Relu6, 0.f},       {"exponential", U::Exp, 0.f},
  };
  ops::FusedActivation f;
  if (name == "linear") return f;
  for (const Entry& e : table)
    if (name == e.name) {
      f.identity = false;
      f.op = e.op;
      f.a = e.a;
      return f;
    }
  throw NotImplementedError(str(where, ": `", argument, "`='", name,
                                "' is not supported inside the recurrence (softmax, "
                                "log_softmax and mish are not elementwise-fused)"));
}

double read_rate(const Json& config, const char* key) {
  const double v = config.get(key, Json(0.0)).as_double(key);
  check(std::isfinite(v), "RNN: `", key, "` must be a number; received ", v);
  return std::min(1.0, std::max(0.0, v));  // Keras clamps to [0, 1]
}

}  // namespace

RNNBase::RNNBase(const Json& config, const std::string& default_name, ops::RnnCell cell)
    : Layer(config, default_name),
      cell_(cell),
      units_(config.at("units").as_int("units")),
      bias_initializer_(config.get("bias_initializer", Json("zeros"))),
      activation_spec_(config.get("activation", Json("tanh"))),
      recurrent_activation_spec_(config.get("recurrent_activation", Json("sigmoid"))),
      use_bias_(config.get("use_bias", Json(true)).as_bool("use_bias")),
      kernel_initializer_(config.get("kernel_initializer", Json("glorot_uniform"))),
      recurrent_initializer_(config.get("recurrent_initializer", Json("orthogonal"))),
      dropout_(read_rate(config, "dropout")),
      recurrent_dropout_(read_rate(config, "recurrent_dropout")),
      seed_(config.get("seed", Json())),
      return_sequences_(config.get("return_sequences", Json(false)).as_bool("return_sequences")),
      return_state_(config.get("return_state", Json(false)).as_bool("return_state")),
      go_backwards_(config.get("go_backwards", Json(false)).as_bool("go_backwards")),
      stateful_(config.get("stateful", Json(false)).as_bool("stateful")),
      unroll_(config.get("unroll", Json(false)).as_bool("unroll")),
      zero_output_for_mask_(
          config.get("zero_output_for_mask", Json(false)).as_bool("zero_output_for_mask")) {
  // where() needs the subclass's class_name, not available during this
  // constructor: spell it from the cell.
  static const char* const names[] = {"SimpleRNN", "LSTM", "GRU", "GRU"};
  const std::string here = str(names[static_cast<int>(cell)], " layer '", name(), "'");
  check(units_ > 0, here, ": received an invalid value for argument `units`, expected a "
        "positive integer, got ", units_);
  activation_ = fused_activation(activation_spec_, here, "activation");
  if (cell_ != ops::RnnCell::Simple)
    recurrent_activation_ =
        fused_activation(recurrent_activation_spec_, here, "recurrent_activation");
  const auto at = [&](const char* key) { return str(here, ": ", key); };
  auto reg = [&](const char* key) {
    return regularizers::make_regularizer(config.get(key, Json()), at(key));
  };
  auto con = [&](const char* key) {
    return constraints::make_constraint(config.get(key, Json()), at(key));
  };
  kernel_regularizer_ = reg("kernel_regularizer");
  recurrent_regularizer_ = reg("recurrent_regularizer");
  bias_regularizer_ = reg("bias_regularizer");
  kernel_constraint_ = con("kernel_constraint");
  recurrent_constraint_ = con("recurrent_constraint");
  bias_constraint_ = con("bias_constraint");
  seed_state_ = seed_.is_null() ? draw_seed() : static_cast<std::uint64_t>(seed_.as_int("seed"));
}

std::int64_t RNNBase::gates() const { return ops::rnn_gates(cell_); }

std::uint64_t RNNBase::next_seed() {
  const std::uint64_t s = seed_state_;
  seed_state_ = seed_state_ * 6364136223846793005ULL + 1442695040888963407ULL;
  return s;
}

std::vector<Shape> RNNBase::compute_output_shape(const std::vector<Shape>& inputs) const {
  const int ns = num_states();
  check(inputs.size() == 1 || static_cast<int>(inputs.size()) == 1 + ns, where(),
        ": expected the sequences and optionally ", ns, " initial state(s); received ",
        inputs.size(), " inputs");
  const Shape& x = inputs[0];
  check(x.size() == 3, where(), ": expected an input of rank 3 (batch, timesteps, features); "
        "received shape ", shape_str(x));
  check(x[2] > 0, where(), ": the feature axis of the input must be known; received shape ",
        shape_str(x));
  if (built()) {
    const Shape& b = built_input_shapes()[0];
    check(x[2] == b[2], where(), ": expected inputs with ", b[2], " features (last axis); "
          "received shape ", shape_str(x));
  }
  for (int i = 1; i < static_cast<int>(inputs.size()); ++i) {
    const Shape& s = inputs[i];
    check(s.size() == 2 && s[1] == units_ && (s[0] < 0 || x[0] < 0 || s[0] == x[0]), where(),
          ": expected initial state ", i - 1, " of shape ", shape_str({x[0], units_}),
          "; received ", shape_str(s));
  }
  const std::int64_t B = x[0];
  std::vector<Shape> out{return_sequences_ ? Shape{B, x[1], units_} : Shape{B, units_}};
  if (return_state_)
    for (int i = 0; i < ns; ++i) out.push_back({B, units_});
  return out;
}

std::vector<Tensor> RNNBase::compute_mask(const std::vector<Tensor>&,
                                          const std::vector<Tensor>& masks) const {
  std::vector<Tensor> out{return_sequences_ && !masks.empty() ? masks[0] : Tensor()};
  if (return_state_)
    for (int i = 0; i < num_states(); ++i) out.push_back(Tensor());
  return out;
}

void RNNBase::build(const std::vector<Shape>& input_shapes) {
  const Shape& x = input_shapes[0];
  if (stateful_) {
    check(x[0] > 0, where(), ": when using `stateful=True` in a RNN, the batch size must be "
          "static. Found dynamic batch size: sequence.shape=", shape_str(x),
          ". Pass batch_size to Input (or batch_input_shape).");
    for (int i = 0; i < num_states(); ++i) states_.push_back(Tensor::zeros({x[0], units_}));
  }
  const std::int64_t GU = gates() * units_;
  kernel_ = add_weight("kernel", {x[2], GU}, kernel_initializer_, true, kernel_regularizer_,
                       kernel_constraint_);
  recurrent_kernel_ = add_weight("recurrent_kernel", {units_, GU}, recurrent_initializer_, true,
                                 recurrent_regularizer_, recurrent_constraint_);
  if (use_bias_) {
    bias_ = add_weight("bias", bias_shape(), bias_initializer_, true, bias_regularizer_,
                       bias_constraint_);
    init_bias(bias_);
  }
}

void RNNBase::reset_states() {
  for (Tensor& s : states_) s = Tensor::zeros(s.shape());
}

std::vector<Tensor> RNNBase::run(const std::vector<Tensor>& inputs, const Tensor& mask_in,
                                 bool training) {
  const Tensor x = cast(inputs[0], DType::Float32);
  const std::int64_t B = x.shape()[0], T = x.shape()[1], F = x.shape()[2], U = units_;
  const std::int64_t GU = gates() * U;
  Tensor mask = mask_in;
  if (mask.defined()) {
    check(mask.ndim() == 2 && mask.shape()[0] == B && mask.shape()[1] == T, where(),
          ": expected a mask of shape ", shape_str({B, T}), " (batch, timesteps) for inputs of "
          "shape ", shape_str(x.shape()), "; received a mask of shape ", shape_str(mask.shape()));
    mask = mask.detach();
  }
  if (stateful_)
    check(B == states_[0].shape()[0], where(), ": if an RNN is stateful, the batch size of the "
          "input sequences must be the same as the batch size of the initial state. Expected "
          "batch size: ", states_[0].shape()[0], "; received: ", B, " (input shape ",
          shape_str(x.shape()), ")");

  // The input projection for every step at once: one GEMM.
  Tensor xin = x;
  if (training && dropout_ > 0.0 && dropout_ < 1.0)
    xin = multiply(x, ops::dropout_mask({B, 1, F}, static_cast<float>(dropout_), next_seed()));
  Tensor zx = matmul(reshape(xin, {B * T, F}), kernel_);
  Tensor recurrent_bias;
  if (use_bias_) {
    if (cell_ == ops::RnnCell::GruResetAfter) {
      zx = add(zx, reshape(strided_slice(bias_, {0, 0}, {1, GU}, {1, 1}), {GU}));
      recurrent_bias = reshape(strided_slice(bias_, {1, 0}, {1, GU}, {1, 1}), {GU});
    } else {
      zx = add(zx, bias_);
    }
  }
  zx = reshape(zx, {B, T, GU});

  ops::RnnInputs in;
  in.zx = zx;
  in.recurrent_kernel = recurrent_kernel_;
  in.recurrent_bias = recurrent_bias;
  in.mask = mask;
  if (inputs.size() > 1) {
    in.h0 = cast(inputs[1], DType::Float32);
    if (inputs.size() > 2) in.c0 = cast(inputs[2], DType::Float32);
  } else if (stateful_) {
    in.h0 = states_[0];
    if (states_.size() > 1) in.c0 = states_[1];
  }
  if (training && recurrent_dropout_ > 0.0 && recurrent_dropout_ < 1.0)
    in.rec_mask = ops::dropout_mask({B, U}, static_cast<float>(recurrent_dropout_), next_seed());

  ops::RnnDesc d;
  d.cell = cell_;
  d.units = U;
  d.activation = activation_;
  d.recurrent_activation = recurrent_activation_;
  d.go_backwards = go_backwards_;
  d.return_sequences = return_sequences_;
  d.zero_output_for_mask = zero_output_for_mask_;
  const int ns = num_states();
  d.state_outputs = return_state_ || stateful_ ? ns : 0;
  const Tensor y = rnn_recurrence(d, in);  // (B, K, U)

  const std::int64_t K0 = return_sequences_ ? T : 1;
  std::vector<Tensor> out;
  Tensor seq = d.state_outputs ? strided_slice(y, {0, 0, 0}, {B, K0, U}, {1, 1, 1}) : y;
  out.push_back(return_sequences_ ? seq : reshape(seq, {B, U}));
  for (int i = 0; i < d.state_outputs; ++i) {
    if (stateful_)
      states_[i] = ops::reshape(ops::strided_slice(y.detach(), {0, K0 + i, 0}, {B, 1, U},
                                                   {1, 1, 1}), {B, U});
    if (return_state_)
      out.push_back(reshape(strided_slice(y, {0, K0 + i, 0}, {B, 1, U}, {1, 1, 1}), {B, U}));
  }
  return out;
}

Json RNNBase::get_config() const {
  Json c = Layer::get_config();
  c.set("units", units_);
  c.set("activation", activation_name(activation_spec_));
  if (cell_ != ops::RnnCell::Simple)
    c.set("recurrent_activation", activation_name(recurrent_activation_spec_));
  c.set("use_bias", use_bias_);
  c.set("kernel_initializer", kernel_initializer_);
  c.set("recurrent_initializer", recurrent_initializer_);
  c.set("bias_initializer", bias_initializer_);
  c.set("kernel_regularizer", regularizers::serialize(kernel_regularizer_.get()));
  c.set("recurrent_regularizer", regularizers::serialize(recurrent_regularizer_.get()));
  c.set("bias_regularizer", regularizers::serialize(bias_regularizer_.get()));
  c.set("activity_regularizer", regularizers::serialize(activity_regularizer()));
  c.set("kernel_constraint", constraints::serialize(kernel_constraint_.get()));
  c.set("recurrent_constraint", constraints::serialize(recurrent_constraint_.get()));
  c.set("bias_constraint", constraints::serialize(bias_constraint_.get()));
  c.set("dropout", dropout_);
  c.set("recurrent_dropout", recurrent_dropout_);
  c.set("seed", seed_);
  c.set("return_sequences", return_sequences_);
  c.set("return_state", return_state_);
  c.set("go_backwards", go_backwards_);
  c.set("stateful", stateful_);
  c.set("unroll", unroll_);
  c.set("zero_output_for_mask", zero_output_for_mask_);
  return c;
}

}  // namespace pydeep::layers
