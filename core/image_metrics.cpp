#include "core/image_metrics.hpp"

#include <cmath>
#include <numeric>

#include "core/error.hpp"

namespace pairinv {

namespace {

constexpr int kWindow = 11;
constexpr double kSigma = 1.5;

// Separable Gaussian filter with zero padding ("same" size), as conv2d(padding = window / 2).
std::vector<double> gaussianFilter(const std::vector<double>& x, int nz, int nx, const std::vector<double>& w) {
  const int h = int(w.size()) / 2;
  const auto at = [nx](int i, int j) { return std::size_t(i) * std::size_t(nx) + std::size_t(j); };
  std::vector<double> rows(x.size(), 0.0), out(x.size(), 0.0);
  for (int i = 0; i < nz; ++i)
    for (int j = 0; j < nx; ++j) {
      double s = 0.0;
      for (int k = -h; k <= h; ++k)
        if (j + k >= 0 && j + k < nx) s += w[std::size_t(k + h)] * x[at(i, j + k)];
      rows[at(i, j)] = s;
    }
  for (int i = 0; i < nz; ++i)
    for (int j = 0; j < nx; ++j) {
      double s = 0.0;
      for (int k = -h; k <= h; ++k)
        if (i + k >= 0 && i + k < nz) s += w[std::size_t(k + h)] * rows[at(i + k, j)];
      out[at(i, j)] = s;
    }
  return out;
}

}  // namespace

std::vector<double> ssimMap(const std::vector<double>& a, const std::vector<double>& b, int nz, int nx, double lo,
                            double hi) {
  require(nz > 0 && nx > 0 && a.size() == std::size_t(nz) * std::size_t(nx) && b.size() == a.size(),
          "SSIM needs two ", nz, " x ", nx, " images; got ", a.size(), " and ", b.size(), " values");
  require(hi > lo, "SSIM needs a data range with hi > lo; got [", lo, ", ", hi, "]");
  std::vector<double> w(kWindow);
  for (int k = 0; k < kWindow; ++k) w[std::size_t(k)] = std::exp(-0.5 * std::pow((k - kWindow / 2) / kSigma, 2));
  const double sum = std::accumulate(w.begin(), w.end(), 0.0);
  for (double& v : w) v /= sum;
  std::vector<double> x(a.size()), y(a.size()), xx(a.size()), yy(a.size()), xy(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    x[i] = (a[i] - lo) / (hi - lo), y[i] = (b[i] - lo) / (hi - lo);
    xx[i] = x[i] * x[i], yy[i] = y[i] * y[i], xy[i] = x[i] * y[i];
  }
  const auto mx = gaussianFilter(x, nz, nx, w), my = gaussianFilter(y, nz, nx, w);
  const auto sxx = gaussianFilter(xx, nz, nx, w), syy = gaussianFilter(yy, nz, nx, w), sxy = gaussianFilter(xy, nz, nx, w);
  const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
  std::vector<double> map(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double vx = sxx[i] - mx[i] * mx[i], vy = syy[i] - my[i] * my[i], cxy = sxy[i] - mx[i] * my[i];
    map[i] = ((2 * mx[i] * my[i] + c1) * (2 * cxy + c2)) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
  }
  return map;
}

double structuralSimilarity(const std::vector<double>& a, const std::vector<double>& b, int nz, int nx, double lo,
                            double hi) {
  const std::vector<double> map = ssimMap(a, b, nz, nx, lo, hi);
  return std::accumulate(map.begin(), map.end(), 0.0) / double(map.size());
}

}  // namespace pairinv
