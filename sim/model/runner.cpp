#include "sim/model/runner.hpp"

#include "sim/model/contact_center.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace ccsim::model {

ReplicationTally run_replication(const Scenario& scenario, std::uint32_t replication) {
  ContactCenter center(scenario, replication);
  return center.run();
}

void run_replications(const Scenario& scenario, std::uint32_t first, std::uint32_t count,
                      unsigned threads, const ReplicationSink& sink) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, std::max<std::uint32_t>(count, 1));
  if (threads <= 1) {
    for (std::uint32_t r = first; r < first + count; ++r) sink(r, run_replication(scenario, r));
    return;
  }

  // Workers take the next replication number; finished tallies wait in `done` until every
  // earlier one has been delivered. At most a bounded window runs ahead of delivery.
  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::uint32_t, ReplicationTally> done;
  std::uint32_t next_to_start = first;
  std::uint32_t next_to_deliver = first;
  std::exception_ptr failure;
  const std::uint32_t window = 4 * threads;

  auto worker = [&] {
    for (;;) {
      std::uint32_t r = 0;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] {
          return failure || next_to_start >= first + count || next_to_start < next_to_deliver + window;
        });
        if (failure || next_to_start >= first + count) return;
        r = next_to_start++;
      }
      try {
        ReplicationTally tally = run_replication(scenario, r);
        std::lock_guard lock(mutex);
        done.emplace(r, std::move(tally));
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
      }
      changed.notify_all();
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) pool.emplace_back(worker);

  std::exception_ptr sink_failure;
  while (next_to_deliver < first + count) {
    ReplicationTally tally;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return failure || done.contains(next_to_deliver); });
      if (failure) break;
      auto node = done.extract(next_to_deliver);
      tally = std::move(node.mapped());
    }
    try {
      sink(next_to_deliver, std::move(tally));
    } catch (...) {
      sink_failure = std::current_exception();
      std::lock_guard lock(mutex);
      failure = sink_failure;
    }
    {
      std::lock_guard lock(mutex);
      ++next_to_deliver;
    }
    changed.notify_all();
    if (sink_failure) break;
  }
  changed.notify_all();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace ccsim::model
