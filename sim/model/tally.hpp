// Raw counts and sums of one replication: what the model measures, before any estimation.
// Header-only so analysis can read it without linking the simulator.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace ccsim::model {

// Bounded histogram of waits for percentiles: memory does not grow with the number of calls.
// Waits of exactly 0 are counted apart (most answered calls in a healthy center). Below 1 s
// bins are 1/64 s wide; from 1 s on, each octave [2^j, 2^(j+1)) has 64 bins, so a bin's
// width is at most 1/64 of its value (1.6% relative resolution) up to 2^kOctaves seconds;
// longer waits land in the last bin.
class WaitHistogram {
public:
  static constexpr int kSub = 64;
  static constexpr int kOctaves = 24;  // up to 2^24 s, 194 days
  static constexpr int kBins = kSub + kOctaves * kSub;

  void add(double wait_s) { add_bin(bin_of(wait_s)); }

  // A wait's bin (see index), or -1 for no wait: a wait recorded in several histograms is
  // classified once.
  static int bin_of(double wait_s) {
    const int bin = index(wait_s);
    return wait_s <= 0.0 ? -1 : bin;
  }
  // Branch-free: whether a caller waited is a coin toss to a branch predictor.
  void add_bin(int bin) {
    ++count_;
    zero_ += static_cast<std::uint64_t>(bin < 0);
    bins_[static_cast<std::size_t>(std::max(bin, 0))] += static_cast<std::uint32_t>(bin >= 0);
  }

  void merge(const WaitHistogram& other) {
    count_ += other.count_;
    zero_ += other.zero_;
    for (std::size_t i = 0; i < bins_.size(); ++i) bins_[i] += other.bins_[i];
  }

  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] std::uint64_t zeros() const { return zero_; }
  [[nodiscard]] std::uint32_t in_bin(int i) const { return bins_[static_cast<std::size_t>(i)]; }

  // The p-quantile (0 < p <= 1) by linear interpolation inside the bin that holds it.
  [[nodiscard]] double quantile(double p) const {
    double q = 0.0;
    quantiles(&p, &q, 1);
    return q;
  }

  // quantile(ps[k]) into out[k] for n probabilities in ascending order, in one pass over the
  // bins (the same sums in the same order, so the same values as one call per quantile).
  void quantiles(const double* ps, double* out, std::size_t n) const {
    std::size_t k = 0;
    const double zero = static_cast<double>(zero_);
    for (; k < n && (count_ == 0 || ps[k] * static_cast<double>(count_) <= zero); ++k) out[k] = 0.0;
    double seen = zero;
    for (int i = 0; i < kBins && k < n; ++i) {
      const auto c = static_cast<double>(bins_[static_cast<std::size_t>(i)]);
      if (c == 0.0) continue;
      for (; k < n && seen + c >= ps[k] * static_cast<double>(count_); ++k) {
        const double lo = lower(i);
        out[k] = lo + (upper(i) - lo) * (ps[k] * static_cast<double>(count_) - seen) / c;
      }
      seen += c;
    }
    for (; k < n; ++k) out[k] = upper(kBins - 1);
  }

  // The bin of a wait >= 0. Both forms are computed and one is selected, without branches.
  static int index(double wait_s) {
    const int below_one = static_cast<int>(std::min(wait_s, 1.0) * kSub);
    // Exponent and top 6 mantissa bits of the IEEE double give octave and sub-bin at once.
    const auto bits = std::bit_cast<std::uint64_t>(wait_s);
    const int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    const int sub = static_cast<int>((bits >> 46) & 63);
    const int octave = exponent >= kOctaves ? kBins - 1 : kSub + exponent * kSub + sub;
    return wait_s < 1.0 ? below_one : octave;
  }
  static double lower(int i) {
    if (i < kSub) return static_cast<double>(i) / kSub;
    // (1 + sub/64) * 2^octave, built from its bits (exact, as index reads them).
    const auto octave = static_cast<std::uint64_t>((i - kSub) / kSub);
    const auto sub = static_cast<std::uint64_t>((i - kSub) % kSub);
    return std::bit_cast<double>(((1023 + octave) << 52) | (sub << 46));
  }
  static double upper(int i) { return i + 1 < kBins ? lower(i + 1) : std::ldexp(1.0, kOctaves); }

