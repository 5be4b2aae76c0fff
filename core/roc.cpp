#include "core/roc.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/error.hpp"

namespace pairinv {

double percentile(std::vector<double> values, double p) {
  require(!values.empty(), "percentile of an empty set");
  require(p >= 0.0 && p <= 100.0, "percentile ", p, " is not in [0, 100]");
  std::sort(values.begin(), values.end());
  const double pos = p / 100.0 * double(values.size() - 1);
  const auto lo = std::size_t(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - double(lo)) * (values[hi] - values[lo]);
}

double auroc(const std::vector<double>& negatives, const std::vector<double>& positives) {
  require(!negatives.empty() && !positives.empty(), "AUROC needs samples of both classes");
  // Rank statistic (Mann-Whitney U) with ties counted half.
  std::vector<std::pair<double, int>> all;
  for (double v : negatives) all.emplace_back(v, 0);
  for (double v : positives) all.emplace_back(v, 1);
  std::sort(all.begin(), all.end());
  double rankSumPos = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double rank = 0.5 * double(i + 1 + j);  // average of ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k)
      if (all[k].second == 1) rankSumPos += rank;
    i = j;
  }
  const double np = double(positives.size()), nn = double(negatives.size());
  return (rankSumPos - np * (np + 1) / 2) / (np * nn);
}

double truePositiveRate(const std::vector<double>& negatives, const std::vector<double>& positives, double fpr) {
  require(!positives.empty(), "a true-positive rate needs positive samples");
  const double threshold = percentile(negatives, 100.0 * (1.0 - fpr));
  double above = 0;
  for (double p : positives) above += p > threshold;
  return above / double(positives.size());
}

}  // namespace pairinv
