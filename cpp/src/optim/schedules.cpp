// Keras 3's built-in learning-rate schedules. Each formula runs in float32
// in Keras's order of operations (Keras evaluates them as float32 tensor
// ops), so that floors and comparisons on period boundaries agree with Keras.
#include "pydeep/optim/schedules.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "pydeep/core/errors.h"

namespace pydeep::optim {
namespace {

constexpr float kPi = 3.14159265358979323846f;

// The member `key` of an object, or `fallback` when absent (null kept).
Json member_or(const Json& config, const std::string& key, const Json& fallback) {
  if (!config.is_object() || !config.contains(key)) return fallback;
  return config.at(key);
}

std::vector<double> numbers(const std::string& where, const Json& list, const char* key) {
  check(list.is_array(), where, ": expected `", key, "` to be a list of numbers; received ", key,
        "=", list.dump());
  std::vector<double> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    check(list[i].is_number(), where, ": expected `", key, "` to be a list of numbers; received ",
          key, "=", list.dump());
    out.push_back(list[i].as_double(key));
  }
  return out;
}

}  // namespace

Json LearningRateSchedule::serialize() const {
  return Json::object({{"module", "keras.optimizers.schedules"},
                       {"class_name", class_name()},
                       {"config", get_config()},
                       {"registered_name", Json()}});
}

BuiltinSchedule::BuiltinSchedule(std::string class_name, const Json& config, const Json& defaults,
                                 const std::vector<std::string>& nullable)
    : class_name_(std::move(class_name)), config_(Json::object()) {
  check(config.is_null() || config.is_object(), class_name_,
        ": expected a config dict; received ", config.dump());
  for (const auto& [key, fallback] : defaults.as_object()) {
    const bool may_be_null = std::find(nullable.begin(), nullable.end(), key) != nullable.end();
    const Json value = member_or(config, key, fallback);
    check(!value.is_null() || may_be_null, class_name_, ": missing required argument `", key,
          "`");
    config_.set(key, value);
  }
  if (config.is_object())
    for (const auto& member : config.as_object())
      check(defaults.contains(member.first), class_name_, ": argument not recognized: `",
            member.first, "`");
  check(config_.at("name").is_string(), class_name_, ": expected `name` to be a string; received ",
        "name=", config_.at("name").dump());
}

double BuiltinSchedule::number(const char* key) const {
  const Json& value = config_.at(key);
  check(value.is_number() && std::isfinite(value.as_double(key)), class_name_, ": expected `",
        key, "` to be a finite number; received ", key, "=", value.dump());
  return value.as_double(key);
}

bool BuiltinSchedule::flag(const char* key) const {
  const Json& value = config_.at(key);
  check(value.is_bool(), class_name_, ": expected `", key, "` to be a bool; received ", key, "=",
        value.dump());
  return value.as_bool(key);
}

void BuiltinSchedule::require_positive(const char* key) const {
  check(number(key) > 0, "Argument `", key, "` must be > 0. Received: ", key, "=",
        config_.at(key).dump());
}

ExponentialDecay::ExponentialDecay(const Json& config)
    : BuiltinSchedule("ExponentialDecay", config,
                      Json::object({{"initial_learning_rate", Json()}, {"decay_steps", Json()},
                                    {"decay_rate", Json()}, {"staircase", false},
                                    {"name", "ExponentialDecay"}})) {
  number("initial_learning_rate");
  number("decay_rate");
  flag("staircase");
  require_positive("decay_steps");
}

double ExponentialDecay::operator()(double step) const {
  float p = static_cast<float>(step) / static_cast<float>(number("decay_steps"));
  if (flag("staircase")) p = std::floor(p);
  return static_cast<float>(number("initial_learning_rate")) *
         std::pow(static_cast<float>(number("decay_rate")), p);
}

InverseTimeDecay::InverseTimeDecay(const Json& config)
    : BuiltinSchedule("InverseTimeDecay", config,
                      Json::object({{"initial_learning_rate", Json()}, {"decay_steps", Json()},
                                    {"decay_rate", Json()}, {"staircase", false},
                                    {"name", "InverseTimeDecay"}})) {
  number("initial_learning_rate");
  number("decay_rate");
  flag("staircase");
  require_positive("decay_steps");
}

