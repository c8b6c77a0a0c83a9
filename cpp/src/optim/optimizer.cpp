// The optimizer base: Keras 3's common arguments and apply_gradients
// (keras/src/optimizers/base_optimizer.py), and the optimizer registry.
#include "pydeep/optim/optimizer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <utility>

#include "pydeep/ops/elementwise.h"
#include "pydeep/optim/adadelta.h"
#include "pydeep/optim/adafactor.h"
#include "pydeep/optim/adagrad.h"
#include "pydeep/optim/adam.h"
#include "pydeep/optim/adamax.h"
#include "pydeep/optim/adamw.h"
#include "pydeep/optim/ftrl.h"
#include "pydeep/optim/lion.h"
#include "pydeep/optim/nadam.h"
#include "pydeep/optim/rmsprop.h"
#include "pydeep/optim/sgd.h"

namespace pydeep::optim {
namespace {

// A clip or weight-decay argument: null (off) or a finite number >= 0.
std::optional<double> read_optional(const Json& config, const char* key) {
  const Json& value = config.get(key, Json());
  if (value.is_null()) return std::nullopt;
  const double v = value.as_double(key);
  check(std::isfinite(v) && v >= 0, "Optimizer: expected `", key,
        "` to be None or a finite number >= 0; received ", key, "=", v);
  return v;
}

Json optional_json(const std::optional<double>& v) { return v ? Json(*v) : Json(); }

bool on(const std::optional<double>& v) { return v && *v > 0; }  // Keras: `if self.clipnorm`

void check_learning_rate(double value) {
  check(std::isfinite(value) && value > 0,
        "Optimizer: expected `learning_rate` to be a finite number > 0; received learning_rate=",
        value);
}

}  // namespace

Optimizer::Optimizer(const Json& config_in, const std::string& default_name,
                     double default_learning_rate) {
  const Json config = config_in.is_null() ? Json::object() : config_in;
  config.as_object("Optimizer config");
  name_ = config.get("name", Json(default_name)).as_string("name");

  const Json lr = config.get("learning_rate", Json(default_learning_rate));
  double lr_value = default_learning_rate;
  if (lr.is_object()) {
    schedule_ = deserialize_schedule(lr);
  } else {
    lr_value = lr.as_double("learning_rate");
    check_learning_rate(lr_value);
  }

  weight_decay_ = read_optional(config, "weight_decay");
  clipnorm_ = read_optional(config, "clipnorm");
  clipvalue_ = read_optional(config, "clipvalue");
  global_clipnorm_ = read_optional(config, "global_clipnorm");
  check(int(bool(clipnorm_)) + int(bool(clipvalue_)) + int(bool(global_clipnorm_)) <= 1,
        "Optimizer: only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
        "Received: clipnorm=", optional_json(clipnorm_).dump(), ", clipvalue=",
        optional_json(clipvalue_).dump(), ", global_clipnorm=",
        optional_json(global_clipnorm_).dump());

  // Keras checks the EMA arguments only when use_ema is set.
  use_ema_ = config.get("use_ema", Json(false)).as_bool("use_ema");
  ema_momentum_ = config.get("ema_momentum", Json(0.99)).as_double("ema_momentum");
  const Json frequency = config.get("ema_overwrite_frequency", Json());
  if (!frequency.is_null() && !(frequency.is_int() && frequency.as_int() == 0)) {
    const bool valid = frequency.is_int() && frequency.as_int() >= 1;
    check(valid || !use_ema_, "`ema_overwrite_frequency` must be an integer >= 1 or None. "
          "Received: ema_overwrite_frequency=", frequency.dump());
    if (valid) ema_overwrite_frequency_ = frequency.as_int();
  }
  check(!use_ema_ || (ema_momentum_ >= 0 && ema_momentum_ <= 1),
        "`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=", ema_momentum_);
  const Json accumulation = config.get("gradient_accumulation_steps", Json());
  if (!accumulation.is_null() && !(accumulation.is_number() && accumulation.as_double() == 0)) {
    check(accumulation.is_int() && accumulation.as_int() >= 2, "`gradient_accumulation_steps` "
          "must be an integer >= 2. Received: gradient_accumulation_steps=", accumulation.dump());
    accumulation_steps_ = accumulation.as_int();
  }
  if (!config.get("loss_scale_factor", Json()).is_null())
    throw NotImplementedError(str("Optimizer: `loss_scale_factor` is not supported by pydeep "
                                  "yet (fit does not scale the loss); received "
                                  "loss_scale_factor=", config.at("loss_scale_factor").dump(),
                                  ". Leave it at None."));
  config_ema_overwrite_frequency_ = frequency;
  config_accumulation_steps_ = accumulation;

  iterations_ = Variable(Tensor::scalar(0, DType::Int64), false, "iteration");
  learning_rate_ = Variable(Tensor::scalar(lr_value, DType::Float32), false, "learning_rate");
}

std::int64_t Optimizer::raw_iterations() const { return *iterations_.data<std::int64_t>(); }

std::int64_t Optimizer::iterations() const { return raw_iterations() / accumulation_steps(); }

void Optimizer::set_iterations(std::int64_t value) {
  check(value >= 0, "Optimizer '", name_, "': expected `iterations` >= 0; received ", value);
  *iterations_.data<std::int64_t>() = value * accumulation_steps();
}

double Optimizer::learning_rate() const {
  // A schedule's value is a float32 in Keras, like the variable.
  if (schedule_) return static_cast<float>((*schedule_)(static_cast<double>(raw_iterations())));
  return *learning_rate_.data<float>();
}

void Optimizer::set_learning_rate(double value) {
  check<TypeError>(!schedule_, "This optimizer was created with a `LearningRateSchedule` object "
                   "as its `learning_rate` constructor argument, hence its learning rate is not "
                   "settable. If you need the learning rate to be settable, you should "
                   "instantiate the optimizer with a float `learning_rate` argument.");
  check_learning_rate(value);
  *learning_rate_.data<float>() = static_cast<float>(value);
}

void Optimizer::set_learning_rate_schedule(std::shared_ptr<LearningRateSchedule> schedule) {
  check(schedule != nullptr, "Optimizer '", name_, "': expected a learning rate schedule; "
        "received null");
  schedule_ = std::move(schedule);
}

void Optimizer::build(const std::vector<Variable>& vars) {
  if (built_) return;
  std::vector<Shape> shapes;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    check(vars[i].defined(), "Optimizer '", name_, "': variable ", i, " is undefined");
    check(vars[i].dtype() == DType::Float32, "Optimizer '", name_, "': expected float32 "
          "variables; variable ", i, " ('", vars[i].name(), "') has dtype ",
          dtype_name(vars[i].dtype()));
    shapes.push_back(vars[i].shape());
  }
  // Keras's base build comes first: the averages, then the accumulators.
  for (const Variable& v : vars) {
    if (use_ema_) averages_.push_back(make_slot(v, "average"));
  }
  for (const Variable& v : vars) {
    if (accumulation_steps_) accumulators_.push_back(make_slot(v, "gradient_accumulator"));
  }
  build_slots(vars);
  compute_decay_mask(vars);
  built_shapes_ = std::move(shapes);
  built_vars_ = vars;
  built_ = true;
}

