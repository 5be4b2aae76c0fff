// SEG-Y gathers (core/segy_file): a round trip keeps samples (float32), geometry (to the cm),
// the interval and the time of sample 0; refusals leave no file. segyio's own Python module
// reads pairinv's files, and pairinv reads segyio's, in tests/scripts/segy_roundtrip.py.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "core/error.hpp"
#include "core/segy_file.hpp"
#include "test_support.hpp"

namespace pairinv {
namespace {

using testing::TempDir;

SegyGathers smallGathers() {
  SegyGathers g;
  g.nshots = 3, g.nsamples = 50, g.nreceivers = 7;
  g.dt = 0.002, g.firstTime = 0.004;
  for (int s = 0; s < 3; ++s) g.sourceX.push_back(12.5 * s), g.sourceDepth.push_back(5.0);
  for (int r = 0; r < 7; ++r) g.receiverX.push_back(-30.25 + 10 * r), g.receiverDepth.push_back(2.5 + 0.01 * r);
  for (int k = 0; k < 3 * 50 * 7; ++k) g.data.push_back(std::sin(0.37 * k) * std::pow(10.0, k % 5 - 2));
  return g;
}

TEST(Segy, RoundTripKeepsSamplesGeometryAndTiming) {
  TempDir dir;
  const SegyGathers g = smallGathers();
  writeSegy(dir / "g.sgy", g);
  const SegyGathers r = readSegy(dir / "g.sgy");
  EXPECT_EQ(r.nshots, 3);
  EXPECT_EQ(r.nsamples, 50);
  EXPECT_EQ(r.nreceivers, 7);
  EXPECT_DOUBLE_EQ(r.dt, 0.002);
  EXPECT_DOUBLE_EQ(r.firstTime, 0.004);
  ASSERT_EQ(r.data.size(), g.data.size());
  for (std::size_t k = 0; k < g.data.size(); ++k) EXPECT_EQ(r.data[k], double(float(g.data[k]))) << k;
  for (int s = 0; s < 3; ++s) EXPECT_NEAR(r.sourceX[std::size_t(s)], g.sourceX[std::size_t(s)], 1e-9);
  for (int k = 0; k < 7; ++k) {
    EXPECT_NEAR(r.receiverX[std::size_t(k)], g.receiverX[std::size_t(k)], 1e-9);
    EXPECT_NEAR(r.receiverDepth[std::size_t(k)], g.receiverDepth[std::size_t(k)], 1e-9);
  }
  EXPECT_EQ(std::filesystem::file_size(dir / "g.sgy"), 3600u + 21u * (240u + 4u * 50u));
  EXPECT_TRUE(isSegyFile("A.SEGY"));
  EXPECT_FALSE(isSegyFile("a.npy"));
}

TEST(Segy, WritingRefusesWhatSegyCannotHold) {
  TempDir dir;
  SegyGathers nan = smallGathers();
  nan.data[17] = std::numeric_limits<double>::quiet_NaN();
  SegyGathers interval = smallGathers();
  interval.dt = 0.0012345678;
  SegyGathers shape = smallGathers();
  shape.receiverX.pop_back();
  for (const SegyGathers* g : {&nan, &interval, &shape}) {
    EXPECT_THROW(writeSegy(dir / "bad.sgy", *g), InputError);
    EXPECT_FALSE(std::filesystem::exists(dir / "bad.sgy"));
  }
}

TEST(Segy, ReadingRefusesShortTruncatedAndMissingFiles) {
  TempDir dir;
  writeSegy(dir / "g.sgy", smallGathers());
  std::filesystem::resize_file(dir / "g.sgy", std::filesystem::file_size(dir / "g.sgy") - 3);
  EXPECT_NE(testing::inputErrorMessage([&] { readSegy(dir / "g.sgy"); }).find("truncated"), std::string::npos);
  std::ofstream(dir / "short.sgy") << "SEG-Y?";
  EXPECT_NE(testing::inputErrorMessage([&] { readSegy(dir / "short.sgy"); }).find("too short"), std::string::npos);
  EXPECT_NE(testing::inputErrorMessage([&] { readSegy(dir / "none.sgy"); }).find("does not exist"), std::string::npos);
}

}  // namespace
}  // namespace pairinv
