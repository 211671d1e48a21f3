// The queue discipline seen in the records, and redials from caller ids.
#include "fit/estimates.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace ccsim::fit {

namespace {

using O = CallRecord::Outcome;

struct Pair {
  double gap = 0.0;
  bool overtook = false;
};

// Decided pairs (E earlier, F later, F arrived while E waited), per type of F, cross-type
// and same-type.
struct Pairs {
  std::map<std::string, std::vector<Pair>> cross;
  std::size_t same = 0;
  std::size_t same_overtakes = 0;
};

Pairs collect(const Sample& sample) {
  Pairs out;
  const auto& calls = sample.calls;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const CallRecord& e = *calls[i];
    if (!e.queued || e.outcome == O::Other) continue;
    const double e_leave = e.arrival_s + e.wait_s;
    for (std::size_t j = i + 1; j < calls.size() && calls[j]->day == e.day && calls[j]->arrival_s < e_leave; ++j) {
      const CallRecord& f = *calls[j];
      if (!f.queued || f.outcome == O::Other || f.arrival_s <= e.arrival_s) continue;
      const double f_leave = f.arrival_s + f.wait_s;
      bool overtook = false;
      if (f.outcome == O::Answered && f_leave < e_leave) overtook = true;
      else if (!(e.outcome == O::Answered && e_leave <= f_leave)) continue;  // decides nothing
      if (f.call_type == e.call_type) {
        ++out.same;
        out.same_overtakes += overtook ? 1 : 0;
      } else {
        out.cross[f.call_type].push_back({f.arrival_s - e.arrival_s, overtook});
      }
    }
  }
  return out;
}

}  // namespace

Discipline estimate_discipline(const Sample& sample) {
  Discipline d;
  Pairs pairs = collect(sample);
  d.same_type_overtake_share =
      pairs.same > 0 ? static_cast<double>(pairs.same_overtakes) / static_cast<double>(pairs.same) : 0.0;
  double best_share = -1.0;
  for (const auto& [type, list] : pairs.cross) {
    std::size_t o = 0;
    for (const Pair& p : list) o += p.overtook ? 1 : 0;
    const double share = static_cast<double>(o) / static_cast<double>(list.size());
    if (share > best_share) best_share = share, d.favoured = type;
  }
  if (d.favoured.empty()) return d;
  auto& list = pairs.cross[d.favoured];
  std::sort(list.begin(), list.end(), [](const Pair& a, const Pair& b) { return a.gap < b.gap; });
  d.pairs = list.size();
  for (const Pair& p : list) d.overtakes += p.overtook ? 1 : 0;
  // Head start h explains a pair when (gap < h) == overtook; sweep h over the gaps.
  std::size_t right = d.pairs - d.overtakes;  // h = 0: no overtake explained, every keep is
  std::size_t best = right;
  double best_h = 0.0;
  for (std::size_t k = 0; k < list.size(); ++k) {
    right += list[k].overtook ? 1 : 0;
    right -= list[k].overtook ? 0 : 1;
    if (right > best && (k + 1 == list.size() || list[k + 1].gap > list[k].gap)) {
      best = right;
      best_h = k + 1 == list.size() ? list[k].gap + 1.0 : (list[k].gap + list[k + 1].gap) / 2;
    }
  }
  d.accuracy = static_cast<double>(best) / static_cast<double>(d.pairs);
  d.head_start_s = std::round(best_h);
  if (best_h > list.back().gap) d.kind = "priority";
  else if (d.head_start_s >= 1.0) d.kind = "head_start";
  else d.kind = "fcfs";
  for (double from = 0.0; from < list.back().gap + 1.0; from += 30.0) {
    Discipline::Bin bin{from, from + 30.0, 0, 0};
    for (const Pair& p : list) {
      if (p.gap >= from && p.gap < from + 30.0) ++bin.pairs, bin.overtakes += p.overtook ? 1 : 0;
    }
    d.by_gap.push_back(bin);
  }
  return d;
}

Redials estimate_redials(const Sample& sample) {
  Redials r;
  std::map<std::pair<std::string, std::string>, std::vector<const CallRecord*>> by_caller;  // (day, id)
  std::size_t identified = 0;
  for (const CallRecord* c : sample.calls) {
    if (c->caller_id.empty()) continue;
    ++identified;
    by_caller[{c->day, c->caller_id}].push_back(c);
  }
  r.caller_ids = identified > 0;
  r.identified_share =
      sample.calls.empty() ? 0.0 : static_cast<double>(identified) / static_cast<double>(sample.calls.size());
  double delay = 0.0;
  for (const auto& [key, calls] : by_caller) {
    for (std::size_t k = 0; k < calls.size(); ++k) {
      if (calls[k]->outcome != O::Abandoned) continue;
      ++r.abandoned_identified;
      if (k + 1 < calls.size()) {
        ++r.redialed;
        delay += calls[k + 1]->arrival_s - (calls[k]->arrival_s + calls[k]->wait_s);
      }
    }
  }
  if (r.abandoned_identified > 0)
    r.probability = static_cast<double>(r.redialed) / static_cast<double>(r.abandoned_identified);
  if (r.redialed > 0) r.mean_delay_s = delay / static_cast<double>(r.redialed);
  return r;
}

}  // namespace ccsim::fit
