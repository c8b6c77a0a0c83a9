#include "convert.h"

namespace pydeep::bindings {

Json json_from_python(py::handle obj) {
  if (obj.is_none()) return Json();
  if (PyBool_Check(obj.ptr())) return Json(obj.cast<bool>());
  if (PyLong_Check(obj.ptr())) return Json(obj.cast<std::int64_t>());
  if (PyFloat_Check(obj.ptr())) return Json(obj.cast<double>());
  if (py::isinstance<py::str>(obj)) return Json(obj.cast<std::string>());
  if (py::isinstance<py::dict>(obj)) {
    Json out = Json::object();
    for (auto item : py::reinterpret_borrow<py::dict>(obj)) {
      check<TypeError>(py::isinstance<py::str>(item.first), "config: keys must be strings; received ",
                       py::str(py::type::of(item.first)).cast<std::string>());
      out.set(item.first.cast<std::string>(), json_from_python(item.second));
    }
    return out;
  }
  if (py::isinstance<py::list>(obj) || py::isinstance<py::tuple>(obj)) {
    Json out = Json::array();
    for (py::handle item : obj) out.push_back(json_from_python(item));
    return out;
  }
  // numpy scalars
  if (py::hasattr(obj, "item") && py::hasattr(obj, "dtype")) return json_from_python(obj.attr("item")());
  throw TypeError(str("config: cannot represent a value of type ",
                      py::str(py::type::of(obj)).cast<std::string>(),
                      " in a configuration (expected dict, list, str, number, bool or None)"));
}

py::object json_to_python(const Json& value) {
  switch (value.type()) {
    case Json::Type::Null: return py::none();
    case Json::Type::Bool: return py::bool_(value.as_bool());
    case Json::Type::Int: return py::int_(value.as_int());
    case Json::Type::Float: return py::float_(value.as_double());
    case Json::Type::String: return py::str(value.as_string());
    case Json::Type::Array: {
      py::list out;
      for (const Json& item : value.as_array()) out.append(json_to_python(item));
      return std::move(out);
    }
    case Json::Type::Object: {
      py::dict out;
      for (const auto& [key, item] : value.as_object()) out[py::str(key)] = json_to_python(item);
      return std::move(out);
    }
  }
  return py::none();
}

}  // namespace pydeep::bindings
