#include "sim/scenario/loader.hpp"

#include "sim/error.hpp"
#include "sim/scenario/duration.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

namespace ccsim::scenario {

using model::Id;
using nlohmann::json;

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string escape_token(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Appends `v` to `out` as json::dump(-1) writes it, but stops once `out` is longer than
// `limit`: a message shows only the start of a value, and a value nested thousands deep must
// cost neither a recursion as deep as the value (a stack overflow, found by fuzzing) nor a
// dump of all of it. Each level appends a bracket, so the recursion is at most `limit` deep.
void render(const json& v, std::string& out, std::size_t limit) {
  // Invalid UTF-8 can reach us through a --set value: replace it rather than throw.
  const auto scalar = [](const json& x) { return x.dump(-1, ' ', false, json::error_handler_t::replace); };
  if (v.is_array()) {
    out += '[';
    for (auto it = v.begin(); it != v.end() && out.size() <= limit; ++it) {
      if (it != v.begin()) out += ',';
      render(*it, out, limit);
    }
    out += ']';
  } else if (v.is_object()) {
    out += '{';
    for (auto it = v.begin(); it != v.end() && out.size() <= limit; ++it) {
      if (it != v.begin()) out += ',';
      out += scalar(json(it.key()));
      out += ':';
      render(it.value(), out, limit);
    }
    out += '}';
  } else {
    out += scalar(v);
  }
}

// A short rendering of a JSON value for messages.
std::string show(const json& v) {
  constexpr std::size_t kShown = 60;
  std::string s;
  render(v, s, kShown);
  if (s.size() > kShown) s = s.substr(0, kShown - 3) + "...";
  return s;
}

// The longest duration accepted, in seconds (about 31.7 years). Longer ones are mistakes,
// and keeping every time below it keeps sums of times finite and the clock's resolution
// (an ulp of 1e9 s is 1.2e-7 s) far finer than the gaps between arrivals.
constexpr double kMaxDurationS = 1e9;

// Conditions nest (all/any) at most this deep: real rules use two or three levels, and the
// loader, the model and the routing checks walk conditions recursively.
constexpr std::size_t kMaxConditionDepth = 16;

// Per-interval tallies (intervals x call types) a replication may keep: each holds a wait
// histogram of about 6.4 kB, so this bounds that memory to about 640 MB.
constexpr std::size_t kMaxIntervalTallies = 100000;

// Distinct service-level thresholds (from the list, the target and expectations): each adds
// a counter to every tally.
constexpr std::size_t kMaxThresholds = 64;

std::string quote(const std::string& s) { return "\"" + s + "\""; }

// Walks the scenario JSON, building the model while collecting every error with its pointer.
class Validator {
public:
  explicit Validator(std::string source) : source_(std::move(source)) {}

  model::Scenario build(const json& root);

private:
  // --- error reporting -------------------------------------------------------------
  void error(const std::string& ptr, const std::string& what) {
    errors_.push_back(source_ + ": " + (ptr.empty() ? "/" : ptr) + ": " + what);
  }

  // Reports keys of `obj` not in `allowed`, with a suggestion. Returns false if obj is not an object.
  bool object(const json& obj, const std::string& ptr, const std::vector<std::string>& allowed) {
    if (!obj.is_object()) {
      error(ptr, "expected an object, got " + show(obj));
      return false;
    }
    for (const auto& [key, value] : obj.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string msg = "unknown key " + quote(key);
      const auto hint = did_you_mean(key, allowed);
      if (!hint.empty()) msg += " (did you mean " + quote(hint) + "?)";
      error(ptr + "/" + escape_token(key), msg);
    }
    return true;
  }

  static const json* find(const json& obj, const std::string& key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

  // --- typed readers: each returns nothing (and records an error) when the value is bad --
  std::optional<double> duration(const json& v, const std::string& ptr) {
    const auto too_long = [&] {
      error(ptr, show(v) + " is too long a duration (at most 1e9 s, about 31 years)");
      return std::nullopt;
    };
    if (v.is_number()) {
      const double d = v.get<double>();
      if (std::isfinite(d) && d >= 0.0) {
        if (d > kMaxDurationS) return too_long();
        return d;
      }
      error(ptr, show(v) + " is not a valid duration (must be >= 0)");
      return std::nullopt;
    }
    if (v.is_string()) {
      const auto& text = v.get_ref<const std::string&>();
      if (const auto d = parse_duration(text)) {
        if (*d > kMaxDurationS) return too_long();
        return d;
      }
      const auto minus = text.find_first_not_of(' ');
      if (minus != std::string::npos && text[minus] == '-' && parse_duration(text.substr(minus + 1))) {
        error(ptr, show(v) + " is not a valid duration (must be >= 0)");
        return std::nullopt;
      }
      error(ptr, show(v) +
                     " is not a valid duration (write seconds as a number, or a number with "
                     "a unit ms, s, m, h or d: \"90s\", \"2.5m\", \"8h\")");
      return std::nullopt;
    }
    error(ptr, "expected a duration, got " + show(v));
    return std::nullopt;
  }

  std::optional<double> positive_duration(const json& v, const std::string& ptr) {
    const auto d = duration(v, ptr);
    if (d && *d <= 0.0) {
      error(ptr, show(v) + " must be a positive duration");
      return std::nullopt;
    }
    return d;
  }

  std::optional<double> number(const json& v, const std::string& ptr, double min, double max, const char* what) {
    if (!v.is_number()) {
      error(ptr, "expected a number (" + std::string(what) + "), got " + show(v));
      return std::nullopt;
    }
    const double d = v.get<double>();
    if (!std::isfinite(d) || d < min || d > max) {
      std::ostringstream os;
      os << show(v) << " is out of range for " << what << " (must be between " << min << " and " << max << ")";
      error(ptr, os.str());
      return std::nullopt;
    }
    return d;
  }

  std::optional<std::int64_t> integer(const json& v, const std::string& ptr, std::int64_t min, std::int64_t max,
                                      const char* what) {
    if (!v.is_number_integer() && !(v.is_number_float() && std::floor(v.get<double>()) == v.get<double>())) {
      error(ptr, "expected a whole number (" + std::string(what) + "), got " + show(v));
      return std::nullopt;
    }
    const double d = v.get<double>();
    if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
      std::ostringstream os;
      os << show(v) << " is out of range for " << what << " (must be between " << min << " and " << max << ")";
      error(ptr, os.str());
      return std::nullopt;
    }
    return v.is_number_unsigned() ? static_cast<std::int64_t>(v.get<std::uint64_t>()) : v.get<std::int64_t>();
  }

  std::optional<std::string> string(const json& v, const std::string& ptr) {
    if (v.is_string()) return v.get<std::string>();
    error(ptr, "expected a string, got " + show(v));
    return std::nullopt;
  }

  std::optional<std::string> name(const json& obj, const std::string& ptr) {
    const json* v = find(obj, "name");
    if (!v) {
      error(ptr, "missing \"name\"");
      return std::nullopt;
    }
    auto s = string(*v, ptr + "/name");
    if (s && s->empty()) {
      error(ptr + "/name", "a name must not be empty");
      return std::nullopt;
    }
    return s;
  }

  const json* required(const json& obj, const std::string& ptr, const std::string& key) {
    const json* v = find(obj, key);
    if (!v) error(ptr, "missing " + quote(key));
    return v;
  }

  // Looks a name up in `names`; records "no X named ..." with a suggestion.
  std::optional<Id> resolve(const json& v, const std::string& ptr, const std::vector<std::string>& names,
                            const char* what) {
    const auto s = string(v, ptr);
    if (!s) return std::nullopt;
    const auto it = std::find(names.begin(), names.end(), *s);
    if (it != names.end()) return static_cast<Id>(it - names.begin());
    std::string msg = std::string("no ") + what + " named " + quote(*s);
    const auto hint = did_you_mean(*s, names);
    if (!hint.empty()) msg += " (did you mean " + quote(hint) + "?)";
    error(ptr, msg);
    return std::nullopt;
  }

  // A value given once or once per interval: a number, or a list of exactly n_intervals.
  template <class T, class Read>
  std::vector<T> per_interval(const json& v, const std::string& ptr, Read read) {
    std::vector<T> out;
    if (v.is_array()) {
      // With a bad horizon or interval the count is unknown; that error is reported already.
      if (intervals_why_ && v.size() != intervals_) {
        std::ostringstream os;
        os << "a per-interval list needs exactly " << intervals_ << (intervals_ == 1 ? " entry (" : " entries (")
           << *intervals_why_ << "), got " << v.size();
        error(ptr, os.str());
        return {};
      }
      bool ok = true;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (auto x = read(v[i], ptr + "/" + std::to_string(i))) out.push_back(*x);
        else ok = false;
      }
      return ok ? out : std::vector<T>{};
    }
    if (auto x = read(v, ptr)) out.push_back(*x);
    return out;
  }

  std::optional<engine::Distribution> distribution(const json& v, const std::string& ptr);
  void read_service_level(const json& root, model::Scenario& sc);
  void read_call_type(const json& v, const std::string& ptr, model::Scenario& sc);
  void read_queue(const json& v, const std::string& ptr, model::Scenario& sc);
  void read_site(const json& v, const std::string& ptr, model::Scenario& sc);
  std::optional<engine::Distribution> duration_or_distribution(const json& v, const std::string& ptr);
  std::optional<model::Condition> condition(const json& v, const std::string& ptr, bool top, bool in_all,
                                            std::size_t depth = 0);
  std::optional<model::OverflowRule> overflow_rule(const json& v, const std::string& ptr, Id queue);
  void read_group(const json& v, const std::string& ptr, model::Scenario& sc);
  void read_expectation(const json& v, const std::string& ptr, model::Scenario& sc);
  std::vector<std::string> names_of(const json& root, const char* list);

  std::string source_;
  std::vector<std::string> errors_;
  std::size_t intervals_ = 1;
  double sc_horizon_ = 0.0;
  std::size_t skipped_queues_ = 0;            // queues dropped for errors (ids stay aligned with names)
  std::optional<std::string> intervals_why_;  // how intervals_ follows from the scenario; none if unknown
  std::vector<std::string> site_names_, queue_names_, call_type_names_, group_names_, exit_names_;
};

std::optional<engine::Distribution> Validator::distribution(const json& v, const std::string& ptr) {
  static const std::vector<std::string> kinds = {"exponential", "constant", "lognormal", "gamma",
                                                 "erlang",      "weibull",  "uniform",   "empirical"};
  if (!v.is_object() || v.size() != 1) {
    error(ptr,
          "expected a distribution: an object with one of the keys exponential, constant, "
          "lognormal, gamma, erlang, weibull, uniform, empirical; got " +
              show(v));
    return std::nullopt;
  }
  if (!object(v, ptr, kinds)) return std::nullopt;
  const std::string kind = v.begin().key();
  const json& params = v.begin().value();
  const std::string p = ptr + "/" + escape_token(kind);
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) return std::nullopt;
  if (kind == "constant") {
    if (const auto d = duration(params, p)) return engine::Distribution::constant(*d);
    return std::nullopt;
  }
  if (kind == "empirical") {
    if (!object(params, p, {"values"})) return std::nullopt;
    const json* values = required(params, p, "values");
    if (!values) return std::nullopt;
    if (!values->is_array() || values->empty()) {
      error(p + "/values", "expected a non-empty list of durations, got " + show(*values));
      return std::nullopt;
    }
    std::vector<double> xs;
    bool ok = true;
    for (std::size_t i = 0; i < values->size(); ++i) {
      if (const auto d = duration((*values)[i], p + "/values/" + std::to_string(i))) xs.push_back(*d);
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return engine::Distribution::empirical(std::move(xs));
  }
  if (kind == "exponential") {
    if (!object(params, p, {"mean"})) return std::nullopt;
    const json* mean = required(params, p, "mean");
    if (!mean) return std::nullopt;
    if (const auto m = positive_duration(*mean, p + "/mean")) return engine::Distribution::exponential(*m);
    return std::nullopt;
  }
  if (kind == "lognormal" || kind == "gamma") {
    if (!object(params, p, {"mean", "sd"})) return std::nullopt;
    const json* mean = required(params, p, "mean");
    const json* sd = required(params, p, "sd");
    if (!mean || !sd) return std::nullopt;
    const auto m = positive_duration(*mean, p + "/mean");
    const auto s = kind == "gamma" ? positive_duration(*sd, p + "/sd") : duration(*sd, p + "/sd");
    if (!m || !s) return std::nullopt;
    // The samplers derive their parameters from (sd/mean)^2 and sd^2/mean
    // (engine/distribution.cpp); where those overflow or vanish every draw would be NaN or
    // infinite (found by fuzzing: gamma with mean = sd = 1e-200 s).
    const double ratio2 = (*s * *s) / (*m * *m);
    const bool sampleable =
        kind == "gamma" ? std::isfinite((*m * *m) / (*s * *s)) && std::isfinite((*s * *s) / *m) : std::isfinite(ratio2);
    if (!sampleable) {
      error(p, "mean " + show(*mean) + " and sd " + show(*sd) +
                   " are too far apart (or too small) to sample from; use values closer to each other");
      return std::nullopt;
    }
    return kind == "gamma" ? engine::Distribution::gamma(*m, *s) : engine::Distribution::lognormal(*m, *s);
  }
  if (kind == "erlang") {
    if (!object(params, p, {"k", "mean"})) return std::nullopt;
    const json* k = required(params, p, "k");
    const json* mean = required(params, p, "mean");
    if (!k || !mean) return std::nullopt;
    const auto kk = integer(*k, p + "/k", 1, 1000, "erlang phases k");
    const auto m = positive_duration(*mean, p + "/mean");
    if (!kk || !m) return std::nullopt;
    return engine::Distribution::erlang(static_cast<int>(*kk), *m);
  }
  if (kind == "weibull") {
    if (!object(params, p, {"shape", "scale"})) return std::nullopt;
    const json* shape = required(params, p, "shape");
    const json* scale = required(params, p, "scale");
    if (!shape || !scale) return std::nullopt;
    const auto sh = number(*shape, p + "/shape", 0.01, 100.0, "weibull shape");
    const auto sc = positive_duration(*scale, p + "/scale");
    if (!sh || !sc) return std::nullopt;
    return engine::Distribution::weibull(*sh, *sc);
  }
  // uniform
  if (!object(params, p, {"min", "max"})) return std::nullopt;
  const json* lo = required(params, p, "min");
  const json* hi = required(params, p, "max");
  if (!lo || !hi) return std::nullopt;
  const auto a = duration(*lo, p + "/min");
  const auto b = duration(*hi, p + "/max");
  if (!a || !b) return std::nullopt;
  if (*b < *a) {
    error(p + "/max", show(*hi) + " is below min " + show(*lo));
    return std::nullopt;
  }
  return engine::Distribution::uniform(*a, *b);
}

std::vector<std::string> Validator::names_of(const json& root, const char* list) {
  std::vector<std::string> names;
  const json* arr = find(root, list);
  if (!arr) return names;
  const std::string ptr = std::string("/") + list;
  if (!arr->is_array()) {
    error(ptr, "expected a list, got " + show(*arr));
    return names;
  }
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto& item = (*arr)[i];
    std::string n;
    if (item.is_object()) {
      if (const json* v = find(item, "name"); v && v->is_string()) n = v->get<std::string>();
    }
    if (const auto earlier = std::find(names.begin(), names.end(), n); !n.empty() && earlier != names.end()) {
      error(ptr + "/" + std::to_string(i) + "/name",
            quote(n) + " is already the name of " + ptr + "/" + std::to_string(earlier - names.begin()));
    }
    names.push_back(n);
  }
  return names;
}

