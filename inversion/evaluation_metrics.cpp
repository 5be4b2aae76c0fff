#include "inversion/evaluation_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "core/roc.hpp"

namespace pairinv::inversion {

namespace {

double norm(const std::vector<double>& v) { return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)); }

double differenceNorm(const std::vector<double>& a, const std::vector<double>& b) {
  require(a.size() == b.size(), "cannot compare vectors of ", a.size(), " and ", b.size(), " values");
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(s);
}

// Separable Gaussian filter with zero padding ("same" size), as conv2d(padding = window / 2).
std::vector<double> gaussianFilter(const std::vector<double>& x, int nz, int nx, const std::vector<double>& w) {
  const int h = int(w.size()) / 2;
  std::vector<double> rows(x.size(), 0.0), out(x.size(), 0.0);
  for (int i = 0; i < nz; ++i)
    for (int j = 0; j < nx; ++j) {
      double s = 0.0;
      for (int k = -h; k <= h; ++k)
        if (j + k >= 0 && j + k < nx) s += w[std::size_t(k + h)] * x[std::size_t(i) * nx + std::size_t(j + k)];
      rows[std::size_t(i) * nx + std::size_t(j)] = s;
    }
  for (int i = 0; i < nz; ++i)
    for (int j = 0; j < nx; ++j) {
      double s = 0.0;
      for (int k = -h; k <= h; ++k)
        if (i + k >= 0 && i + k < nz) s += w[std::size_t(k + h)] * rows[std::size_t(i + k) * nx + std::size_t(j)];
      out[std::size_t(i) * nx + std::size_t(j)] = s;
    }
  return out;
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

namespace {

// SSIM map averaged over the cells of `mask` (null: every cell); masked-out cells are zeros, as
// the padding beyond the border.
double ssimOver(const std::vector<double>& a, const std::vector<double>& b, const std::vector<bool>* mask, int nz,
                int nx, double lo, double hi, int window, double sigma) {
  require(nz > 0 && nx > 0 && a.size() == std::size_t(nz) * std::size_t(nx) && b.size() == a.size(),
          "SSIM needs two ", nz, " x ", nx, " images; got ", a.size(), " and ", b.size(), " values");
  require(hi > lo, "SSIM needs a value range with hi > lo; got [", lo, ", ", hi, "]");
  require(window > 0 && window % 2 == 1 && sigma > 0, "SSIM needs an odd window and a positive sigma");
  require(!mask || mask->size() == a.size(), "SSIM mask of ", mask ? mask->size() : 0, " cells for ", a.size(),
          " values");
  std::vector<double> w(static_cast<std::size_t>(window));
  for (int k = 0; k < window; ++k) w[std::size_t(k)] = std::exp(-0.5 * std::pow((k - window / 2) / sigma, 2));
  const double sum = std::accumulate(w.begin(), w.end(), 0.0);
  for (double& v : w) v /= sum;
  std::vector<double> x(a.size(), 0.0), y(a.size(), 0.0), xx(a.size(), 0.0), yy(a.size(), 0.0), xy(a.size(), 0.0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (mask && !(*mask)[i]) continue;
    x[i] = (a[i] - lo) / (hi - lo), y[i] = (b[i] - lo) / (hi - lo);
    xx[i] = x[i] * x[i], yy[i] = y[i] * y[i], xy[i] = x[i] * y[i];
  }
  const auto mx = gaussianFilter(x, nz, nx, w), my = gaussianFilter(y, nz, nx, w);
  const auto sxx = gaussianFilter(xx, nz, nx, w), syy = gaussianFilter(yy, nz, nx, w), sxy = gaussianFilter(xy, nz, nx, w);
  const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
  double total = 0.0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (mask && !(*mask)[i]) continue;
    const double vx = sxx[i] - mx[i] * mx[i], vy = syy[i] - my[i] * my[i], cxy = sxy[i] - mx[i] * my[i];
    total += ((2 * mx[i] * my[i] + c1) * (2 * cxy + c2)) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
    ++count;
  }
  require(count > 0, "SSIM mask selects no cell");
  return total / double(count);
}

}  // namespace

double structuralSimilarity(const std::vector<double>& a, const std::vector<double>& b, int nz, int nx, double lo,
                            double hi, int window, double sigma) {
  return ssimOver(a, b, nullptr, nz, nx, lo, hi, window, sigma);
}

double maskedStructuralSimilarity(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<bool>& mask, int nz, int nx, double lo, double hi, int window,
                                  double sigma) {
  return ssimOver(a, b, &mask, nz, nx, lo, hi, window, sigma);
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

double auroc(const std::vector<double>& scores, const std::vector<bool>& positive) {
  require(scores.size() == positive.size(), "AUROC needs one label per score");
  std::vector<double> negatives, positives;
  for (std::size_t i = 0; i < scores.size(); ++i) (positive[i] ? positives : negatives).push_back(scores[i]);
  if (positives.empty() || negatives.empty()) return NAN;
  return pairinv::auroc(negatives, positives);
}

}  // namespace pairinv::inversion
