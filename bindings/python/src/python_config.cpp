#include "python_config.h"

#include <cmath>

#include "parameters/schema.h"

namespace kunlun::python {

namespace {

bool is_yaml_bool(const std::string& t) {
  return t == "true" || t == "True" || t == "TRUE" || t == "false" || t == "False" || t == "FALSE";
}
bool is_yaml_null(const std::string& t) { return t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL"; }
// Digits with an optional sign: a number Python reads back as an int (exactly, however large).
bool is_integer_text(const std::string& t) {
  const std::size_t first = !t.empty() && (t[0] == '-' || t[0] == '+') ? 1 : 0;
  return t.size() > first && t.find_first_not_of("0123456789", first) == std::string::npos;
}

std::string child_key(const std::string& key, const std::string& name) { return key.empty() ? name : key + "." + name; }

}  // namespace

ConfigNode config_from_python(py::handle value, const std::string& key, const SourceLocation& where) {
  if (value.is_none()) {
    ConfigNode null;
    null.set_where(where);
    return null;
  }
  if (py::isinstance<py::bool_>(value)) return ConfigNode::scalar(value.cast<bool>() ? "true" : "false", where);
  // Through plain int and float, so that subclasses (numpy 2's float64 prints "np.float64(0.2)")
  // are written as their values.
  if (py::isinstance<py::int_>(value))
    return ConfigNode::scalar(py::repr(py::reinterpret_steal<py::object>(PyNumber_Long(value.ptr()))).cast<std::string>(),
                              where);
  if (py::isinstance<py::float_>(value)) {
    const double d = value.cast<double>();
    if (!std::isfinite(d))
      throw InputError(where, key, "must be a finite number, got " + py::repr(value).cast<std::string>(),
                       "give a number such as 2000");
    return ConfigNode::scalar(py::repr(py::float_(d)).cast<std::string>(), where);  // shortest round-trip text
  }
  if (py::isinstance<py::str>(value)) {
    const std::string text = value.cast<std::string>();
    ConfigNode node = ConfigNode::scalar(text, where);
    node.set_quoted(is_yaml_bool(text) || is_yaml_null(text) || parse_number(text).has_value());
    return node;
  }
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    ConfigNode list = ConfigNode::list(where);
    std::size_t i = 0;
    for (auto item : value) list.items().push_back(config_from_python(item, key + "[" + std::to_string(i++) + "]", where));
    return list;
  }
  // numpy datetimes are months in scenarios; other numpy values and pandas series become the
  // Python values they hold.
  if (py::hasattr(value, "dtype") && py::hasattr(value, "astype") &&
      py::str(value.attr("dtype").attr("kind")).cast<std::string>() == "M")
    return config_from_python(value.attr("astype")("datetime64[D]").attr("tolist")(), key, where);
  if (py::hasattr(value, "tolist") && !py::isinstance<py::bytes>(value))
    return config_from_python(value.attr("tolist")(), key, where);
  if (py::isinstance(value, py::module_::import("collections.abc").attr("Mapping"))) {
    ConfigNode map = ConfigNode::map(where);
    for (auto item : value.attr("items")()) {
      const auto pair = item.cast<py::tuple>();
      if (!py::isinstance<py::str>(pair[0]))
        throw InputError(where, key, "keys must be strings, got " + py::repr(pair[0]).cast<std::string>(),
                         "write every key as a string, as in a scenario file");
      const std::string name = pair[0].cast<std::string>();
      map.set(name, config_from_python(pair[1], child_key(key, name), where), where);
    }
    return map;
  }
  // Dates are months in scenarios.
  if (py::hasattr(value, "strftime"))
    return ConfigNode::scalar(value.attr("strftime")("%Y-%m").cast<std::string>(), where);
  throw InputError(where, key,
                   "a " + py::str(py::type::of(value).attr("__name__")).cast<std::string>() +
                       " cannot be written in a scenario",
                   "give a number, a string, a bool, None, a list or a dict");
}

py::object python_from_config(const ConfigNode& node) {
  switch (node.kind()) {
    case ConfigNode::Kind::null:
      return py::none();
    case ConfigNode::Kind::map: {
      py::dict d;
      for (const auto& [name, child] : node.entries()) d[py::str(name)] = python_from_config(child);
      return d;
    }
    case ConfigNode::Kind::list: {
      py::list l;
      for (const auto& item : node.items()) l.append(python_from_config(item));
      return l;
    }
    case ConfigNode::Kind::scalar:
      break;
  }
  const std::string& t = node.text();
  if (node.quoted()) return py::str(t);
  if (is_yaml_null(t)) return py::none();
  if (is_yaml_bool(t)) return py::bool_(t[0] == 't' || t[0] == 'T');
  if (is_integer_text(t)) return py::int_(py::str(t));
  if (const auto number = parse_number(t)) return py::float_(*number);
  return py::str(t);
}

}  // namespace kunlun::python
