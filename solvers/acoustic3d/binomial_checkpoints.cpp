#include "solvers/acoustic3d/binomial_checkpoints.hpp"

#include <algorithm>
#include <limits>

#include "core/error.hpp"

namespace pairinv::acoustic3d {

std::int64_t binomialSteps(int s, int r) {
  // C(s + r, min(s, r)) by the product formula; each partial product is itself a binomial.
  const int k = std::min(s, r), n = s + r;
  std::int64_t c = 1;
  for (int i = 1; i <= k; ++i) {
    if (c > std::numeric_limits<std::int64_t>::max() / (n - k + i)) return std::numeric_limits<std::int64_t>::max();
    c = c * (n - k + i) / i;
  }
  return c;
}

int binomialSweeps(int snapshots, std::int64_t steps) {
  ensure(snapshots >= 1, "binomial checkpointing with ", snapshots, " snapshots");
  int r = 0;
  while (binomialSteps(snapshots, r) < steps) ++r;
  return r;
}

std::int64_t binomialHead(int snapshots, std::int64_t steps) {
  ensure(snapshots >= 1 && steps >= 2, "a binomial split of ", steps, " steps with ", snapshots, " snapshots");
  const int r = binomialSweeps(snapshots, steps);
  const std::int64_t tail = std::min(binomialSteps(snapshots - 1, r), steps - 1);
  return steps - tail;
}

}  // namespace pairinv::acoustic3d