void Validator::read_service_level(const json& root, model::Scenario& sc) {
  sc.thresholds_s = {10.0, 20.0, 30.0, 60.0};
  const json* slv = find(root, "service_level");
  if (!slv) return;
  const std::string ptr = "/service_level";
  if (!object(*slv, ptr, {"thresholds", "target"})) return;
  if (const json* th = find(*slv, "thresholds")) {
    if (!th->is_array() || th->empty()) {
      error(ptr + "/thresholds", "expected a non-empty list of durations, got " + show(*th));
    } else {
      sc.thresholds_s.clear();
      for (std::size_t i = 0; i < th->size(); ++i) {
        const std::string p = ptr + "/thresholds/" + std::to_string(i);
        if (const auto d = duration((*th)[i], p)) {
          if (std::find(sc.thresholds_s.begin(), sc.thresholds_s.end(), *d) != sc.thresholds_s.end()) {
            error(p, show((*th)[i]) + " is listed twice");
          }
          sc.thresholds_s.push_back(*d);
        }
      }
      std::sort(sc.thresholds_s.begin(), sc.thresholds_s.end());
    }
  }
  if (const json* target = find(*slv, "target")) {
    const std::string p = ptr + "/target";
    if (object(*target, p, {"within", "at_least"})) {
      const json* within = required(*target, p, "within");
      const json* at_least = required(*target, p, "at_least");
      std::optional<double> w, a;
      if (within) w = duration(*within, p + "/within");
      if (at_least) a = number(*at_least, p + "/at_least", 0.0, 1.0, "a service-level share");
      if (w && a) {
        sc.target = model::ServiceLevelTarget{*w, *a};
        if (std::find(sc.thresholds_s.begin(), sc.thresholds_s.end(), *w) == sc.thresholds_s.end()) {
          sc.thresholds_s.push_back(*w);  // the target's threshold is always reported
          std::sort(sc.thresholds_s.begin(), sc.thresholds_s.end());
        }
      }
    }
  }
}

