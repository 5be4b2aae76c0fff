// core/roc.hpp: percentiles against NumPy's default, AUROC by ranks against a brute-force count
// of pairs, and the true-positive rate at a false-positive rate.
#include <gtest/gtest.h>

#include <random>

#include "core/roc.hpp"
#include "tests/core/test_support.hpp"

using namespace pairinv;
using pairinv::testing::inputErrorMessage;

namespace {

// Reference: the share of (negative, positive) pairs ordered correctly, ties counting half.
double pairCountAuroc(const std::vector<double>& neg, const std::vector<double>& pos) {
  double s = 0.0;
  for (double n : neg)
    for (double p : pos) s += p > n ? 1.0 : (p == n ? 0.5 : 0.0);
  return s / double(neg.size() * pos.size());
}

}  // namespace

TEST(Roc, PercentileMatchesNumpysLinearInterpolation) {
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 50), 2.5);    // numpy.percentile([1, 2, 3, 4], 50)
  EXPECT_DOUBLE_EQ(percentile({1, 2, 3, 4, 5}, 95), 4.8);  // numpy.percentile([1 .. 5], 95)
  EXPECT_DOUBLE_EQ(percentile({7}, 30), 7.0);
  EXPECT_DOUBLE_EQ(percentile({3, 1, 2}, 0), 1.0);
  EXPECT_DOUBLE_EQ(percentile({3, 1, 2}, 100), 3.0);
}

TEST(Roc, AurocOfSeparatedReversedAndTiedScores) {
  EXPECT_DOUBLE_EQ(auroc({1, 2, 3}, {4, 5}), 1.0);
  EXPECT_DOUBLE_EQ(auroc({4, 5}, {1, 2, 3}), 0.0);
  EXPECT_DOUBLE_EQ(auroc({1, 2}, {2, 3}), (1.0 + 1.0 + 0.5 + 1.0) / 4.0);
  EXPECT_DOUBLE_EQ(auroc({2, 2, 2}, {2, 2}), 0.5);
}

TEST(Roc, AurocByRanksEqualsThePairCountOnRandomScoresWithTies) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> level(0, 20);  // coarse levels: many ties
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> neg(13 + trial), pos(7 + 2 * trial);
    for (double& x : neg) x = level(rng);
    for (double& x : pos) x = level(rng) + 3;
    EXPECT_NEAR(auroc(neg, pos), pairCountAuroc(neg, pos), 1e-12) << "trial " << trial;
  }
}

TEST(Roc, TruePositiveRateAboveTheNegativesQuantile) {
  std::vector<double> neg;
  for (int i = 1; i <= 100; ++i) neg.push_back(i);  // the 95th percentile is 95.05
  EXPECT_DOUBLE_EQ(truePositiveRate(neg, {90, 95, 96, 200}, 0.05), 0.5);
  EXPECT_DOUBLE_EQ(truePositiveRate(neg, {1, 2}, 0.05), 0.0);
}

TEST(Roc, EmptyClassesAndBadPercentilesAreInputErrors) {
  EXPECT_NE(inputErrorMessage([] { percentile({}, 50); }), "");
  EXPECT_NE(inputErrorMessage([] { percentile({1, 2}, 101); }), "");
  EXPECT_NE(inputErrorMessage([] { auroc({}, {1.0}); }), "");
  EXPECT_NE(inputErrorMessage([] { auroc({1.0}, {}); }), "");
}