private:
  std::uint64_t count_ = 0;
  std::uint64_t zero_ = 0;
  std::array<std::uint32_t, kBins> bins_{};
};

// The class of an answered caller's wait among the service-level thresholds (the index into
// CallTally::answered_by_wait), with its WaitHistogram bin. A wait within a nanosecond of a
// threshold counts as within it: timers fire at entry + D, and (arrival + D) - arrival may
// round a few ulps above D. The class is looked up from the bin; only in a bin that holds a
// threshold is the wait itself compared, so classifying costs one load, not a compare per
// threshold.
class WaitClasses {
public:
  // A wait classified once for every scope that records it.
  struct Wait {
    double wait_s = 0.0;
    int bin = -1;                // WaitHistogram bin; -1 when the caller did not wait
    std::size_t wait_class = 0;  // 0 not waited; 1 + k within threshold k, not k - 1; 1 + n beyond all
  };
  // What of() gives for a wait of 0: a caller answered on arrival.
  static constexpr Wait kNoWait{0.0, -1, 0};

  // `thresholds_s` ascending (as the loader guarantees).
  explicit WaitClasses(const std::vector<double>& thresholds_s) {
    for (const double t : thresholds_s) limits_.push_back(t + 1e-9);
    by_bin_.reserve(WaitHistogram::kBins);
    std::size_t below = 0;  // limits below the bin
    for (int bin = 0; bin < WaitHistogram::kBins; ++bin) {
      const double lo = WaitHistogram::lower(bin);
      const double hi =
          bin + 1 < WaitHistogram::kBins ? WaitHistogram::upper(bin) : std::numeric_limits<double>::infinity();
      while (below < limits_.size() && limits_[below] < lo) ++below;
      const bool holds_limit = below < limits_.size() && limits_[below] < hi;
      by_bin_.push_back(holds_limit ? kCompare : static_cast<std::uint32_t>(1 + below));
    }
  }

  [[nodiscard]] Wait of(double wait_s) const {
    const int bin = WaitHistogram::bin_of(wait_s);
    if (bin < 0) return {wait_s, bin, 0};
    const std::uint32_t c = by_bin_[static_cast<std::size_t>(bin)];
    if (c != kCompare) [[likely]]
      return {wait_s, bin, c};
    std::size_t exceeded = 0;
    for (const double limit : limits_) exceeded += static_cast<std::size_t>(wait_s > limit);
    return {wait_s, bin, 1 + exceeded};
  }

private:
  static constexpr std::uint32_t kCompare = ~std::uint32_t{0};
  std::vector<double> limits_;         // each threshold plus a nanosecond, ascending
  std::vector<std::uint32_t> by_bin_;  // class of every wait in the bin, or kCompare
};

// Outcomes of the calls of one scope (total, call type, queue, interval). Every counted call
// offered to the scope ends in exactly one outcome:
//   offered = answered + abandoned + blocked + overflowed_out + dropped + callback
//             (+ overflowed, per queue).
struct CallTally {
  std::uint64_t offered = 0;
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;
  std::uint64_t blocked = 0;
  std::uint64_t overflowed_out = 0;  // sent to an exit (secondary number)
  std::uint64_t dropped = 0;         // lost to a site outage
  // Virtual hold: callers offered a callback, those who took it (an outcome: they hung up),
  // and the seconds from their request to an agent taking it, summed.
  std::uint64_t callbacks_offered = 0;
  std::uint64_t callback = 0;
  double sum_callback_wait = 0.0;
  std::uint64_t redials = 0;  // of the offered, attempts after the caller's first (redial)
  // Answered calls by the class of their wait w among the n thresholds: [0] w = 0 (not
  // waited); [1 + k] 0 < w <= threshold k and w > threshold k - 1; [1 + n] beyond them all.
  // One increment per call however many thresholds there are; answered_within adds up.
  std::vector<std::uint64_t> answered_by_wait;
  double sum_wait_answered = 0.0;
  double sum_wait_abandoned = 0.0;
  WaitHistogram waits;  // answered and abandoned

  explicit CallTally(std::size_t thresholds = 0) : answered_by_wait(thresholds + 2, 0) {}

  [[nodiscard]] std::size_t thresholds() const { return answered_by_wait.size() - 2; }
  [[nodiscard]] std::uint64_t answered_no_wait() const { return answered_by_wait[0]; }
  // Answered within threshold k (waits of 0 included).
  [[nodiscard]] std::uint64_t answered_within(std::size_t k) const {
    std::uint64_t n = 0;
    for (std::size_t c = 0; c <= k + 1; ++c) n += answered_by_wait[c];
    return n;
  }

