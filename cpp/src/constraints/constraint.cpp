// The constraint registry: Keras identifiers and configs -> objects.
#include "pydeep/constraints/constraint.h"

#include "../regularizers/spec.h"
#include "pydeep/constraints/norms.h"

namespace pydeep::constraints {

std::shared_ptr<const Constraint> make_constraint(const Json& spec, const std::string& where) {
  if (spec.is_null()) return nullptr;
  const detail::ObjectSpec s = detail::read_object_spec(spec, where, "constraint");
  const std::string& id = s.class_name;
  using Kind = NormConstraint::Kind;
  if (id == "MaxNorm" || id == "max_norm") {
    detail::check_keys(s, {"max_value", "axis"}, where);
    return std::make_shared<NormConstraint>(Kind::MaxNorm, s.config, where);
  }
  if (id == "MinMaxNorm" || id == "min_max_norm") {
    detail::check_keys(s, {"min_value", "max_value", "rate", "axis"}, where);
    return std::make_shared<NormConstraint>(Kind::MinMaxNorm, s.config, where);
  }
  if (id == "UnitNorm" || id == "unit_norm") {
    detail::check_keys(s, {"axis"}, where);
    return std::make_shared<NormConstraint>(Kind::UnitNorm, s.config, where);
  }
  if (id == "NonNeg" || id == "non_neg") {
    detail::check_keys(s, {}, where);
    return std::make_shared<NonNeg>();
  }
  throw ValueError(str(where, ": could not interpret constraint identifier: '", id,
                       "'; expected one of MaxNorm, MinMaxNorm, NonNeg, UnitNorm (or max_norm, "
                       "min_max_norm, non_neg, unit_norm)"));
}

Json serialize(const Constraint* c) {
  if (c == nullptr) return Json();
  return Json::object({{"module", "keras.constraints"},
                       {"class_name", c->class_name()},
                       {"config", c->get_config()},
                       {"registered_name", Json()}});
}

}  // namespace pydeep::constraints