void Optimizer::apply_gradients(const std::vector<Tensor>& grads_in,
                                const std::vector<Variable>& vars) {
  check(grads_in.size() == vars.size(), "Optimizer '", name_, "'.apply_gradients: expected one "
        "gradient per variable; received ", grads_in.size(), " gradients for ", vars.size(),
        " variables");
  if (!built_) {
    build(vars);
  } else {
    check(vars.size() == built_shapes_.size(), "Optimizer '", name_, "'.apply_gradients: the "
          "optimizer was built for ", built_shapes_.size(), " variables; received ", vars.size(),
          ". Create a new optimizer for a new set of variables.");
    for (std::size_t i = 0; i < vars.size(); ++i)
      check(vars[i].defined() && vars[i].shape() == built_shapes_[i], "Optimizer '", name_,
            "'.apply_gradients: variable ", i, " ('", vars[i].name(), "') has shape ",
            shape_str(vars[i].shape()), ", but the optimizer was built for shape ",
            shape_str(built_shapes_[i]), " at that position. Create a new optimizer for a "
            "new set of variables.");
  }

  // Validate every gradient before touching any variable.
  std::vector<Tensor> grads(grads_in.size());
  for (std::size_t i = 0; i < vars.size(); ++i) {
    Tensor g = grads_in[i];
    if (!g.defined()) continue;
    check(g.shape() == vars[i].shape(), "Optimizer '", name_, "'.apply_gradients: gradient ", i,
          " has shape ", shape_str(g.shape()), ", but its variable '", vars[i].name(),
          "' has shape ", shape_str(vars[i].shape()));
    check(g.device() == vars[i].device(), "Optimizer '", name_, "'.apply_gradients: gradient ",
          i, " is on ", device_str(g.device()), ", but its variable '", vars[i].name(),
          "' is on ", device_str(vars[i].device()));
    if (g.dtype() != DType::Float32) g = ops::cast(g, DType::Float32);
    // A gradient overlapping its variable at another offset would be read
    // after the kernel wrote it.
    if (g.storage() == vars[i].storage() && g.storage_offset() != vars[i].storage_offset())
      g = g.clone();
    grads[i] = std::move(g);
  }

  const bool update = (raw_iterations() + 1) % accumulation_steps() == 0;
  // A schedule is evaluated once per update, before any state changes (a
  // Python schedule may throw).
  const double lr = update ? learning_rate() : 0.0;
  if (accumulation_steps_) accumulate_gradients(grads, update);
  if (update) {
    update_variables(grads, vars, lr);
    if (accumulation_steps_) reset_accumulators();
  }
  if (use_ema_) update_moving_averages(vars);
  // Keras: variable constraints are applied after all updates (every call,
  // also between accumulated updates), to the variables that had a gradient.
  for (std::size_t i = 0; i < vars.size(); ++i)
    if (grads[i].defined()) vars[i].apply_constraint();
  *iterations_.data<std::int64_t>() = raw_iterations() + 1;
}

