// The one SSIM (core/image_metrics.hpp) against two independent references: a direct-loop SSIM
// (11 x 11 Gaussian window summed cell by cell with zero padding, OpenFWI's convention), and
// scikit-image 0.19's structural_similarity on the interior cells (tests/data/ssim_reference.py
// printed the values used here).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "core/image_metrics.hpp"

namespace pairinv {
namespace {

constexpr int kNz = 20, kNx = 24;
constexpr double kLo = 1500.0, kHi = 4000.0;

// The images of tests/data/ssim_reference.py: a smooth trend, a blocky one, the trend perturbed.
struct Images {
  std::vector<double> a, b, c;
};
Images images() {
  Images m;
  for (int i = 0; i < kNz; ++i)
    for (int j = 0; j < kNx; ++j) {
      const double trend = 1500 + 100 * i + 20 * std::sin(0.5 * j);
      m.a.push_back(trend);
      m.b.push_back(1500 + 100 * ((i * 7 + j * 3) % kNz));
      m.c.push_back(trend + 150 * std::cos(0.3 * i + 0.7 * j));
    }
  return m;
}

// SSIM map by direct loops over the 2D window (not separable), zero padding; images in [0, 1].
std::vector<double> ssimMapByLoops(const std::vector<double>& x, const std::vector<double>& y, int h, int w) {
  const int half = 5;
  std::vector<double> g(11);
  double sum = 0;
  for (int k = 0; k < 11; ++k) sum += g[std::size_t(k)] = std::exp(-(k - half) * (k - half) / (2 * 1.5 * 1.5));
  for (double& v : g) v /= sum;
  const auto at = [&](const std::vector<double>& a, int i, int j) {
    return (i < 0 || j < 0 || i >= h || j >= w) ? 0.0 : a[std::size_t(i * w + j)];
  };
  std::vector<double> map;
  for (int i = 0; i < h; ++i)
    for (int j = 0; j < w; ++j) {
      double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
      for (int p = -half; p <= half; ++p)
        for (int q = -half; q <= half; ++q) {
          const double wt = g[std::size_t(p + half)] * g[std::size_t(q + half)];
          const double vx = at(x, i + p, j + q), vy = at(y, i + p, j + q);
          mx += wt * vx, my += wt * vy, xx += wt * vx * vx, yy += wt * vy * vy, xy += wt * vx * vy;
        }
      const double c1 = 1e-4, c2 = 9e-4;
      map.push_back(((2 * mx * my + c1) * (2 * (xy - mx * my) + c2)) /
                    ((mx * mx + my * my + c1) * (xx - mx * mx + yy - my * my + c2)));
    }
  return map;
}

std::vector<double> unit(const std::vector<double>& v) {
  std::vector<double> u;
  for (double x : v) u.push_back((x - kLo) / (kHi - kLo));
  return u;
}

double interiorMean(const std::vector<double>& map) {
  double sum = 0.0;
  int n = 0;
  for (int i = 5; i < kNz - 5; ++i)
    for (int j = 5; j < kNx - 5; ++j) sum += map[std::size_t(i * kNx + j)], ++n;
  return sum / n;
}

TEST(ImageMetrics, SsimMapEqualsTheDirectLoopReference) {
  const Images m = images();
  for (const auto* other : {&m.b, &m.c}) {
    const std::vector<double> map = ssimMap(m.a, *other, kNz, kNx, kLo, kHi);
    const std::vector<double> reference = ssimMapByLoops(unit(m.a), unit(*other), kNz, kNx);
    ASSERT_EQ(map.size(), reference.size());
    for (std::size_t k = 0; k < map.size(); ++k) EXPECT_NEAR(map[k], reference[k], 1e-12) << "cell " << k;
  }
}

TEST(ImageMetrics, InteriorMeanEqualsScikitImage) {
  const Images m = images();
  // skimage.metrics.structural_similarity(x, y, gaussian_weights=True, sigma=1.5,
  // use_sample_covariance=False, data_range=1.0), which averages over the cells 5 or more from
  // every border.
  EXPECT_NEAR(interiorMean(ssimMap(m.a, m.b, kNz, kNx, kLo, kHi)), 0.015449714578494188, 1e-12);
  EXPECT_NEAR(interiorMean(ssimMap(m.a, m.c, kNz, kNx, kLo, kHi)), 0.8549179842108838, 1e-12);
}

TEST(ImageMetrics, SsimIsOneForIdenticalImagesAndTheMapsMean) {
  const Images m = images();
  EXPECT_NEAR(structuralSimilarity(m.a, m.a, kNz, kNx, kLo, kHi), 1.0, 1e-12);
  const std::vector<double> map = ssimMap(m.a, m.c, kNz, kNx, kLo, kHi);
  double mean = 0.0;
  for (double v : map) mean += v / double(map.size());
  EXPECT_NEAR(structuralSimilarity(m.a, m.c, kNz, kNx, kLo, kHi), mean, 1e-14);
  EXPECT_LT(structuralSimilarity(m.a, m.b, kNz, kNx, kLo, kHi), 0.2);
}

TEST(ImageMetrics, SsimRefusesAnEmptyRangeAndMismatchedSizes) {
  const Images m = images();
  EXPECT_THROW(structuralSimilarity(m.a, m.b, kNz, kNx, 2000, 2000), InputError);
  EXPECT_THROW(structuralSimilarity(m.a, std::vector<double>(3, 1.0), kNz, kNx, kLo, kHi), InputError);
  EXPECT_THROW(structuralSimilarity(m.a, m.b, kNz + 1, kNx, kLo, kHi), InputError);
}

}  // namespace
}  // namespace pairinv