double InverseTimeDecay::operator()(double step) const {
  float p = static_cast<float>(step) / static_cast<float>(number("decay_steps"));
  if (flag("staircase")) p = std::floor(p);
  const float denom = 1.f + static_cast<float>(number("decay_rate")) * p;
  return static_cast<float>(number("initial_learning_rate")) / denom;
}

PiecewiseConstantDecay::PiecewiseConstantDecay(const Json& config)
    : BuiltinSchedule("PiecewiseConstantDecay", config,
                      Json::object({{"boundaries", Json()}, {"values", Json()},
                                    {"name", "PiecewiseConstant"}})) {
  boundaries_ = numbers(class_name_, config_.at("boundaries"), "boundaries");
  values_ = numbers(class_name_, config_.at("values"), "values");
  check(boundaries_.size() + 1 == values_.size(), "The length of boundaries should be 1 less "
        "than the length of values. Received: boundaries=", config_.at("boundaries").dump(),
        " of length ", boundaries_.size(), ", and values=", config_.at("values").dump(),
        " of length ", values_.size(), ".");
}

double PiecewiseConstantDecay::operator()(double step) const {
  // Keras casts the boundaries to the step's dtype: an integer step (the
  // optimizer's iteration count) compares with truncated boundaries.
  const bool integral = std::floor(step) == step;
  const auto boundary = [&](std::size_t i) {
    return integral ? std::trunc(boundaries_[i]) : boundaries_[i];
  };
  // Keras sums one indicator term per interval (so unsorted boundaries add up).
  float result = 0.f;
  if (boundaries_.empty()) return static_cast<float>(values_[0]);
  if (step <= boundary(0)) result += static_cast<float>(values_.front());
  if (step > boundary(boundaries_.size() - 1)) result += static_cast<float>(values_.back());
  for (std::size_t i = 0; i + 1 < boundaries_.size(); ++i)
    if (step > boundary(i) && step <= boundary(i + 1)) result += static_cast<float>(values_[i + 1]);
  return result;
}

PolynomialDecay::PolynomialDecay(const Json& config)
    : BuiltinSchedule("PolynomialDecay", config,
                      Json::object({{"initial_learning_rate", Json()}, {"decay_steps", Json()},
                                    {"end_learning_rate", 0.0001}, {"power", 1.0},
                                    {"cycle", false}, {"name", "PolynomialDecay"}})) {
  number("initial_learning_rate");
  number("end_learning_rate");
  number("power");
  flag("cycle");
  require_positive("decay_steps");
}

double PolynomialDecay::operator()(double step_in) const {
  const float lr0 = static_cast<float>(number("initial_learning_rate"));
  const float end = static_cast<float>(number("end_learning_rate"));
  const float d0 = static_cast<float>(number("decay_steps"));
  float step = static_cast<float>(step_in), d = d0;
  if (flag("cycle")) {
    d = d0 * (step == 0.f ? 1.f : std::ceil(step / d0));
  } else {
    step = std::min(step, d);
  }
  const float p = step / d;
  return (lr0 - end) * std::pow(1.f - p, static_cast<float>(number("power"))) + end;
}

CosineDecay::CosineDecay(const Json& config)
    : BuiltinSchedule("CosineDecay", config,
                      Json::object({{"initial_learning_rate", Json()}, {"decay_steps", Json()},
                                    {"alpha", 0.0}, {"name", "CosineDecay"},
                                    {"warmup_target", Json()}, {"warmup_steps", 0}}),
                      {"warmup_target"}) {
  number("initial_learning_rate");
  number("alpha");
  number("warmup_steps");
  if (!config_.at("warmup_target").is_null()) number("warmup_target");
  require_positive("decay_steps");
}

