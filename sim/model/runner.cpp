#include "sim/model/runner.hpp"

#include "sim/model/contact_center.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace ccsim::model {

ReplicationTally run_replication(const Scenario& scenario, std::uint32_t replication) {
  ContactCenter center(scenario, replication);
  return center.run();
}

void run_replications(const Scenario& scenario, std::uint32_t first, std::uint32_t count, unsigned threads,
                      const ReplicationSink& sink) {
  run_replications(
      scenario, first, count, threads, [](std::uint32_t, ReplicationTally&& tally) { return std::move(tally); }, sink);
}

namespace detail {

unsigned pool_size(unsigned threads, std::uint32_t count) {
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  return std::min<unsigned>(threads, std::max<std::uint32_t>(count, 1));
}

void run_in_order(std::uint32_t first, std::uint32_t count, unsigned threads, std::uint32_t window,
                  const std::function<void(std::uint32_t)>& work, const std::function<void(std::uint32_t)>& deliver) {
  const auto serially = [&] {
    for (std::uint32_t r = first; r < first + count; ++r) {
      work(r);
      deliver(r);
    }
  };
  if (threads <= 1) {
    serially();
    return;
  }

  // Workers take the next number; finished ones wait in `done` until every earlier one has
  // been delivered. At most `window` run ahead of delivery.
  std::mutex mutex;
  std::condition_variable changed;
  std::set<std::uint32_t> done;
  std::uint32_t next_to_start = first;
  std::uint32_t next_to_deliver = first;
  std::exception_ptr failure;

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
        work(r);
        std::lock_guard lock(mutex);
        done.insert(r);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
      }
      changed.notify_all();
    }
  };

  // A pool that cannot start every thread (a process or address-space limit) runs on those it
  // started, or on the calling thread when none: results never depend on the thread count.
  std::vector<std::thread> pool;
  try {
    pool.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) pool.emplace_back(worker);
  } catch (const std::exception&) {  // std::system_error (EAGAIN), std::bad_alloc
    if (pool.empty()) {
      serially();
      return;
    }
  }

  while (next_to_deliver < first + count) {
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return failure || done.contains(next_to_deliver); });
      if (failure) break;
      done.erase(next_to_deliver);
    }
    bool delivered = true;
    try {
      deliver(next_to_deliver);
    } catch (...) {
      delivered = false;
      std::lock_guard lock(mutex);
      failure = std::current_exception();
    }
    {
      std::lock_guard lock(mutex);
      ++next_to_deliver;
    }
    changed.notify_all();
    if (!delivered) break;
  }
  changed.notify_all();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace detail

}  // namespace ccsim::model
