#include "solvers/acoustic3d/rank_layout.hpp"

#include <limits>

#include "core/error.hpp"

namespace pairinv::acoustic3d {

std::array<int, 3> chooseRankLayout(const std::array<int, 3>& n, const std::array<int, 3>& requested, int ranks,
                                    int radius) {
  ensure(ranks >= 1, "a shot of ", ranks, " ranks");
  const bool given = requested[0] > 0 && requested[1] > 0 && requested[2] > 0;
  require(!given || requested[0] * requested[1] * requested[2] == ranks, "-acoustic3d_ranks ", requested[0], ",",
          requested[1], ",", requested[2], " makes ", requested[0] * requested[1] * requested[2],
          " processes, but a shot has ", ranks, " ranks");
  std::array<int, 3> best{0, 0, 0};
  double bestCut = std::numeric_limits<double>::max();
  for (int px = 1; px <= ranks; ++px)
    for (int py = 1; px * py <= ranks; ++py) {
      if (ranks % (px * py) != 0) continue;
      const std::array<int, 3> p{px, py, ranks / (px * py)};
      bool ok = true;
      for (int a = 0; a < 3; ++a)
        ok = ok && (requested[std::size_t(a)] == 0 || requested[std::size_t(a)] == p[std::size_t(a)]) &&
             n[std::size_t(a)] / p[std::size_t(a)] >= radius;
      if (!ok) continue;
      const double cut = double(p[0] - 1) * n[1] * n[2] + double(p[1] - 1) * n[0] * n[2] + double(p[2] - 1) * n[0] * n[1];
      if (cut < bestCut) bestCut = cut, best = p;
    }
  require(best[0] > 0, "the padded grid of ", n[0], " x ", n[1], " x ", n[2], " points (x, y, z) cannot be split over ",
          ranks, " ranks", given || requested[0] || requested[1] || requested[2] ? " with -acoustic3d_ranks as given" : "",
          ": every rank needs at least ", radius, " points along each axis");
  return best;
}

}  // namespace pairinv::acoustic3d
