// The regularizer registry: Keras identifiers and configs -> objects.
#include "pydeep/regularizers/regularizer.h"

#include "pydeep/regularizers/penalties.h"
#include "spec.h"

namespace pydeep::regularizers {

std::shared_ptr<const Regularizer> make_regularizer(const Json& spec, const std::string& where) {
  if (spec.is_null()) return nullptr;
  const detail::ObjectSpec s = detail::read_object_spec(spec, where, "regularizer");
  const std::string& id = s.class_name;
  const Json& c = s.config;
  if (id == "L1" || id == "l1") {
    detail::check_keys(s, {"l1"}, where);
    return std::make_shared<L1L2>(L1L2::Kind::L1, detail::read_factor(c, "l1", 0.01, where), 0.0);
  }
  if (id == "L2" || id == "l2") {
    detail::check_keys(s, {"l2"}, where);
    return std::make_shared<L1L2>(L1L2::Kind::L2, 0.0, detail::read_factor(c, "l2", 0.01, where));
  }
  if (id == "L1L2" || id == "l1l2" || id == "l1_l2") {
    detail::check_keys(s, {"l1", "l2"}, where);
    return std::make_shared<L1L2>(L1L2::Kind::L1L2, detail::read_factor(c, "l1", 0.0, where),
                                  detail::read_factor(c, "l2", 0.0, where));
  }
  if (id == "OrthogonalRegularizer" || id == "orthogonal_regularizer") {
    detail::check_keys(s, {"factor", "mode"}, where);
    const Json mode = c.get("mode", Json("rows"));
    check(mode.is_string(), where, ": invalid value for argument `mode`. Expected one of "
          "{\"rows\", \"columns\"}. Received: mode=", mode.dump());
    return std::make_shared<OrthogonalRegularizer>(
        detail::read_factor(c, "factor", 0.01, where), mode.as_string());
  }
  throw ValueError(str(where, ": could not interpret regularizer identifier: '", id,
                       "'; expected one of L1, L2, L1L2, OrthogonalRegularizer (or l1, l2, "
                       "l1l2, l1_l2, orthogonal_regularizer)"));
}

Json serialize(const Regularizer* r) {
  if (r == nullptr) return Json();
  return Json::object({{"module", "keras.regularizers"},
                       {"class_name", r->class_name()},
                       {"config", r->get_config()},
                       {"registered_name", Json()}});
}

}  // namespace pydeep::regularizers