void Validator::read_call_type(const json& v, const std::string& ptr, model::Scenario& sc) {
  if (!object(v, ptr,
              {"name", "description", "priority", "enters", "arrivals", "handle_time", "patience", "wrap_up"})) {
    return;
  }
  model::CallType ct;
  bool ok = true;
  if (auto n = name(v, ptr)) ct.name = *n;
  else ok = false;
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (const json* p = find(v, "priority")) {
    if (auto x = integer(*p, ptr + "/priority", -1000000, 1000000, "priority")) ct.priority = static_cast<int>(*x);
    else ok = false;
  }
  if (const json* e = required(v, ptr, "enters")) {
    if (auto q = resolve(*e, ptr + "/enters", queue_names_, "queue")) ct.enters = *q;
    else ok = false;
  } else {
    ok = false;
  }
  if (const json* arr = required(v, ptr, "arrivals")) {
    const std::string p = ptr + "/arrivals";
    if (object(*arr, p, {"poisson", "trace"})) {
      if (find(*arr, "trace")) {
        error(p + "/trace", "trace arrivals are not supported by this version of ccsim; use poisson");
        ok = false;
      } else if (const json* poisson = required(*arr, p, "poisson")) {
        const std::string pp = p + "/poisson";
        if (object(*poisson, pp, {"per_hour"})) {
          if (const json* rate = required(*poisson, pp, "per_hour")) {
            auto rates = per_interval<double>(*rate, pp + "/per_hour", [&](const json& x, const std::string& xp) {
              return number(x, xp, 0.0, 1e9, "calls per hour");
            });
            if (rates.empty()) ok = false;
            for (auto& r : rates) r /= 3600.0;
            ct.arrivals.per_second = std::move(rates);
          } else {
            ok = false;
          }
        } else {
          ok = false;
        }
      } else {
        ok = false;
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const json* h = required(v, ptr, "handle_time")) {
    if (auto d = distribution(*h, ptr + "/handle_time")) ct.handle_time = *d;
    else ok = false;
  } else {
    ok = false;
  }
  if (const json* p = find(v, "patience")) {
    if (auto d = distribution(*p, ptr + "/patience")) ct.patience = *d;
    else ok = false;
  }
  if (const json* w = find(v, "wrap_up")) {
    if (auto d = distribution(*w, ptr + "/wrap_up")) ct.wrap_up = *d;
    else ok = false;
  }
  if (ok) sc.call_types.push_back(std::move(ct));
}

void Validator::read_queue(const json& v, const std::string& ptr, model::Scenario& sc) {
  if (!object(v, ptr, {"name", "description", "site", "capacity", "announcement", "overflow"})) return;
  model::Queue q;
  bool ok = true;
  if (auto n = name(v, ptr)) q.name = *n;
  else ok = false;
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (const json* s = find(v, "site")) {
    if (auto id = resolve(*s, ptr + "/site", site_names_, "site")) q.site = *id;
    else ok = false;
  }
  if (const json* c = find(v, "capacity")) {
    if (auto x = integer(*c, ptr + "/capacity", 0, 100000000, "queue capacity"))
      q.capacity = static_cast<std::uint32_t>(*x);
    else ok = false;
  }
  if (const json* a = find(v, "announcement")) {
    if (auto d = duration_or_distribution(*a, ptr + "/announcement")) q.announcement = *d;
    else ok = false;
  }
  if (const json* rules = find(v, "overflow")) {
    if (!rules->is_array()) {
      error(ptr + "/overflow", "expected a list of overflow rules, got " + show(*rules));
      ok = false;
    } else {
      const auto self = static_cast<Id>(sc.queues.size() + skipped_queues_);
      for (std::size_t i = 0; i < rules->size(); ++i) {
        if (auto r = overflow_rule((*rules)[i], ptr + "/overflow/" + std::to_string(i), self)) {
          q.overflow.push_back(std::move(*r));
        } else {
          ok = false;
        }
      }
    }
  }
  if (ok) sc.queues.push_back(std::move(q));
  else ++skipped_queues_;
}

std::optional<engine::Distribution> Validator::duration_or_distribution(const json& v, const std::string& ptr) {
  if (v.is_object()) return distribution(v, ptr);
  if (auto d = duration(v, ptr)) return engine::Distribution::constant(*d);
  return std::nullopt;
}

void Validator::read_site(const json& v, const std::string& ptr, model::Scenario& sc) {
  if (!object(v, ptr, {"name", "description", "outages"})) return;
  model::Site site;
  if (auto n = name(v, ptr)) site.name = *n;
  if (const json* d = find(v, "description")) (void)string(*d, ptr + "/description");
  if (const json* outages = find(v, "outages")) {
    if (!outages->is_array()) {
      error(ptr + "/outages", "expected a list of outages, got " + show(*outages));
    } else {
      for (std::size_t i = 0; i < outages->size(); ++i) {
        const auto& o = (*outages)[i];
        const std::string op = ptr + "/outages/" + std::to_string(i);
        if (!object(o, op, {"from", "for", "waiting_calls", "description"})) continue;
        model::Outage outage;
        const json* from = required(o, op, "from");
        const json* length = required(o, op, "for");
        std::optional<double> f, l;
        if (from) f = duration(*from, op + "/from");
        if (length) l = positive_duration(*length, op + "/for");
        if (const json* w = find(o, "waiting_calls")) {
          const auto mode = string(*w, op + "/waiting_calls");
          if (mode == "reroute") outage.waiting_calls = model::Outage::WaitingCalls::Reroute;
          else if (mode == "drop") outage.waiting_calls = model::Outage::WaitingCalls::Drop;
          else if (mode) error(op + "/waiting_calls", show(*w) + " is not \"reroute\" or \"drop\"");
        }
        if (const json* d = find(o, "description")) (void)string(*d, op + "/description");
        if (!f || !l) continue;
        if (sc_horizon_ > 0.0 && *f >= sc_horizon_) {
          error(op + "/from",
                show(*from) + " is not before the end of the horizon (" + format_duration(sc_horizon_) + ")");
          continue;
        }
        for (const auto& earlier : site.outages) {
          if (*f < earlier.from_s + earlier.for_s && earlier.from_s < *f + *l) {
            error(op, "overlaps an earlier outage of this site (" + format_duration(earlier.from_s) + " for " +
                          format_duration(earlier.for_s) + ")");
            f.reset();
            break;
          }
        }
        if (!f) continue;
        outage.from_s = *f;
        outage.for_s = *l;
        site.outages.push_back(outage);
      }
      std::sort(site.outages.begin(), site.outages.end(),
                [](const model::Outage& a, const model::Outage& b) { return a.from_s < b.from_s; });
    }
  }
  sc.sites.push_back(std::move(site));
}

std::optional<model::Condition> Validator::condition(const json& v, const std::string& ptr, bool top, bool in_all,
                                                     std::size_t depth) {
  using Kind = model::Condition::Kind;
  if (depth >= kMaxConditionDepth) {
    error(ptr, "conditions nest more than 16 deep");
    return std::nullopt;
  }
  static const std::vector<std::string> kinds = {
      "queue_length",  "expected_wait", "longest_wait", "occupancy", "available_agents",
      "service_level", "site_down",     "waited",       "all",       "any"};
  if (!v.is_object() || v.size() != 1) {
    error(ptr, "expected one condition, an object with one key (" +
                   std::string("queue_length, expected_wait, longest_wait, occupancy, available_agents, "
                               "service_level, site_down, waited, all, any); combine several with "
                               "\"all\" or \"any\"; got ") +
                   show(v));
    return std::nullopt;
  }
  if (!object(v, ptr, kinds)) return std::nullopt;
  const std::string key = v.begin().key();
  const json& body = v.begin().value();
  const std::string p = ptr + "/" + escape_token(key);
  if (std::find(kinds.begin(), kinds.end(), key) == kinds.end()) return std::nullopt;
  model::Condition c;
  if (key == "all" || key == "any") {
    c.kind = key == "all" ? Kind::All : Kind::Any;
    if (!body.is_array() || body.empty()) {
      error(p, "expected a non-empty list of conditions, got " + show(body));
      return std::nullopt;
    }
    bool ok = true;
    std::string text = key + "(";
    for (std::size_t i = 0; i < body.size(); ++i) {
      auto child = condition(body[i], p + "/" + std::to_string(i), false, top && key == "all", depth + 1);
      if (!child) {
        ok = false;
        continue;
      }
      if (i > 0) text += ", ";
      text += child->text;
      c.children.push_back(std::move(*child));
    }
    if (!ok) return std::nullopt;
    c.text = text + ")";
    return c;
  }
  if (key == "waited") {
    c.kind = Kind::Waited;
    if (!top && !in_all) {
      error(p, "a \"waited\" timer can stand alone or in a top-level \"all\", not inside \"any\" or nested");
      return std::nullopt;
    }
    const auto d = positive_duration(body, p);
    if (!d) return std::nullopt;
    c.waited_s = *d;
    c.text = "waited " + format_duration(*d);
    return c;
  }
  if (key == "site_down") {
    c.kind = Kind::SiteDown;
    if (body.is_boolean()) {
      c.expect_down = body.get<bool>();
      c.text = c.expect_down ? "site_down" : "site up";
      return c;
    }
    if (body.is_string()) {
      const auto id = resolve(body, p, site_names_, "site");
      if (!id) return std::nullopt;
      c.site = *id;
      c.text = "site_down " + site_names_[*id];
      return c;
    }
    error(p, "expected true, false or a site name, got " + show(body));
    return std::nullopt;
  }
  // Metric comparisons.
  const bool is_duration = key == "expected_wait" || key == "longest_wait";
  const bool is_share = key == "occupancy" || key == "service_level";
  c.kind = key == "queue_length"       ? Kind::QueueLength
           : key == "expected_wait"    ? Kind::ExpectedWait
           : key == "longest_wait"     ? Kind::LongestWait
           : key == "occupancy"        ? Kind::Occupancy
           : key == "available_agents" ? Kind::AvailableAgents
                                       : Kind::ServiceLevel;
  std::vector<std::string> allowed = {"at_least", "at_most", "until_below", "until_above", "queue"};
  if (key == "service_level") {
    allowed.emplace_back("within");
    allowed.emplace_back("window");
  }
  if (!object(body, p, allowed)) return std::nullopt;
  bool ok = true;
  const auto level = [&](const char* name) -> std::optional<double> {
    const json* x = find(body, name);
    if (!x) return std::nullopt;
    std::optional<double> value;
    if (is_duration) value = duration(*x, p + "/" + name);
    else if (is_share) value = number(*x, p + "/" + name, 0.0, 1.0, "a share");
    else
      value =
          number(*x, p + "/" + name, 0.0, 1e9, key == "queue_length" ? "a number of callers" : "a number of agents");
    if (!value) ok = false;
    return value;
  };
  c.at_least = level("at_least");
  c.at_most = level("at_most");
  c.until_below = level("until_below");
  c.until_above = level("until_above");
  if (const json* q = find(body, "queue")) {
    if (auto id = resolve(*q, p + "/queue", queue_names_, "queue")) c.queue = *id;
    else ok = false;
  }
  if (key == "service_level") {
    if (const json* w = find(body, "within")) {
      if (auto d = duration(*w, p + "/within")) c.within_s = *d;
      else ok = false;
    }
    if (const json* w = find(body, "window")) {
      if (auto d = positive_duration(*w, p + "/window")) c.window_s = *d;
      else ok = false;
    }
  }
  if (!ok) return std::nullopt;
  if (!c.at_least && !c.at_most) {
    error(p, "a comparison needs \"at_least\" or \"at_most\"");
    return std::nullopt;
  }
  if (c.until_below && (!c.at_least || c.at_most)) {
    error(p + "/until_below", "\"until_below\" is the release level of \"at_least\" alone");
    return std::nullopt;
  }
  if (c.until_above && (!c.at_most || c.at_least)) {
    error(p + "/until_above", "\"until_above\" is the release level of \"at_most\" alone");
    return std::nullopt;
  }
  if (c.until_below && *c.until_below > *c.at_least) {
    error(p + "/until_below", show(body["until_below"]) + " is above at_least " + show(body["at_least"]) +
                                  ": the release level must not exceed the trigger");
    return std::nullopt;
  }
  if (c.until_above && *c.until_above < *c.at_most) {
    error(p + "/until_above", show(body["until_above"]) + " is below at_most " + show(body["at_most"]) +
                                  ": the release level must not be under the trigger");
    return std::nullopt;
  }
  const auto num = [&](double x) {
    if (is_duration) return format_duration(x);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return std::string(buf);
  };
  c.text = key;
  if (key == "service_level")
    c.text += " within " + format_duration(c.within_s) + " over " + format_duration(c.window_s);
  if (c.queue) c.text += " of " + queue_names_[*c.queue];
  if (c.at_least) c.text += " at_least " + num(*c.at_least);
  if (c.at_most) c.text += " at_most " + num(*c.at_most);
  if (c.until_below) c.text += " until_below " + num(*c.until_below);
  if (c.until_above) c.text += " until_above " + num(*c.until_above);
  return c;
}

std::optional<model::OverflowRule> Validator::overflow_rule(const json& v, const std::string& ptr, Id queue) {
  if (!object(v, ptr, {"when", "to", "delay", "announcement", "description"})) return std::nullopt;
  model::OverflowRule rule;
  bool ok = true;
  if (const json* w = required(v, ptr, "when")) {
    if (auto c = condition(*w, ptr + "/when", true, false)) rule.when = std::move(*c);
    else ok = false;
  } else {
    ok = false;
  }
  if (const json* t = required(v, ptr, "to")) {
    std::vector<std::string> targets = queue_names_;
    targets.insert(targets.end(), exit_names_.begin(), exit_names_.end());
    if (auto id = resolve(*t, ptr + "/to", targets, "queue or exit")) {
      if (*id < queue_names_.size()) {
        rule.to = {model::Target::Kind::Queue, *id};
        if (*id == queue) {
          error(ptr + "/to", "a rule cannot send callers back to its own queue " + quote(queue_names_[*id]));
          ok = false;
        }
      } else {
        rule.to = {model::Target::Kind::Exit, static_cast<Id>(*id - queue_names_.size())};
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const json* d = find(v, "delay")) {
    if (auto x = duration_or_distribution(*d, ptr + "/delay")) rule.delay = *x;
    else ok = false;
  }
  if (const json* a = find(v, "announcement")) {
    if (auto x = duration_or_distribution(*a, ptr + "/announcement")) rule.announcement = *x;
    else ok = false;
  }
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (!ok) return std::nullopt;
  if (rule.when.kind == model::Condition::Kind::Waited) rule.timer_s = rule.when.waited_s;
  if (rule.when.kind == model::Condition::Kind::All) {
    for (const auto& c : rule.when.children) {
      if (c.kind != model::Condition::Kind::Waited) continue;
      if (rule.timer_s) {
        error(ptr + "/when", "a rule can hold one \"waited\" timer");
        return std::nullopt;
      }
      rule.timer_s = c.waited_s;
    }
  }
  const std::string target =
      rule.to.kind == model::Target::Kind::Queue ? queue_names_[rule.to.id] : exit_names_[rule.to.id];
  rule.text = rule.when.text + " -> " + target;
  if (rule.delay) rule.text += " (delay " + rule.delay->describe() + ")";
  if (rule.announcement) rule.text += " (announcement " + rule.announcement->describe() + ")";
  return rule;
}

void Validator::read_group(const json& v, const std::string& ptr, model::Scenario& sc) {
  if (!object(v, ptr, {"name", "description", "site", "agents", "serves"})) return;
  model::AgentGroup g;
  bool ok = true;
  if (auto n = name(v, ptr)) g.name = *n;
  else ok = false;
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (const json* s = find(v, "site")) {
    if (auto id = resolve(*s, ptr + "/site", site_names_, "site")) g.site = *id;
    else ok = false;
  }
  if (const json* a = required(v, ptr, "agents")) {
    if (a->is_object()) {
      error(ptr + "/agents", "shifts are not supported by this version of ccsim; give a number or a per-interval list");
      ok = false;
    } else {
      auto agents = per_interval<std::uint32_t>(
          *a, ptr + "/agents", [&](const json& x, const std::string& xp) -> std::optional<std::uint32_t> {
            if (auto n = integer(x, xp, 0, 10000000, "agents")) return static_cast<std::uint32_t>(*n);
            return std::nullopt;
          });
      if (agents.empty()) ok = false;
      g.agents = std::move(agents);
    }
  } else {
    ok = false;
  }
  if (const json* s = required(v, ptr, "serves")) {
    const std::string p = ptr + "/serves";
    if (!s->is_array() || s->empty()) {
      error(p, "expected a non-empty list of queue names or {\"queue\", \"after\"} objects, got " + show(*s));
      ok = false;
    } else {
      for (std::size_t i = 0; i < s->size(); ++i) {
        const auto& item = (*s)[i];
        const std::string ip = p + "/" + std::to_string(i);
        model::Serves entry;
        if (item.is_string()) {
          if (auto q = resolve(item, ip, queue_names_, "queue")) entry.queue = *q;
          else {
            ok = false;
            continue;
          }
        } else if (!item.is_object()) {
          error(ip, "expected a queue name or a {\"queue\", \"after\"} object, got " + show(item));
          ok = false;
          continue;
        } else {
          (void)object(item, ip, {"queue", "after"});
          const json* q = required(item, ip, "queue");
          std::optional<Id> qid;
          if (q) qid = resolve(*q, ip + "/queue", queue_names_, "queue");
          std::optional<double> after = 0.0;
          if (const json* a = find(item, "after")) after = duration(*a, ip + "/after");
          if (!qid || !after) {
            ok = false;
            continue;
          }
          entry = {*qid, *after};
        }
        for (const auto& earlier : g.serves) {
          if (earlier.queue == entry.queue) {
            error(ip, "queue " + quote(queue_names_[entry.queue]) + " is listed twice in this serves list");
            ok = false;
          }
        }
        g.serves.push_back(entry);
      }
    }
  } else {
    ok = false;
  }
  if (ok) sc.agent_groups.push_back(std::move(g));
}

void Validator::read_expectation(const json& v, const std::string& ptr, model::Scenario& sc) {
  static const std::vector<std::string> metrics = {"service_level", "abandon_rate",  "block_rate",   "asa",
                                                   "mean_wait",     "answered_rate", "overflow_rate"};
  if (!object(v, ptr, {"metric", "call_type", "queue", "within", "at_least", "at_most", "confidence", "description"}))
    return;
  model::Expectation e;
  bool ok = true;
  std::string scope_text;
  if (const json* m = required(v, ptr, "metric")) {
    if (auto s = string(*m, ptr + "/metric")) {
      if (std::find(metrics.begin(), metrics.end(), *s) == metrics.end()) {
        std::string msg = "unknown metric " + quote(*s);
        const auto hint = did_you_mean(*s, metrics);
        if (!hint.empty()) msg += " (did you mean " + quote(hint) + "?)";
        error(ptr + "/metric", msg);
        ok = false;
      }
      e.metric = *s;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  const json* ct = find(v, "call_type");
  const json* q = find(v, "queue");
  if (ct && q) {
    error(ptr, "give either \"call_type\" or \"queue\", not both");
    ok = false;
  } else if (ct) {
    if (auto id = resolve(*ct, ptr + "/call_type", call_type_names_, "call type")) {
      e.scope = model::Expectation::Scope::CallType;
      e.scope_id = *id;
      scope_text = call_type_names_[*id] + " ";
    } else {
      ok = false;
    }
  } else if (q) {
    if (auto id = resolve(*q, ptr + "/queue", queue_names_, "queue")) {
      e.scope = model::Expectation::Scope::Queue;
      e.scope_id = *id;
      scope_text = "queue " + queue_names_[*id] + " ";
    } else {
      ok = false;
    }
  }
  if (const json* w = find(v, "within")) {
    if (e.metric != "service_level") {
      error(ptr + "/within", "\"within\" applies only to the service_level metric");
      ok = false;
    } else if (auto d = duration(*w, ptr + "/within")) {
      e.within_s = *d;
      if (std::find(sc.thresholds_s.begin(), sc.thresholds_s.end(), *d) == sc.thresholds_s.end()) {
        sc.thresholds_s.push_back(*d);  // an expectation's threshold is always measured
        std::sort(sc.thresholds_s.begin(), sc.thresholds_s.end());
      }
    } else {
      ok = false;
    }
  } else if (e.metric == "service_level") {
    if (sc.target) e.within_s = sc.target->within_s;
    else {
      error(ptr, "a service_level expectation needs \"within\" (or a service_level target in the scenario)");
      ok = false;
    }
  }
  const double hi = (e.metric == "asa" || e.metric == "mean_wait") ? 1e12 : 1.0;
  if (const json* a = find(v, "at_least")) {
    if (auto x = number(*a, ptr + "/at_least", 0.0, hi, "the bound")) e.at_least = *x;
    else ok = false;
  }
  if (const json* a = find(v, "at_most")) {
    if (auto x = number(*a, ptr + "/at_most", 0.0, hi, "the bound")) e.at_most = *x;
    else ok = false;
  }
  if (!e.at_least && !e.at_most) {
    error(ptr, "an expectation needs \"at_least\" or \"at_most\"");
    ok = false;
  }
  if (const json* c = find(v, "confidence")) {
    if (auto x = number(*c, ptr + "/confidence", 0.5, 0.999, "the confidence level")) e.confidence = *x;
    else ok = false;
  }
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (!ok) return;
  std::ostringstream text;
  text << scope_text << e.metric;
  if (e.within_s) text << " within " << format_duration(*e.within_s);
  if (e.at_least) text << " at_least " << *e.at_least;
  if (e.at_most) text << " at_most " << *e.at_most;
  if (e.confidence) text << " (confidence " << *e.confidence << ")";
  e.text = text.str();
  sc.expectations.push_back(std::move(e));
}

model::Scenario Validator::build(const json& root) {
  model::Scenario sc;
  sc.source = source_;
  if (!object(root, "",
              {"name", "description", "horizon", "warmup", "interval", "replications", "seed", "service_level", "sites",
               "call_types", "queues", "exits", "agent_groups", "expectations", "max_hops"})) {
    throw InputError(errors_);
  }
  if (const json* n = required(root, "", "name")) {
    if (auto s = string(*n, "/name")) sc.name = *s;
  }
  if (const json* d = find(root, "description")) {
    if (auto s = string(*d, "/description")) sc.description = *s;
  }
  if (const json* h = required(root, "", "horizon")) {
    if (auto d = positive_duration(*h, "/horizon")) sc.horizon_s = *d;
  }
  if (const json* w = find(root, "warmup")) {
    if (auto d = duration(*w, "/warmup")) {
      sc.warmup_s = *d;
      if (sc.horizon_s > 0.0 && *d >= sc.horizon_s) {
        error("/warmup", show(*w) + " must be shorter than the horizon (" + format_duration(sc.horizon_s) + ")");
      }
    }
  }
  sc.interval_s = sc.horizon_s;
  bool interval_ok = true;
  const json* interval = find(root, "interval");
  if (interval) {
    if (auto d = positive_duration(*interval, "/interval")) {
      sc.interval_s = *d;
      if (sc.horizon_s > 0.0) {
        const double n = sc.horizon_s / *d;
        if (std::abs(n - std::round(n)) > 1e-9 * n) {
          error("/interval", show(*interval) + " does not divide the horizon (" + format_duration(sc.horizon_s) +
                                 ") into whole intervals");
          interval_ok = false;
        } else if (n > 100000) {
          error("/interval", show(*interval) + " makes more than 100000 intervals");
          interval_ok = false;
        }
      }
    } else {
      interval_ok = false;
    }
  }
  if (sc.horizon_s > 0.0 && sc.interval_s > 0.0 && interval_ok) {
    intervals_ = sc.interval_count();
    intervals_why_ =
        interval ? "horizon " + format_duration(sc.horizon_s) + " / interval " + format_duration(sc.interval_s)
                 : "no \"interval\" is set, so the " + format_duration(sc.horizon_s) + " horizon is one interval";
  }
  if (const json* r = find(root, "replications")) {
    if (auto x = integer(*r, "/replications", 1, 1000000, "replications"))
      sc.replications = static_cast<std::uint32_t>(*x);
  } else {
    sc.replications = 10;
  }
  if (const json* s = find(root, "seed")) {
    if (auto x = integer(*s, "/seed", 0, std::numeric_limits<std::int64_t>::max(), "seed"))
      sc.seed = static_cast<std::uint64_t>(*x);
  }
  if (const json* m = find(root, "max_hops")) {
    if (auto x = integer(*m, "/max_hops", 1, 1000, "max_hops")) sc.max_hops = static_cast<std::uint32_t>(*x);
  }
  read_service_level(root, sc);

  site_names_ = names_of(root, "sites");
  queue_names_ = names_of(root, "queues");
  call_type_names_ = names_of(root, "call_types");
  group_names_ = names_of(root, "agent_groups");
  exit_names_ = names_of(root, "exits");

  const auto each = [&](const char* list, auto&& read) {
    const json* arr = find(root, list);
    if (!arr || !arr->is_array()) return;
    for (std::size_t i = 0; i < arr->size(); ++i) read((*arr)[i], std::string("/") + list + "/" + std::to_string(i));
  };
  sc_horizon_ = sc.horizon_s;
  for (std::size_t i = 0; i < exit_names_.size(); ++i) {
    if (!exit_names_[i].empty() &&
        std::find(queue_names_.begin(), queue_names_.end(), exit_names_[i]) != queue_names_.end()) {
      error("/exits/" + std::to_string(i) + "/name",
            quote(exit_names_[i]) + " is already the name of a queue; rules name queues and exits alike");
    }
  }
  each("sites", [&](const json& v, const std::string& ptr) { read_site(v, ptr, sc); });
  each("exits", [&](const json& v, const std::string& ptr) {
    if (!object(v, ptr, {"name", "description"})) return;
    model::Exit e;
    if (auto n = name(v, ptr)) e.name = *n;
    if (const json* d = find(v, "description")) {
      if (auto text = string(*d, ptr + "/description")) e.description = *text;
    }
    sc.exits.push_back(std::move(e));
  });
  each("queues", [&](const json& v, const std::string& ptr) { read_queue(v, ptr, sc); });
  each("call_types", [&](const json& v, const std::string& ptr) { read_call_type(v, ptr, sc); });
  each("agent_groups", [&](const json& v, const std::string& ptr) { read_group(v, ptr, sc); });
  each("expectations", [&](const json& v, const std::string& ptr) { read_expectation(v, ptr, sc); });
  // Bounds on what a replication keeps per interval and per threshold (memory, not taste).
  if (intervals_why_ && intervals_ * call_type_names_.size() > kMaxIntervalTallies) {
    error(interval ? "/interval" : "/horizon", std::to_string(intervals_) + " intervals x " +
                                                   std::to_string(call_type_names_.size()) +
                                                   " call types make more than " + std::to_string(kMaxIntervalTallies) +
                                                   " per-interval tallies; use a longer interval");
  }
  if (sc.thresholds_s.size() > kMaxThresholds) {
    error("/service_level/thresholds", std::to_string(sc.thresholds_s.size()) +
                                           " distinct service-level thresholds (with the target's and the "
                                           "expectations'), more than " +
                                           std::to_string(kMaxThresholds));
  }

  if (!find(root, "queues") || queue_names_.empty()) error("/queues", "a scenario needs at least one queue");
  if (!find(root, "call_types") || call_type_names_.empty())
    error("/call_types", "a scenario needs at least one call type");
  if (!find(root, "agent_groups")) error("/agent_groups", "a scenario needs a list of agent groups");
  for (const char* list : {"sites", "queues", "exits", "call_types", "agent_groups", "expectations"}) {
    if (const json* arr = find(root, list); arr && !arr->is_array() && std::string(list) == "expectations") {
      error("/expectations", "expected a list, got " + show(*arr));
    }
  }
  if (!errors_.empty()) throw InputError(errors_);
  return sc;
}

// Line and column of a byte offset, for messages about malformed JSON.
std::string line_column(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

// nlohmann's message without its "[json.exception.parse_error.107] parse error at byte 1: " prefix.
std::string json_error_text(const json::exception& e) {
  std::string what = e.what();
  if (const auto bracket = what.find("] "); bracket != std::string::npos) what.erase(0, bracket + 2);
  if (what.rfind("parse error", 0) == 0) {
    if (const auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
  }
  return what;
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    if (c.empty()) continue;
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError("--set " + text + ": expected PTR=VALUE, e.g. --set /queues/0/capacity=30");
  }
  return {text.substr(0, eq), text.substr(eq + 1)};
}

model::Scenario load_scenario_text(const std::string& text, const std::string& source,
                                   const std::vector<Override>& overrides) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    const auto pos = what.find("syntax error");
    throw InputError(source + ":" + line_column(text, e.byte == 0 ? 0 : e.byte - 1) +
                     ": malformed JSON: " + (pos == std::string::npos ? what : what.substr(pos)));
  } catch (const json::exception& e) {  // e.g. out_of_range: "number overflow parsing '1e999'"
    throw InputError(source + ": malformed JSON: " + json_error_text(e));
  }
  std::vector<std::string> errors;
  for (const auto& o : overrides) {
    json value;
    try {
      value = json::parse(o.value);
    } catch (const json::exception&) {
      value = o.value;  // not JSON (or a number out of range): take it as a string ("4h")
    }
    const std::string where = source + ": --set " + o.pointer;
    try {
      const json::json_pointer ptr(o.pointer);
      if (ptr.empty()) {
        errors.push_back(where + ": cannot replace the whole scenario");
        continue;
      }
      if (!root.contains(ptr.parent_pointer())) {
        errors.push_back(where + ": no such place in the scenario (" + ptr.parent_pointer().to_string() +
                         " does not exist)");
        continue;
      }
      auto& parent = root[ptr.parent_pointer()];
      if (parent.is_array()) {
        const std::string& last = ptr.back();
        std::size_t index = 0;
        const auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), index);
        if (last.empty() || ec != std::errc{} || end != last.data() + last.size() || index >= parent.size()) {
          errors.push_back(
              where + ": no such list entry (" + ptr.parent_pointer().to_string() +
              (parent.empty() ? " is empty)" : " has entries 0 to " + std::to_string(parent.size() - 1) + ")"));
          continue;
        }
      } else if (!parent.is_object()) {
        errors.push_back(where + ": " + ptr.parent_pointer().to_string() + " is not an object or list");
        continue;
      }
      root[ptr] = value;
    } catch (const json::parse_error& e) {
      errors.push_back(where + ": not a valid JSON pointer (" + json_error_text(e) +
                       "); write it like /queues/0/capacity");
    } catch (const json::exception& e) {
      errors.push_back(where + ": no such place in the scenario (" + json_error_text(e) + ")");
    }
  }
  if (!errors.empty()) throw InputError(errors);
  return Validator(source).build(root);
}

model::Scenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the scenario file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return load_scenario_text(buffer.str(), path, overrides);
}

}  // namespace ccsim::scenario
