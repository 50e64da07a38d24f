// Declared uncertainties: building, resolving, quantiles (Boost.Math), text and overrides.
#include "parameters/uncertainty.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>

#include <cmath>

#include "core/text.h"
#include "parameters/parameter.h"
#include "parameters/schema.h"

namespace kunlun {

namespace {

Uncertainty make(Distribution d, double low, double high, std::string reasoning) {
  Uncertainty u;
  u.distribution = d;
  u.low = low;
  u.high = high;
  u.reasoning = std::move(reasoning);
  return u;
}

// The keys an uncertainty may be written with.
const std::vector<std::string> kUncertaintyKeys = {"fixed", "scale", "distribution", "low",     "high",     "mode",
                                                   "mean",  "sd",    "alpha",        "beta",    "options", "reasoning"};

std::string name_of(Distribution d) { return kDistributionNames[static_cast<int>(d)]; }

std::optional<Distribution> distribution_named(const std::string& name) {
  for (int i = 0; i < 6; ++i)
    if (name == kDistributionNames[i]) return static_cast<Distribution>(i);
  return std::nullopt;
}

std::string distribution_list() {
  return "uniform, log_uniform, triangular, normal, beta or choice";
}

[[noreturn]] void fail(const SourceLocation& where, const std::string& key, const std::string& message,
                       const std::string& hint) {
  throw InputError(where, key, message, hint);
}

// Checks that a resolved uncertainty is a distribution within the parameter's valid range.
void check_resolved(const Uncertainty& u, const Parameter& p, const std::string& key, const SourceLocation& where) {
  const std::string hint = "write a range inside the parameter's valid range (" + range_phrase(p) +
                           ") in the uncertainty: section, or fix the parameter";
  if (u.distribution == Distribution::choice) {
    if (u.options.empty()) fail(where, key, "a choice uncertainty lists no options", "list at least one option");
    for (const auto& o : u.options) {
      bool known = false;
      for (const auto& c : p.choices) known = known || c == o;
      if (!known)
        fail(where, key, "the option '" + o + "' is not one of " + join_names(p.choices),
             "list options the parameter takes");
    }
    return;
  }
  if (p.type == ParameterType::choice || p.type == ParameterType::date)
    fail(where, key, "a " + name_of(u.distribution) + " uncertainty for a parameter that is not a number",
         "use distribution: choice with options");
  if (!std::isfinite(u.low) || !std::isfinite(u.high) || !(u.low < u.high))
    fail(where, key,
         "the uncertainty's range " + format_significant(u.low) + " to " + format_significant(u.high) +
             " is empty: low must be below high",
         "give low < high, or fix the parameter (fixed) to leave it out");
  const bool below = p.min_exclusive ? u.low <= p.min : u.low < p.min;
  if (below || u.high > p.max)
    fail(where, key,
         "the uncertainty's range " + format_significant(u.low) + " to " + format_significant(u.high) +
             " leaves the parameter's valid range (" + range_phrase(p) + ")",
         hint);
  switch (u.distribution) {
    case Distribution::log_uniform:
      if (!(u.low > 0))
        fail(where, key, "a log-uniform range must lie above 0, this one starts at " + format_significant(u.low),
             "use a uniform distribution for a range that reaches 0");
      break;
    case Distribution::triangular:
      if (!(u.mode >= u.low && u.mode <= u.high))
        fail(where, key, "the mode " + format_significant(u.mode) + " lies outside the range",
             "give a mode between low and high");
      break;
    case Distribution::normal:
      if (!(u.sd > 0) || !std::isfinite(u.mean))
        fail(where, key, "a normal uncertainty needs a finite mean and an sd above 0", "give mean and sd");
      break;
    case Distribution::beta:
      if (!(u.alpha > 0) || !(u.beta > 0) || !std::isfinite(u.alpha) || !std::isfinite(u.beta))
        fail(where, key, "a beta uncertainty needs alpha and beta above 0", "give alpha and beta");
      break;
    default:
      break;
  }
  if (p.type == ParameterType::integer && std::floor(u.high) < std::ceil(u.low))
    fail(where, key, "the range holds no whole number", "widen it to include one");
}

double anchored(double x, Anchor a, double value) {
  switch (a) {
    case Anchor::times_value:
      return x * value;
    case Anchor::plus_value:
      return x + value;
    case Anchor::value:
      break;
  }
  return x;
}

// Numbers of an override map: present, finite.
std::optional<double> number_at(const ConfigNode& map, const std::string& name, const std::string& key) {
  const ConfigNode* n = map.find(name);
  if (n == nullptr || n->is_null()) return std::nullopt;
  return read_number(*n, key + "." + name, n->where());
}

}  // namespace

Uncertainty uniform(double low, double high, std::string reasoning) {
  return make(Distribution::uniform, low, high, std::move(reasoning));
}
Uncertainty log_uniform(double low, double high, std::string reasoning) {
  return make(Distribution::log_uniform, low, high, std::move(reasoning));
}
Uncertainty triangular(double low, double mode, double high, std::string reasoning) {
  Uncertainty u = make(Distribution::triangular, low, high, std::move(reasoning));
  u.mode = mode;
  return u;
}
Uncertainty truncated_normal(double mean, double sd, double low, double high, std::string reasoning) {
  Uncertainty u = make(Distribution::normal, low, high, std::move(reasoning));
  u.mean = mean;
  u.sd = sd;
  return u;
}
Uncertainty beta(double alpha, double beta_, double low, double high, std::string reasoning) {
  Uncertainty u = make(Distribution::beta, low, high, std::move(reasoning));
  u.alpha = alpha;
  u.beta = beta_;
  return u;
}
Uncertainty one_of(std::vector<std::string> options, std::string reasoning) {
  Uncertainty u = make(Distribution::choice, 0, 0, std::move(reasoning));
  u.options = std::move(options);
  return u;
}
Uncertainty times_value(Uncertainty u) {
  u.anchor = Anchor::times_value;
  return u;
}
Uncertainty plus_value(Uncertainty u) {
  u.anchor = Anchor::plus_value;
  return u;
}

Uncertainty resolve(const Uncertainty& u, const Parameter& p, const std::string& key, double value,
                    const SourceLocation& where) {
  Uncertainty r = u;
  if (u.anchor != Anchor::value && u.distribution != Distribution::choice) {
    r.low = anchored(u.low, u.anchor, value);
    r.high = anchored(u.high, u.anchor, value);
    r.mode = anchored(u.mode, u.anchor, value);
    r.mean = anchored(u.mean, u.anchor, value);
    if (u.anchor == Anchor::times_value) r.sd = u.sd * std::fabs(value);
    if (r.low > r.high) std::swap(r.low, r.high);  // a negative value in force turns the factors round
  }
  r.anchor = Anchor::value;
  check_resolved(r, p, key, where);
  return r;
}

double quantile(const Uncertainty& u, const Parameter& p, double q) {
  q = std::min(1.0, std::max(0.0, q));
  if (u.distribution == Distribution::choice) {
    const auto k = static_cast<double>(u.options.size());
    return std::min(k - 1, std::floor(q * k));
  }
  double x = 0;
  double low = u.low, high = u.high;
  const bool whole = p.type == ParameterType::integer;
  if (whole && u.distribution == Distribution::uniform) {
    // Each whole number in the range as likely: the range stretched by half a unit each side.
    low = std::ceil(u.low) - 0.5;
    high = std::floor(u.high) + 0.5;
  }
  switch (u.distribution) {
    case Distribution::uniform:
      x = low + q * (high - low);
      break;
    case Distribution::log_uniform:
      x = std::exp(std::log(low) + q * (std::log(high) - std::log(low)));
      break;
    case Distribution::triangular:
      x = boost::math::quantile(boost::math::triangular_distribution<double>(low, u.mode, high), q);
      break;
    case Distribution::normal: {
      const boost::math::normal_distribution<double> n(u.mean, u.sd);
      const double a = boost::math::cdf(n, low), b = boost::math::cdf(n, high);
      const double c = a + q * (b - a);
      x = c <= 0 ? low : c >= 1 ? high : boost::math::quantile(n, c);
      break;
    }
    case Distribution::beta:
      x = low + (high - low) * boost::math::quantile(boost::math::beta_distribution<double>(u.alpha, u.beta), q);
      break;
    case Distribution::choice:
      break;
  }
  x = std::min(high, std::max(low, x));  // rounding at the ends of the quantile functions only
  if (whole) x = std::min(std::floor(u.high), std::max(std::ceil(u.low), std::round(x)));
  return x;
}

std::string uncertainty_text(const Uncertainty& u) {
  if (u.distribution == Distribution::choice) return "one of " + join_names(u.options);
  const auto v = [&](double x) {
    std::string out = u.anchor == Anchor::times_value ? "x" : u.anchor == Anchor::plus_value && x >= 0 ? "+" : "";
    out += format_significant(x);
    return out;
  };
  const std::string range = v(u.low) + " to " + v(u.high);
  const std::string of = u.anchor == Anchor::value ? "" : " of the value";
  switch (u.distribution) {
    case Distribution::uniform:
      return "uniform " + range + of;
    case Distribution::log_uniform:
      return "log-uniform " + range + of;
    case Distribution::triangular:
      return "triangular " + range + " (mode " + v(u.mode) + ")" + of;
    case Distribution::normal:
      return "normal " + v(u.mean) + " (sd " + format_significant(u.sd) + (u.anchor == Anchor::times_value ? "x" : "") +
             ") in " + range + of;
    case Distribution::beta:
      return "beta(" + format_significant(u.alpha) + ", " + format_significant(u.beta) + ") on " + range + of;
    case Distribution::choice:
      break;
  }
  return range;
}

UncertaintyOverride read_uncertainty_override(const std::string& key, const ConfigNode& node,
                                              const SourceLocation& key_at) {
  UncertaintyOverride o;
  o.key = key;
  o.where = node.is_null() ? key_at : node.where();
  const std::string forms = "write fixed, {scale: 0.5}, {low: .., high: ..} or {distribution: " + distribution_list() +
                            ", low: .., high: .., ...}";
  if (node.is_scalar()) {
    if (node.text() == "fixed") {
      o.fixed = true;
      return o;
    }
    fail(o.where, key, "'" + node.text() + "' is not an uncertainty", forms);
  }
  if (!node.is_map()) fail(o.where, key, "an uncertainty is a word (fixed) or a map", forms);
  for (const auto& [name, value] : node.entries()) {
    bool ok = false;
    for (const auto& k : kUncertaintyKeys) ok = ok || k == name;
    if (!ok) fail(node.key_where(name), key + "." + name, "unknown key of an uncertainty", "known keys: " + join_names(kUncertaintyKeys));
  }
  if (const ConfigNode* f = node.find("fixed")) {
    o.fixed = read_flag(*f, key + ".fixed", f->where());
    if (node.entries().size() > 1)
      fail(o.where, key, "fixed stands alone: a fixed parameter has no range", "remove the other keys or fixed");
    if (!o.fixed) fail(f->where(), key + ".fixed", "fixed: false changes nothing", "remove it");
    return o;
  }
  if (const auto s = number_at(node, "scale", key)) {
    if (!(*s > 0))
      fail(node.find("scale")->where(), key + ".scale", "the scale must be above 0",
           "below 1 narrows the range about the value in force, above 1 widens it");
    if (node.entries().size() > 1)
      fail(o.where, key, "scale stands alone: it narrows or widens the declared range",
           "give either scale or a new range");
    o.scale = s;
    return o;
  }
  Uncertainty u;
  const ConfigNode* d = node.find("distribution");
  if (d == nullptr) {
    o.bounds_only = true;
    for (const auto& [name, value] : node.entries())
      if (name != "low" && name != "high" && name != "reasoning")
        fail(node.key_where(name), key + "." + name, "without a distribution only low and high may be given",
             "add distribution: to replace the declared one");
  } else {
    const auto dist = distribution_named(read_text(*d, key + ".distribution", d->where()));
    if (!dist) fail(d->where(), key + ".distribution", "unknown distribution '" + d->text() + "'", "use " + distribution_list());
    u.distribution = *dist;
  }
  const auto need = [&](const std::string& name) {
    const auto x = number_at(node, name, key);
    if (!x) fail(o.where, key + "." + name, "missing: a " + name_of(u.distribution) + " uncertainty needs " + name,
                 forms);
    return *x;
  };
  if (u.distribution == Distribution::choice) {
    const ConfigNode* opts = node.find("options");
    if (opts == nullptr || !opts->is_list() || opts->items().empty())
      fail(o.where, key + ".options", "a choice uncertainty needs a list of options", "options: [a, b]");
    for (const auto& item : opts->items()) u.options.push_back(read_text(item, key + ".options", item.where()));
  } else {
    u.low = need("low");
    u.high = need("high");
    if (u.distribution == Distribution::triangular) u.mode = need("mode");
    if (u.distribution == Distribution::normal) {
      u.mean = need("mean");
      u.sd = need("sd");
    }
    if (u.distribution == Distribution::beta) {
      u.alpha = need("alpha");
      u.beta = need("beta");
    }
  }
  if (const ConfigNode* r = node.find("reasoning")) u.reasoning = read_text(*r, key + ".reasoning", r->where());
  o.replacement = u;
  return o;
}

namespace {

// Whether `node` is an uncertainty itself rather than a map of keys below the one written so far.
bool is_uncertainty(const ConfigNode& node) {
  if (!node.is_map()) return true;
  for (const auto& [name, value] : node.entries())
    for (const auto& k : kUncertaintyKeys)
      if (name == k) return true;
  return node.entries().empty();
}

// Keys may be written dotted (behaviour.mobility.family: ...) or nested (behaviour: {mobility:
// {family: ...}}), as the Python face's set() writes them.
void collect_overrides(const ConfigNode& map, const std::string& prefix, std::vector<UncertaintyOverride>& out) {
  for (const auto& [key, node] : map.entries()) {
    const std::string full = prefix.empty() ? key : prefix + "." + key;
    if (is_uncertainty(node))
      out.push_back(read_uncertainty_override(full, node, map.key_where(key)));
    else
      collect_overrides(node, full, out);
  }
}

}  // namespace

std::vector<UncertaintyOverride> read_uncertainty_overrides(const ConfigNode& map, const std::string& map_key) {
  std::vector<UncertaintyOverride> out;
  if (map.is_null()) return out;
  if (!map.is_map())
    fail(map.where(), map_key, "the uncertainty section is a map from parameter keys to uncertainties",
         "uncertainty: {behaviour.mobility.utility_gap: {low: 0.5, high: 2}}");
  collect_overrides(map, "", out);
  return out;
}

std::optional<Uncertainty> apply_override(const Uncertainty& declared, const Parameter& p, double value,
                                          const UncertaintyOverride* o) {
  if (o == nullptr) return resolve(declared, p, p.key, value);
  if (o->fixed) return std::nullopt;
  if (o->scale) {
    Uncertainty u = resolve(declared, p, o->key, value, o->where);
    if (u.distribution == Distribution::choice)
      fail(o->where, o->key + ".scale", "a choice has no range to scale", "list the options instead");
    const double k = *o->scale;
    // About the value in force, which stays inside; for a value outside the range, about its centre.
    const double c = value >= u.low && value <= u.high ? value : 0.5 * (u.low + u.high);
    u.low = c + k * (u.low - c);
    u.high = c + k * (u.high - c);
    u.mode = c + k * (u.mode - c);
    u.mean = c + k * (u.mean - c);
    u.sd *= k;
    u.reasoning = declared.reasoning + " (range scaled by " + format_significant(k) + " in the scenario)";
    check_resolved(u, p, o->key, o->where);
    return u;
  }
  Uncertainty u = *o->replacement;
  if (o->bounds_only) {
    Uncertainty d = resolve(declared, p, o->key, value, o->where);
    d.low = u.low;
    d.high = u.high;
    if (d.distribution == Distribution::choice)
      fail(o->where, o->key, "a choice has no low and high", "list the options: {distribution: choice, options: [...]}");
    if (!u.reasoning.empty()) d.reasoning = u.reasoning;
    u = d;
  }
  if (u.reasoning.empty()) u.reasoning = "set in the scenario";
  check_resolved(u, p, o->key, o->where);
  return u;
}

}  // namespace kunlun