double CosineDecay::operator()(double step_in) const {
  const float lr0 = static_cast<float>(number("initial_learning_rate"));
  const float d = static_cast<float>(number("decay_steps"));
  const double alpha = number("alpha");
  const auto decay = [&](float step, float from_lr) {
    const float cosine = 0.5f * (1.f + std::cos(kPi * (step / d)));
    return from_lr * (static_cast<float>(1 - alpha) * cosine + static_cast<float>(alpha));
  };
  float step = static_cast<float>(step_in);
  if (config_.at("warmup_target").is_null()) return decay(std::min(step, d), lr0);
  const float target = static_cast<float>(number("warmup_target"));
  const float warmup = static_cast<float>(number("warmup_steps"));
  step = std::min(step, d + warmup);
  if (step < warmup) return (target - lr0) * (step / warmup) + lr0;
  return decay(step - warmup, target);
}

CosineDecayRestarts::CosineDecayRestarts(const Json& config)
    : BuiltinSchedule("CosineDecayRestarts", config,
                      Json::object({{"initial_learning_rate", Json()},
                                    {"first_decay_steps", Json()}, {"t_mul", 2.0},
                                    {"m_mul", 1.0}, {"alpha", 0.0}, {"name", "SGDRDecay"}})) {
  number("initial_learning_rate");
  number("t_mul");
  number("m_mul");
  number("alpha");
  require_positive("first_decay_steps");
}

double CosineDecayRestarts::operator()(double step) const {
  const float lr0 = static_cast<float>(number("initial_learning_rate"));
  const float alpha = static_cast<float>(number("alpha"));
  const float t_mul = static_cast<float>(number("t_mul"));
  const float m_mul = static_cast<float>(number("m_mul"));
  float fraction = static_cast<float>(step) / static_cast<float>(number("first_decay_steps"));
  float restart;
  if (t_mul == 1.f) {
    restart = std::floor(fraction);
    fraction -= restart;
  } else {
    // Restart i starts at fraction (1 - t_mul^i) / (1 - t_mul) (a geometric sum).
    restart = std::floor(std::log(1.f - fraction * (1.f - t_mul)) / std::log(t_mul));
    const float start = (1.f - std::pow(t_mul, restart)) / (1.f - t_mul);
    fraction = (fraction - start) / std::pow(t_mul, restart);
  }
  const float cosine = 0.5f * std::pow(m_mul, restart) * (1.f + std::cos(kPi * fraction));
  return lr0 * ((1.f - alpha) * cosine + alpha);
}

std::shared_ptr<LearningRateSchedule> make_schedule(const std::string& class_name,
                                                    const Json& config) {
  using Factory = std::function<std::shared_ptr<LearningRateSchedule>(const Json&)>;
  static const std::vector<std::pair<std::string, Factory>> registry = {
      {"ExponentialDecay", [](const Json& c) { return std::make_shared<ExponentialDecay>(c); }},
      {"InverseTimeDecay", [](const Json& c) { return std::make_shared<InverseTimeDecay>(c); }},
      {"PiecewiseConstantDecay",
       [](const Json& c) { return std::make_shared<PiecewiseConstantDecay>(c); }},
      {"PolynomialDecay", [](const Json& c) { return std::make_shared<PolynomialDecay>(c); }},
      {"CosineDecay", [](const Json& c) { return std::make_shared<CosineDecay>(c); }},
      {"CosineDecayRestarts",
       [](const Json& c) { return std::make_shared<CosineDecayRestarts>(c); }},
  };
  std::string known;
  for (const auto& [name, factory] : registry) {
    if (name == class_name) return factory(config);
    known += (known.empty() ? "" : ", ") + name;
  }
  throw ValueError(str("make_schedule: unknown learning rate schedule '", class_name,
                       "'; expected one of: ", known));
}

std::shared_ptr<LearningRateSchedule> deserialize_schedule(const Json& serialized) {
  check(serialized.is_object() && serialized.contains("class_name") &&
            serialized.at("class_name").is_string(),
        "deserialize_schedule: expected {\"class_name\": ..., \"config\": {...}}; received ",
        serialized.dump());
  return make_schedule(serialized.at("class_name").as_string(),
                       serialized.get("config", Json::object()));
}

}  // namespace pydeep::optim
