#include "sim/scenario/json_reader.hpp"

#include "sim/scenario/duration.hpp"
#include "sim/scenario/loader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ccsim::scenario {

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

std::string show(const json& v) {
  constexpr std::size_t kShown = 60;
  std::string s;
  render(v, s, kShown);
  if (s.size() > kShown) s = s.substr(0, kShown - 3) + "...";
  return s;
}

std::string quote(const std::string& s) { return "\"" + s + "\""; }

std::string escape_token(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string json_error_text(const json::exception& e) {
  std::string what = e.what();
  if (const auto bracket = what.find("] "); bracket != std::string::npos) what.erase(0, bracket + 2);
  if (what.rfind("parse error", 0) == 0) {
    if (const auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
  }
  return what;
}

void JsonReader::error(const std::string& ptr, const std::string& what) {
  errors_.push_back(source_ + ": " + (ptr.empty() ? "/" : ptr) + ": " + what);
}

bool JsonReader::object(const json& obj, const std::string& ptr, const std::vector<std::string>& allowed) {
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

const json* JsonReader::required(const json& obj, const std::string& ptr, const std::string& key) {
  const json* v = find(obj, key);
  if (!v) error(ptr, "missing " + quote(key));
  return v;
}

std::optional<double> JsonReader::duration(const json& v, const std::string& ptr) {
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

std::optional<double> JsonReader::positive_duration(const json& v, const std::string& ptr) {
  const auto d = duration(v, ptr);
  if (d && *d <= 0.0) {
    error(ptr, show(v) + " must be a positive duration");
    return std::nullopt;
  }
  return d;
}

std::optional<double> JsonReader::number(const json& v, const std::string& ptr, double min, double max,
                                         const char* what) {
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

std::optional<std::int64_t> JsonReader::integer(const json& v, const std::string& ptr, std::int64_t min,
                                                std::int64_t max, const char* what) {
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

std::optional<std::string> JsonReader::string(const json& v, const std::string& ptr) {
  if (v.is_string()) return v.get<std::string>();
  error(ptr, "expected a string, got " + show(v));
  return std::nullopt;
}

std::optional<std::string> JsonReader::name(const json& obj, const std::string& ptr) {
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
  if (s && !checked_name(*s, ptr + "/name")) return std::nullopt;
  return s;
}

bool JsonReader::checked_name(const std::string& s, const std::string& ptr) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    characters += (c & 0xC0) != 0x80;
    // C0 controls, DEL, and C1 controls (U+0080-U+009F, UTF-8 C2 80-C2 9F) would reach a terminal raw.
    const bool c1 = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0;
    if (c < 0x20 || c == 0x7F || c1) {
      error(ptr, "a name must not hold control characters (tab, newline, escape, ...): " + show(json(s)));
      return false;
    }
  }
  if (characters > kMaxNameCharacters) {
    error(ptr,
          "a name is at most " + std::to_string(kMaxNameCharacters) + " characters, got " + std::to_string(characters));
    return false;
  }
  return true;
}

std::optional<model::Id> JsonReader::resolve(const json& v, const std::string& ptr, const NameIndex& names,
                                             const char* what) {
  const auto s = string(v, ptr);
  if (!s) return std::nullopt;
  if (const auto id = names.find(*s)) return id;
  std::string msg = std::string("no ") + what + " named " + quote(*s);
  const auto hint = did_you_mean(*s, names.names());
  if (!hint.empty()) msg += " (did you mean " + quote(hint) + "?)";
  error(ptr, msg);
  return std::nullopt;
}

}  // namespace ccsim::scenario
