// Metrics of `pairinv evaluate` (inversion/evaluation_metrics.hpp) on cases with known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "inversion/evaluation_metrics.hpp"

namespace pairinv::inversion {
namespace {

TEST(EvaluationMetrics, AurocOfAPerfectSeparationIsOneAndOfItsReverseZero) {
  const std::vector<double> scores{0.1, 0.2, 0.3, 0.7, 0.8, 0.9};
  const std::vector<bool> ood{false, false, false, true, true, true};
  EXPECT_DOUBLE_EQ(auroc(scores, ood), 1.0);
  const std::vector<bool> reversed{true, true, true, false, false, false};
  EXPECT_DOUBLE_EQ(auroc(scores, reversed), 0.0);
}

TEST(EvaluationMetrics, AurocOfTiesAndOfRandomScoresIsAboutOneHalf) {
  EXPECT_DOUBLE_EQ(auroc({1, 1, 1, 1}, {true, false, true, false}), 0.5);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> scores;
  std::vector<bool> labels;
  for (int i = 0; i < 4000; ++i) scores.push_back(u(rng)), labels.push_back(i % 2 == 0);
  EXPECT_NEAR(auroc(scores, labels), 0.5, 0.03);
  EXPECT_TRUE(std::isnan(auroc({1, 2}, {true, true})));
}

TEST(EvaluationMetrics, CorrelationsOfKnownVectors) {
  const std::vector<double> x{1, 2, 3, 4, 5};
  EXPECT_NEAR(pearsonCorrelation(x, {2, 4, 6, 8, 10}), 1.0, 1e-12);
  EXPECT_NEAR(pearsonCorrelation(x, {5, 4, 3, 2, 1}), -1.0, 1e-12);
  // x against x^3: monotone (Spearman 1) but not linear (Pearson below 1).
  const std::vector<double> cube{1, 8, 27, 64, 125};
  EXPECT_NEAR(spearmanCorrelation(x, cube), 1.0, 1e-12);
  EXPECT_LT(pearsonCorrelation(x, cube), 0.95);
  // Hand computed: x = (1,2,3), y = (1,3,2): r = 0.5.
  EXPECT_NEAR(pearsonCorrelation({1, 2, 3}, {1, 3, 2}), 0.5, 1e-12);
  EXPECT_TRUE(std::isnan(pearsonCorrelation({1, 2, 3}, {4, 4, 4})));
}

TEST(EvaluationMetrics, SsimOfIdenticalImagesIsOneAndDropsForDifferentOnes) {
  const int nz = 20, nx = 24;
  std::vector<double> a(std::size_t(nz * nx)), b(a.size());
  for (int i = 0; i < nz; ++i)
    for (int j = 0; j < nx; ++j) {
      a[std::size_t(i * nx + j)] = 1500 + 100 * i + 20 * std::sin(0.5 * j);
      b[std::size_t(i * nx + j)] = 1500 + 100 * ((i * 7 + j * 3) % nz);
    }
  EXPECT_NEAR(structuralSimilarity(a, a, nz, nx, 1500, 4000), 1.0, 1e-12);
  EXPECT_LT(structuralSimilarity(a, b, nz, nx, 1500, 4000), 0.8);
  EXPECT_THROW(structuralSimilarity(a, b, nz, nx, 2000, 2000), InputError);
}

// Two different nz x nx images (a smooth trend and a blocky one), row-major.
std::pair<std::vector<double>, std::vector<double>> twoImages(int nz, int nx) {
  std::vector<double> a(std::size_t(nz * nx)), b(a.size());
  for (int i = 0; i < nz; ++i)
    for (int j = 0; j < nx; ++j) {
      a[std::size_t(i * nx + j)] = 1500 + 100 * i + 20 * std::sin(0.5 * j);
      b[std::size_t(i * nx + j)] = 1500 + 100 * ((i * 7 + j * 3) % nz);
    }
  return {a, b};
}

TEST(EvaluationMetrics, MaskedSsimWithAnAllTrueMaskIsTheUnmaskedSsim) {
  // Arrange
  const int nz = 20, nx = 24;
  const auto [a, b] = twoImages(nz, nx);
  const std::vector<bool> all(a.size(), true);
  // Act
  const double masked = maskedStructuralSimilarity(a, b, all, nz, nx, 1500, 4000);
  const double plain = structuralSimilarity(a, b, nz, nx, 1500, 4000);
  // Assert
  EXPECT_NEAR(masked, plain, 1e-14);
  EXPECT_LT(masked, 0.8);
  EXPECT_THROW(maskedStructuralSimilarity(a, b, std::vector<bool>(a.size(), false), nz, nx, 1500, 4000), InputError);
  EXPECT_THROW(maskedStructuralSimilarity(a, b, std::vector<bool>(3, true), nz, nx, 1500, 4000), InputError);
}

TEST(EvaluationMetrics, MaskedSsimIgnoresTheAirRowsAndIsTheSsimOfTheEarthRows) {
  // Arrange: 4 air rows on top of a 16-row earth; the air of `b` differs wildly from `a`'s.
  const int nz = 20, nx = 24, air = 4;
  auto [a, b] = twoImages(nz, nx);
  std::vector<bool> earth(a.size(), true);
  for (std::size_t i = 0; i < std::size_t(air * nx); ++i) earth[i] = false, a[i] = 1500, b[i] = 1500;
  std::vector<double> bOtherAir = b;
  for (std::size_t i = 0; i < std::size_t(air * nx); ++i) bOtherAir[i] = 4000 - double(i % 5) * 300;
  const std::vector<double> aEarth(a.begin() + air * nx, a.end()), bEarth(b.begin() + air * nx, b.end());
  // Act
  const double masked = maskedStructuralSimilarity(a, b, earth, nz, nx, 1500, 4000);
  const double maskedOtherAir = maskedStructuralSimilarity(a, bOtherAir, earth, nz, nx, 1500, 4000);
  const double earthAlone = structuralSimilarity(aEarth, bEarth, nz - air, nx, 1500, 4000);
  // Assert: the air's values no longer count (the unmasked SSIM does see them).
  EXPECT_DOUBLE_EQ(masked, maskedOtherAir);
  EXPECT_NEAR(masked, earthAlone, 1e-14);
  EXPECT_NE(structuralSimilarity(a, b, nz, nx, 1500, 4000), structuralSimilarity(a, bOtherAir, nz, nx, 1500, 4000));
}

TEST(EvaluationMetrics, RelativeErrors) {
  EXPECT_NEAR(relativeModelError({3, 4}, {3, 0}), 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(relativeDataMisfit({1, 1}, {2, 0}), std::sqrt(2.0) / 2.0, 1e-12);
}

}  // namespace
}  // namespace pairinv::inversion
