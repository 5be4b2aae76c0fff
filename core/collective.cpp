#include "core/collective.hpp"

#include <algorithm>
#include <thread>

namespace pairinv {

Collective& serialCollective() {
  static SerialCollective serial;
  return serial;
}

std::int64_t threadsPerRank(std::int64_t threads, int ranksOnNode) {
  if (threads != 0) return threads;
  const auto cores = std::int64_t(std::max(1u, std::thread::hardware_concurrency()));
  return std::max<std::int64_t>(1, cores / std::max(ranksOnNode, 1));
}

std::pair<std::size_t, std::size_t> partOf(std::size_t count, int rank, int ranks) {
  ensure(ranks >= 1 && rank >= 0 && rank < ranks, "partOf: rank ", rank, " of ", ranks);
  const std::size_t n = std::size_t(ranks), r = std::size_t(rank), base = count / n, extra = count % n;
  const std::size_t begin = r * base + std::min(r, extra);
  return {begin, begin + base + (r < extra ? 1 : 0)};
}

}  // namespace pairinv
