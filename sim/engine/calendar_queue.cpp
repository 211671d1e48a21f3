#include "sim/engine/calendar_queue.hpp"

#include "sim/error.hpp"

#include <algorithm>
#include <cmath>

namespace ccsim::engine {

namespace {

constexpr std::size_t kMinBuckets = 16;
// Days past this are clamped (they all share a bucket list, still sorted): keeps the
// double-to-integer conversion defined for any finite time.
constexpr double kMaxDay = 0x1.0p62;

}  // namespace

CalendarQueue::CalendarQueue() : buckets_(kMinBuckets), mask_(kMinBuckets - 1) {}

std::uint64_t CalendarQueue::day(EventKey key) const {
  const double t = std::bit_cast<double>(static_cast<std::uint64_t>(key >> 64));
  // Monotone in t (rounding is monotone), so a later event never lands on an earlier day.
  return static_cast<std::uint64_t>(std::min(t * inv_width_, kMaxDay));
}

void CalendarQueue::insert(const CalendarNode& node) {
  const std::uint64_t d = day(node.key);
  Bucket& b = buckets_[d & mask_];
  // Sorted latest first: walk from the back (the earliest) past earlier events.
  std::size_t i = b.size();
  while (i > 0 && b[i - 1].key < node.key) --i;
  b.insert(b.begin() + static_cast<std::ptrdiff_t>(i), node);
  if (d < current_day_) current_day_ = d;  // an event before the current day (allowed, rare)
  ++size_;
}

std::uint64_t CalendarQueue::schedule(double time, std::uint32_t kind, std::uint32_t target, std::uint32_t stamp,
                                      std::uint32_t extra) {
  CCSIM_ASSERT(time >= 0.0);
  const CalendarNode node = CalendarNode::make(time + 0.0, next_seq_++, kind, target, stamp, extra);
  if (size_ + 1 > 2 * buckets_.size()) resize(2 * buckets_.size());
  insert(node);
  return node.seq();
}

std::uint64_t CalendarQueue::arm_slot(std::uint32_t slot, double time, std::uint32_t kind, std::uint32_t target) {
  CCSIM_ASSERT(time >= 0.0);
  const CalendarNode node = CalendarNode::make(time + 0.0, next_seq_++, kind, target, 0, 0);
  slots_.arm(slot, node);
  return node.seq();
}

CalendarQueue::Bucket& CalendarQueue::earliest_bucket() {
  // Scan one year of days from the current one for an event of that day.
  for (std::size_t step = 0; step <= mask_; ++step, ++current_day_) {
    Bucket& b = buckets_[current_day_ & mask_];
    if (!b.empty() && day(b.back().key) == current_day_) return b;
  }
  // A sparse stretch: find the earliest event directly and jump to its day.
  Bucket* best = nullptr;
  for (Bucket& b : buckets_) {
    if (!b.empty() && (best == nullptr || b.back().key < best->back().key)) best = &b;
  }
  CCSIM_ASSERT(best != nullptr);
  current_day_ = day(best->back().key);
  return *best;
}

Event CalendarQueue::pop() {
  if (slots_.armed() && (size_ == 0 || slots_.earliest_key() < earliest_bucket().back().key)) {
    return slots_.take_earliest();
  }
  Bucket& b = earliest_bucket();  // found again at once: current_day_ already points at it
  const Event result = b.back().event();
  b.pop_back();
  --size_;
  if (buckets_.size() > kMinBuckets && 2 * size_ < buckets_.size()) resize(buckets_.size() / 2);
  return result;
}

void CalendarQueue::resize(std::size_t nbuckets) {
  scratch_.clear();
  for (Bucket& b : buckets_) {
    scratch_.insert(scratch_.end(), b.begin(), b.end());
    b.clear();
  }
  // Brown's width: three times the mean spacing of the earliest events, ignoring gaps more
  // than twice the first mean (a few far-off events must not stretch every day).
  const std::size_t k = std::min<std::size_t>(scratch_.size(), 25);
  if (k >= 2) {
    std::partial_sort(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(k), scratch_.end(),
                      [](const CalendarNode& a, const CalendarNode& b) { return a.key < b.key; });
    const double span = scratch_[k - 1].time() - scratch_[0].time();
    const double mean = span / static_cast<double>(k - 1);
    double sum = 0.0;
    std::size_t kept = 0;
    for (std::size_t i = 1; i < k; ++i) {
      const double gap = scratch_[i].time() - scratch_[i - 1].time();
      if (gap <= 2.0 * mean) {
        sum += gap;
        ++kept;
      }
    }
    const double w = kept > 0 && sum > 0.0 ? 3.0 * sum / static_cast<double>(kept) : 3.0 * mean;
    if (w > 0.0 && std::isfinite(w)) width_ = w;
  }
  inv_width_ = 1.0 / width_;
  buckets_.resize(nbuckets);
  mask_ = nbuckets - 1;
  size_ = 0;
  current_day_ = ~std::uint64_t{0};
  for (const CalendarNode& node : scratch_) insert(node);
  if (size_ == 0) current_day_ = 0;
}

void CalendarQueue::clear() {
  for (Bucket& b : buckets_) b.clear();
  size_ = 0;
  current_day_ = 0;
  next_seq_ = 0;
  slots_.clear();
}

}  // namespace ccsim::engine