void Optimizer::update_variables(const std::vector<Tensor>& grads,
                                 const std::vector<Variable>& vars, double lr) {
  begin_update(lr);
  const auto& table = ops::kernels();
  const auto norm = [&](const Tensor& g) {
    return std::sqrt(table.sum_squares.get(g.device().type)(g));
  };
  double global_scale = 1.0;
  if (on(global_clipnorm_)) {
    // Keras's clip_by_global_norm: a norm of 0 leaves the gradients alone;
    // an infinite or NaN norm makes them NaN.
    double total = 0.0;
    for (const Tensor& g : grads)
      if (g.defined()) total += table.sum_squares.get(g.device().type)(g);
    const double n = std::sqrt(total), c = *global_clipnorm_;
    global_scale = c * std::min(1.0 / n, 1.0 / c) + (n - n);
  }

  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (!grads[i].defined()) continue;
    ops::UpdatePrologue p;
    p.grad_scale = static_cast<float>(global_scale);
    if (on(clipnorm_)) {
      // Keras's _clip_by_norm: g * clipnorm / max(||g||, clipnorm); NaN stays NaN.
      const double n = norm(grads[i]), c = *clipnorm_;
      p.grad_scale = static_cast<float>(c / (std::isnan(n) ? n : std::max(n, c)));
    }
    if (on(clipvalue_)) p.clip_value = static_cast<float>(*clipvalue_);
    if (weight_decay_ && decayed_[i]) p.decay = static_cast<float>(*weight_decay_ * lr);
    update_step(grads[i], vars[i], i, lr, p);
  }
}

