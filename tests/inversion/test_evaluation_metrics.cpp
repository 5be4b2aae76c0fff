// Metrics of `pairinv evaluate` (inversion/evaluation_metrics.hpp) on cases with known answers
// (SSIM: tests/core/test_image_metrics.cpp; AUROC: tests/core/test_roc.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "inversion/evaluation_metrics.hpp"

namespace pairinv::inversion {
namespace {

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

TEST(EvaluationMetrics, RelativeErrors) {
  EXPECT_NEAR(relativeModelError({3, 4}, {3, 0}), 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(relativeDataMisfit({1, 1}, {2, 0}), std::sqrt(2.0) / 2.0, 1e-12);
}

}  // namespace
}  // namespace pairinv::inversion
