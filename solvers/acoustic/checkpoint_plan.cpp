#include "solvers/acoustic/checkpoint_plan.hpp"

#include <algorithm>
#include <fstream>
#include <string>

#include "core/error.hpp"

namespace pairinv::acoustic {

double availableMemoryBytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kb = 0;
  while (in >> key >> kb) {
    if (key == "MemAvailable:") return kb * 1024.0;
    in.ignore(256, '\n');
  }
  return 8e9;  // not Linux: assume a modest machine
}

namespace {

/// The plan that a buffer of `m` bytes allows (segments empty when none fits).
CheckpointPlan planWithin(std::size_t m, int nt, std::size_t field, std::size_t state) {
  CheckpointPlan p;
  std::size_t peak = 0;
  for (int done = 0, s = 0; done < nt; ++s) {
    const std::size_t taken = std::size_t(s) * state + field;  // at least one step
    if (taken > m) return {};
    const int k = int(std::min<std::size_t>((m - std::size_t(s) * state) / field, std::size_t(nt - done)));
    p.lengths.push_back(k);
    peak = std::max(peak, std::size_t(s) * state + std::size_t(k) * field);
    done += k;
  }
  p.segments = int(p.lengths.size());
  p.segment = *std::max_element(p.lengths.begin(), p.lengths.end());
  p.bytes = peak;
  return p;
}

}  // namespace

CheckpointPlan planCheckpoints(const AcousticConfig& c, std::size_t fieldBytes, std::size_t stateBytes,
                               int ranksOnNode, std::size_t residentBytes, bool canWarm) {
  const double budget = c.memoryBudgetMB > 0 ? c.memoryBudgetMB * 1e6
                                             : 0.5 * availableMemoryBytes() / std::max(1, ranksOnNode);
  const std::size_t fullSize = std::size_t(c.nt) * fieldBytes;
  const CheckpointPlan full = planWithin(fullSize, c.nt, fieldBytes, stateBytes);
  if (c.gradientStorage == GradientStorage::Full) return full;
  const bool fullFits = c.gradientStorage == GradientStorage::Auto && double(full.bytes) <= budget;
  // Bringing in less than this costs less than recomputing would gain (about 0.25 s here).
  constexpr std::size_t kWarmAboveBytes = std::size_t(256) << 20;
  if (fullFits && (residentBytes + kWarmAboveBytes >= full.bytes || !canWarm)) return full;
  // The smallest buffer that fits: feasibility only grows with the buffer.
  std::size_t lo = fieldBytes, hi = fullSize;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (planWithin(mid, c.nt, fieldBytes, stateBytes).segments > 0) hi = mid;
    else lo = mid + 1;
  }
  CheckpointPlan smallest = planWithin(lo, c.nt, fieldBytes, stateBytes);
  if (fullFits) {
    if (smallest.segments <= 1) return full;  // nothing to gain: one segment is full storage
    smallest.warmBytes = full.bytes;
    return smallest;
  }
  require(double(smallest.bytes) <= budget, "the gradient needs at least ", smallest.bytes / 1e6,
          " MB per rank with checkpointing (", smallest.segments, " segments of at most ", smallest.segment,
          " steps) but -acoustic_memory_budget allows ", budget / 1e6, " MB");
  return smallest;
}

}  // namespace pairinv::acoustic
