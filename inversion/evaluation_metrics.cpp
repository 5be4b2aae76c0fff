#include "inversion/evaluation_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"

namespace pairinv::inversion {

namespace {

double norm(const std::vector<double>& v) { return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)); }

double differenceNorm(const std::vector<double>& a, const std::vector<double>& b) {
  require(a.size() == b.size(), "cannot compare vectors of ", a.size(), " and ", b.size(), " values");
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(s);
}

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    const double mean = 0.5 * double(i + j) + 1.0;  // ties share their mean rank
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = mean;
    i = j + 1;
  }
  return r;
}

}  // namespace

double relativeModelError(const std::vector<double>& model, const std::vector<double>& truth) {
  return differenceNorm(model, truth) / norm(truth);
}

double relativeDataMisfit(const std::vector<double>& predicted, const std::vector<double>& observed) {
  return differenceNorm(predicted, observed) / norm(observed);
}

double pearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
  require(x.size() == y.size(), "correlation of vectors of ", x.size(), " and ", y.size(), " values");
  if (x.size() < 2) return NAN;
  const double n = double(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx), syy += (y[i] - my) * (y[i] - my);
  if (sxx <= 0 || syy <= 0) return NAN;
  return sxy / std::sqrt(sxx * syy);
}

double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
  require(x.size() == y.size(), "correlation of vectors of ", x.size(), " and ", y.size(), " values");
  return pearsonCorrelation(ranks(x), ranks(y));
}

}  // namespace pairinv::inversion
