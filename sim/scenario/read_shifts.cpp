// Agent shifts: `"agents": {"shifts": [{"from", "to", "agents", "breaks": [{"from", "for"}]}]}`.
// Times are scenario times, any instant, possibly past the horizon; a break outside its shift
// is valid (`validate` warns: it takes no agent off duty).
#include "sim/scenario/scenario_reader.hpp"

#include "sim/scenario/duration.hpp"

namespace ccsim::scenario {

bool ScenarioReader::read_shifts(const json& v, const std::string& ptr, model::AgentGroup& g) {
  if (!object(v, ptr, {"shifts"})) return false;
  const json* shifts = required(v, ptr, "shifts");
  if (!shifts) return false;
  if (!shifts->is_array() || shifts->empty()) {
    error(ptr + "/shifts",
          "expected a non-empty list of {\"from\", \"to\", \"agents\", \"breaks\"}, got " + show(*shifts));
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < shifts->size(); ++i) {
    if (auto s = read_shift((*shifts)[i], ptr + "/shifts/" + std::to_string(i))) g.shifts.push_back(std::move(*s));
    else ok = false;
  }
  return ok;
}

std::optional<model::Shift> ScenarioReader::read_shift(const json& v, const std::string& ptr) {
  if (!object(v, ptr, {"from", "to", "agents", "breaks"})) return std::nullopt;
  const json* from = required(v, ptr, "from");
  const json* to = required(v, ptr, "to");
  const json* agents = required(v, ptr, "agents");
  std::optional<double> f, t;
  std::optional<std::int64_t> n;
  if (from) f = time_point(*from, ptr + "/from");
  if (to) t = time_point(*to, ptr + "/to");
  if (agents) n = integer(*agents, ptr + "/agents", 0, 10000000, "agents");
  bool ok = f && t && n;
  if (f && t && *t <= *f) {
    error(ptr + "/to", show(*to) + " must be after the shift's start (" + format_duration(*f) + ")");
    ok = false;
  }
  model::Shift shift;
  if (const json* breaks = find(v, "breaks")) {
    if (!breaks->is_array()) {
      error(ptr + "/breaks", "expected a list of {\"from\", \"for\"}, got " + show(*breaks));
      ok = false;
    } else {
      for (std::size_t i = 0; i < breaks->size(); ++i) {
        const json& b = (*breaks)[i];
        const std::string bp = ptr + "/breaks/" + std::to_string(i);
        if (!object(b, bp, {"from", "for"})) {
          ok = false;
          continue;
        }
        const json* bf = required(b, bp, "from");
        const json* bl = required(b, bp, "for");
        std::optional<double> start, length;
        if (bf) start = time_point(*bf, bp + "/from");
        if (bl) length = positive_duration(*bl, bp + "/for");
        if (start && length) shift.breaks.push_back({*start, *length});
        else ok = false;
      }
    }
  }
  if (!ok) return std::nullopt;
  shift.from_s = *f;
  shift.to_s = *t;
  shift.agents = static_cast<std::uint32_t>(*n);
  return shift;
}

}  // namespace ccsim::scenario
