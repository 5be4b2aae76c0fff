// The progress line's text: count, percent, rate and ETA for given states.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/progress.hpp"

namespace pairinv {
namespace {

TEST(Progress, FormatShowsCountPercentRateAndEta) {
  // 3 of 10 in 1.2 s: 2.5 shots/s, 7 left -> 2.8 s -> rounds to 0:03.
  EXPECT_EQ(ProgressLine::format("forward", 3, 10, "shots", 1.2),
            "forward: 3/10 shots (30%) 2.5 shots/s ETA 0:03");
}

TEST(Progress, FinishedJobHasZeroEtaAndFullPercent) {
  EXPECT_EQ(ProgressLine::format("survey", 8, 8, "samples", 4.0),
            "survey: 8/8 samples (100%) 2 samples/s ETA 0:00");
}

TEST(Progress, NoElapsedTimeGivesUnknownEta) {
  EXPECT_EQ(ProgressLine::format("train", 0, 5, "epochs", 0.0),
            "train: 0/5 epochs (0%) 0 epochs/s ETA ?");
}

TEST(Progress, LongEtaUsesHours) {
  // 1 of 10000 in 1 s: 9999 s left = 2:46:39.
  const std::string line = ProgressLine::format("big", 1, 10000, "shots", 1.0);
  EXPECT_NE(line.find("ETA 2:46:39"), std::string::npos) << line;
  EXPECT_NE(line.find("(0%)"), std::string::npos) << line;
}

TEST(Progress, SlowRatesKeepSignificantDigits) {
  const std::string line = ProgressLine::format("slow", 1, 3, "shots", 300.0);
  EXPECT_NE(line.find("0.00333 shots/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 10:00"), std::string::npos) << line;
}

TEST(Progress, FormatDuration) {
  EXPECT_EQ(formatDuration(0), "0:00");
  EXPECT_EQ(formatDuration(59.6), "1:00");
  EXPECT_EQ(formatDuration(3600), "1:00:00");
  EXPECT_EQ(formatDuration(-1), "?");
  EXPECT_EQ(formatDuration(std::numeric_limits<double>::quiet_NaN()), "?");
}

}  // namespace
}  // namespace pairinv
