#include "plan/replication_batches.hpp"

#include "plan/mpi.hpp"
#include "sim/error.hpp"
#include "sim/model/runner.hpp"

#include <algorithm>
#include <exception>

namespace ccsim::plan {

namespace {

// A replication's figures as numbers for MPI: count, values, count, wait histograms, events,
// calls simulated. Counts stay below 2^53, so the doubles hold them exactly; values travel bit for bit.
void append_record(std::vector<double>& out, const analysis::ReplicationFigures& f) {
  out.push_back(static_cast<double>(f.values.size()));
  out.insert(out.end(), f.values.begin(), f.values.end());
  out.push_back(static_cast<double>(f.waits.size()));
  out.insert(out.end(), f.waits.begin(), f.waits.end());
  out.push_back(static_cast<double>(f.events));
  out.push_back(static_cast<double>(f.calls_simulated));
}

analysis::ReplicationFigures read_record(const std::vector<double>& in, std::size_t& at) {
  CCSIM_ASSERT(at < in.size());
  const auto n = static_cast<std::size_t>(in[at++]);
  CCSIM_ASSERT(at + n + 3 <= in.size());
  analysis::ReplicationFigures f;
  const auto first = in.begin() + static_cast<std::ptrdiff_t>(at);
  f.values.assign(first, first + static_cast<std::ptrdiff_t>(n));
  at += n;
  CCSIM_ASSERT(at < in.size());
  const auto n_waits = static_cast<std::size_t>(in[at++]);
  CCSIM_ASSERT(at + n_waits + 2 <= in.size());
  const auto waits = in.begin() + static_cast<std::ptrdiff_t>(at);
  f.waits.assign(waits, waits + static_cast<std::ptrdiff_t>(n_waits));
  at += n_waits;
  f.events = static_cast<std::uint64_t>(in[at++]);
  f.calls_simulated = static_cast<std::uint64_t>(in[at++]);
  return f;
}

// Calls `piece(batch, first replication, count)` for the replications that tasks [lo, hi) of
// the whole list stand for, the list being every batch's replications, batch after batch.
void for_each_piece(const std::vector<Batch>& batches, std::uint64_t lo, std::uint64_t hi,
                    const std::function<void(std::size_t, std::uint32_t, std::uint32_t)>& piece) {
  std::uint64_t offset = 0;  // task of the batch's first replication
  for (std::size_t b = 0; b < batches.size() && offset < hi; ++b) {
    const std::uint64_t from = std::max(lo, offset);
    const std::uint64_t to = std::min(hi, offset + batches[b].count);
    if (from < to) {
      piece(b, batches[b].first + static_cast<std::uint32_t>(from - offset), static_cast<std::uint32_t>(to - from));
    }
    offset += batches[b].count;
  }
}

}  // namespace

void run_batches(const std::vector<Batch>& batches, unsigned threads, const FiguresSink& sink) {
  const auto ranks = static_cast<std::uint64_t>(mpi::size());
  if (ranks == 1) {
    for (std::size_t b = 0; b < batches.size(); ++b) {
      const analysis::Summary& summary = *batches[b].summary;
      // Figures are worked out on the worker threads; the sink takes them in order.
      model::run_replications(
          summary.scenario(), batches[b].first, batches[b].count, threads,
          [&](std::uint32_t, model::ReplicationTally&& t) { return summary.figures_of(t); },
          [&](std::uint32_t, analysis::ReplicationFigures&& f) { sink(b, std::move(f)); });
    }
    return;
  }
  constexpr std::uint64_t chunks_per_rank = 8;
  std::uint64_t total = 0;
  for (const auto& b : batches) total += b.count;
  const std::uint64_t chunks = ranks * chunks_per_rank;
  const std::uint64_t chunk = std::max<std::uint64_t>(1, (total + chunks - 1) / chunks);
  const auto rank = static_cast<std::uint64_t>(mpi::rank());

  std::vector<double> mine;
  std::exception_ptr error;
  try {
    for (std::uint64_t lo = rank * chunk; lo < total; lo += ranks * chunk) {
      const auto run = [&](std::size_t b, std::uint32_t first, std::uint32_t n) {
        const analysis::Summary& summary = *batches[b].summary;
        model::run_replications(
            summary.scenario(), first, n, threads,
            [&](std::uint32_t, model::ReplicationTally&& t) { return summary.figures_of(t); },
            [&](std::uint32_t, analysis::ReplicationFigures&& f) { append_record(mine, f); });
      };
      for_each_piece(batches, lo, std::min(total, lo + chunk), run);
    }
  } catch (...) {
    error = std::current_exception();
  }
  const mpi::Gathered all = mpi::all_gather(error, mine);
  // Every rank's records are in the order it ran its chunks; take them back in task order.
  std::vector<std::size_t> cursor(all.starts.begin(), all.starts.end() - 1);
  for (std::uint64_t lo = 0; lo < total; lo += chunk) {
    std::size_t& at = cursor[static_cast<std::size_t>((lo / chunk) % ranks)];
    for_each_piece(batches, lo, std::min(total, lo + chunk), [&](std::size_t b, std::uint32_t, std::uint32_t n) {
      for (std::uint32_t k = 0; k < n; ++k) sink(b, read_record(all.values, at));
    });
  }
  for (std::size_t r = 0; r < cursor.size(); ++r) CCSIM_ASSERT(cursor[r] == all.starts[r + 1]);
}

}  // namespace ccsim::plan