  void merge(const CallTally& o) {
    offered += o.offered;
    answered += o.answered;
    abandoned += o.abandoned;
    blocked += o.blocked;
    overflowed_out += o.overflowed_out;
    dropped += o.dropped;
    callbacks_offered += o.callbacks_offered;
    callback += o.callback;
    sum_callback_wait += o.sum_callback_wait;
    redials += o.redials;
    for (std::size_t c = 0; c < answered_by_wait.size(); ++c) answered_by_wait[c] += o.answered_by_wait[c];
    sum_wait_answered += o.sum_wait_answered;
    sum_wait_abandoned += o.sum_wait_abandoned;
    waits.merge(o.waits);
  }
};

// What one overflow rule did: calls it sent on, and for rules with hysteresis how often
// the rule switched on and off (from the warm-up on).
struct RuleTally {
  std::uint64_t fired = 0;
  std::uint64_t switched_on = 0;
  std::uint64_t switched_off = 0;
};

// One queue in one reporting interval (kept only with several intervals): its line over the
// interval's part inside the window, and the callers who entered it or were sent on from it
// (by a rule or an outage reroute, to a queue or an exit) while the interval lasted.
struct QueueIntervalTally {
  double length_area = 0.0;      // integral of callers in the queue over the interval's part in the window
  std::uint32_t max_length = 0;  // most callers at once there (joins in the window, and the length at its start)
  std::uint64_t entered = 0;
  std::uint64_t overflowed = 0;
};

struct QueueTally {
  CallTally calls;                  // counted from entry into this queue; calls.overflowed_out = to exits
  std::uint64_t entered = 0;        // joined the line or were answered here (not blocked, not sent on)
  std::uint64_t overflowed = 0;     // moved on to another queue (by a rule, or rerouted in an outage)
  std::uint64_t rerouted = 0;       // of those sent on (to a queue or exit), how many by an outage
  std::uint64_t announcements = 0;  // announcements heard on entry (the queue's or a rule's)
  std::vector<RuleTally> rules;     // per overflow rule, in order
  double queue_length_area = 0.0;   // integral of callers in the queue over [warmup, horizon)
  std::uint32_t max_queue_length = 0;
  std::vector<QueueIntervalTally> intervals;  // per reporting interval when there are several, else empty

  explicit QueueTally(std::size_t thresholds = 0, std::size_t n_rules = 0) : calls(thresholds), rules(n_rules) {}
};

// What a site outage cost: calls that arrived while it lasted (anywhere in the center), and
// the callers waiting at the site when it went down, rerouted or dropped.
struct OutageTally {
  CallTally calls;
  std::uint64_t rerouted = 0;
  std::uint64_t dropped = 0;

  explicit OutageTally(std::size_t thresholds = 0) : calls(thresholds) {}
};

struct GroupTally {
  double busy_time = 0.0;       // agent-seconds in service or wrap-up over [warmup, horizon)
  double logged_in_time = 0.0;  // agent-seconds logged in over [warmup, horizon)
  std::uint64_t answered = 0;   // counted calls answered by this group
  // Agent-seconds logged in per reporting interval (whole intervals, warm-up included); kept
  // only with several intervals or when some group has shifts or absence
  // (model::reports_on_duty), else empty.
  std::vector<double> on_duty_time;
  // Per reporting interval when there are several (else empty), over the interval's part in
  // the window: agent-seconds busy (service and wrap-up) and logged in (leavers finishing included).
  std::vector<double> busy_by_interval;
  std::vector<double> logged_in_by_interval;
};

// Everything one replication measured.
struct ReplicationTally {
  std::vector<CallTally> call_types;
  std::vector<CallTally> intervals;  // [interval * call_types + call type], by arrival interval
  std::vector<QueueTally> queues;
  std::vector<GroupTally> groups;
  std::vector<OutageTally> outages;   // sites in order, each site's outages in time order
  std::uint64_t events = 0;           // events processed (engine work)
  std::uint64_t calls_simulated = 0;  // all arrivals, counted or not
  double end_time_s = 0.0;            // when the last counted call had its outcome
};

}  // namespace ccsim::model