std::vector<Variable> Optimizer::variables() const {
  std::vector<Variable> out{iterations_};
  if (!schedule_) out.push_back(learning_rate_);
  out.insert(out.end(), averages_.begin(), averages_.end());
  out.insert(out.end(), accumulators_.begin(), accumulators_.end());
  for (Variable& v : slot_variables()) out.push_back(std::move(v));
  return out;
}

Json Optimizer::get_config() const {
  Json config = Json::object();
  config.set("name", name_);
  config.set("learning_rate", schedule_ ? schedule_->serialize() : Json(learning_rate()));
  config.set("weight_decay", optional_json(weight_decay_));
  config.set("clipnorm", optional_json(clipnorm_));
  config.set("global_clipnorm", optional_json(global_clipnorm_));
  config.set("clipvalue", optional_json(clipvalue_));
  config.set("use_ema", use_ema_);
  config.set("ema_momentum", ema_momentum_);
  config.set("ema_overwrite_frequency", config_ema_overwrite_frequency_);
  config.set("loss_scale_factor", Json());
  config.set("gradient_accumulation_steps", config_accumulation_steps_);
  return config;
}

Variable Optimizer::make_slot(const Variable& ref, const std::string& kind, double value) {
  std::string name = ref.name();
  std::replace(name.begin(), name.end(), '/', '_');
  return Variable(ops::full(ref.shape(), value, ref.dtype(), ref.device()), false,
                  name + "_" + kind);
}

double Optimizer::read_number(const Json& config, const char* key, double fallback) {
  if (config.is_null()) return fallback;
  const double v = config.get(key, Json(fallback)).as_double(key);
  check(std::isfinite(v), "Optimizer: expected `", key, "` to be a finite number; received ",
        key, "=", v);
  return v;
}

bool Optimizer::read_bool(const Json& config, const char* key, bool fallback) {
  if (config.is_null()) return fallback;
  return config.get(key, Json(fallback)).as_bool(key);
}

std::shared_ptr<Optimizer> make_optimizer(const std::string& identifier, const Json& config) {
  using Factory = std::function<std::shared_ptr<Optimizer>(const Json&)>;
  // One line per optimizer: Keras's function-style name, then its class name.
  static const std::vector<std::pair<std::string, Factory>> registry = {
      {"sgd", [](const Json& c) { return std::make_shared<SGD>(c); }},
      {"adam", [](const Json& c) { return std::make_shared<Adam>(c); }},
      {"adamw", [](const Json& c) { return std::make_shared<AdamW>(c); }},
      {"adamax", [](const Json& c) { return std::make_shared<Adamax>(c); }},
      {"nadam", [](const Json& c) { return std::make_shared<Nadam>(c); }},
      {"rmsprop", [](const Json& c) { return std::make_shared<RMSprop>(c); }},
      {"adagrad", [](const Json& c) { return std::make_shared<Adagrad>(c); }},
      {"adadelta", [](const Json& c) { return std::make_shared<Adadelta>(c); }},
      {"adafactor", [](const Json& c) { return std::make_shared<Adafactor>(c); }},
      {"lion", [](const Json& c) { return std::make_shared<Lion>(c); }},
      {"ftrl", [](const Json& c) { return std::make_shared<Ftrl>(c); }},
  };
  std::string key = identifier;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) {
    return static_cast<char>(std::tolower(ch));
  });
  std::string known;
  for (const auto& [name, factory] : registry) {
    if (name != key) continue;
    std::shared_ptr<Optimizer> opt = factory(config);
    if (config.is_object()) {
      const Json accepted = opt->get_config();
      for (const auto& member : config.as_object())
        check(member.first == "decay" || accepted.contains(member.first), "make_optimizer('",
              identifier, "'): argument not recognized: `", member.first, "`");
    }
    return opt;
  }
  for (const auto& entry : registry) known += (known.empty() ? "" : ", ") + entry.first;
  throw ValueError(str("make_optimizer: unknown optimizer identifier '", identifier,
                       "'; expected one of: ", known, " (or their class names)"));
}

}  // namespace pydeep::optim
