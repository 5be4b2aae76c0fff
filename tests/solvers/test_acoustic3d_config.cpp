// The 3D solver's configuration: options, checks against the model and the ranks (bad input is
// an InputError naming the problem), the rank layout, and the binomial checkpointing schedule.
#include <gtest/gtest.h>

#include <string>

#include "acoustic3d_test_support.hpp"
#include "acoustic_test_support.hpp"
#include "core/error.hpp"
#include "solvers/acoustic3d/binomial_checkpoints.hpp"
#include "solvers/acoustic3d/rank_layout.hpp"

namespace pairinv::acoustic3d {
namespace {

using pairinv::testing::contains;
using pairinv::testing::ScopedOption;
using pairinv::testing::uniformGrid3;

std::string inputErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Binomial3D, StepsFollowTheBinomialCoefficients) {
  EXPECT_EQ(binomialSteps(1, 1), 2);
  EXPECT_EQ(binomialSteps(10, 4), 1001);
  EXPECT_EQ(binomialSteps(3, 0), 1);
  EXPECT_EQ(binomialSweeps(10, 1000), 4);
  EXPECT_EQ(binomialSweeps(10, 1002), 5);
  EXPECT_EQ(binomialSweeps(999, 1000), 1);
  EXPECT_GT(binomialSteps(60, 60), std::int64_t(1) << 62);  // saturates instead of overflowing
}

// Replays the recursion of ShotReversal and counts forward steps: every step is taken at most
// r + 1 times (r sweeps of recomputation plus the adjoint's own step), never more snapshots than given.
int64_t replay(int snapshots, int64_t steps, int depth, int* peak) {
  *peak = std::max(*peak, depth);
  if (steps == 1) return 1;
  if (snapshots == 0) return steps * (steps + 1) / 2;
  const int64_t head = binomialHead(snapshots, steps);
  EXPECT_GE(head, 1);
  EXPECT_LE(head, steps - 1);
  return head + replay(snapshots - 1, steps - head, depth + 1, peak) + replay(snapshots, head, depth, peak);
}

TEST(Binomial3D, ScheduleStaysWithinItsSweeps) {
  for (int s : {1, 2, 3, 5, 10, 30})
    for (int64_t n : {2, 3, 17, 100, 1000}) {
      int peak = 0;
      const int64_t taken = replay(s, n, 0, &peak);
      const int r = binomialSweeps(s, n);
      EXPECT_LE(taken, (r + 1) * n) << s << " snapshots, " << n << " steps";
      EXPECT_LE(peak, s);
    }
}

TEST(RankLayout3D, CutsTheLeastSurfaceAndKeepsGivenCounts) {
  const auto l = chooseRankLayout({400, 100, 50}, {0, 0, 0}, 4, 4);  // cuts of 100 x 50 are the smallest
  EXPECT_EQ(l, (std::array<int, 3>{4, 1, 1}));
  EXPECT_EQ(chooseRankLayout({64, 64, 64}, {0, 0, 0}, 8, 4), (std::array<int, 3>{2, 2, 2}));
  EXPECT_EQ(chooseRankLayout({64, 64, 64}, {1, 0, 0}, 4, 4)[0], 1);
  EXPECT_EQ(chooseRankLayout({64, 64, 64}, {1, 2, 2}, 4, 4), (std::array<int, 3>{1, 2, 2}));
}

TEST(RankLayout3D, GridThatDoesNotFitTheRanksIsRefused) {
  EXPECT_TRUE(contains(inputErrorOf([] { chooseRankLayout({8, 8, 8}, {0, 0, 0}, 16, 4); }), "cannot be split over 16"));
  EXPECT_TRUE(contains(inputErrorOf([] { chooseRankLayout({64, 64, 64}, {2, 2, 2}, 4, 4); }), "makes 8 processes"));
  EXPECT_TRUE(contains(inputErrorOf([] { chooseRankLayout({64, 64, 6}, {1, 1, 2}, 2, 4); }), "at least 4 points"));
}

class Config3D : public ::testing::Test {
 protected:
  Field3D model{uniformGrid3(10, 12, 14, 10.0), 2000.0};
  Acoustic3DConfig read() { return readAcoustic3DConfig(PETSC_COMM_WORLD, model.grid); }
};

TEST_F(Config3D, DefaultsDescribeAPatchAndACentralSource) {
  Acoustic3DConfig c = read();
  validateAcoustic3DConfig(c, model, 1);
  ASSERT_EQ(c.sources.size(), 1u);
  EXPECT_EQ(c.sources[0].ix, 7);
  EXPECT_EQ(c.sources[0].iy, 6);
  EXPECT_EQ(c.receivers.size(), 6u * 7u);
  EXPECT_GT(c.dt, 0.0);
  EXPECT_LE(c.dt, maxStableDt3D(c.order, model.grid, 2000.0));
}

TEST_F(Config3D, ListReceiversMakeALine) {
  ScopedOption layout("-acoustic3d_receivers", "list"), x("-acoustic3d_rec_ix", "0,3,6,9"), y("-acoustic3d_rec_iy", "5");
  const Acoustic3DConfig c = read();
  ASSERT_EQ(c.receivers.size(), 4u);
  EXPECT_EQ(c.receivers[2].ix, 6);
  EXPECT_EQ(c.receivers[2].iy, 5);
}

TEST_F(Config3D, SourceOutsideTheGridIsRefused) {
  ScopedOption x("-acoustic3d_src_ix", "14");
  Acoustic3DConfig c = read();
  EXPECT_TRUE(contains(inputErrorOf([&] { validateAcoustic3DConfig(c, model, 1); }), "source 0 at (iz 1, iy 6, ix 14) lies outside"));
}

TEST_F(Config3D, FlatModelIsRefused) {
  const Field3D flat(uniformGrid3(10, 1, 14, 10.0), 2000.0);
  Acoustic3DConfig c = readAcoustic3DConfig(PETSC_COMM_WORLD, flat.grid);
  EXPECT_TRUE(contains(inputErrorOf([&] { validateAcoustic3DConfig(c, flat, 1); }), "more than one cell along z, y and x"));
}

TEST_F(Config3D, UnstableStepIsRefused) {
  ScopedOption dt("-acoustic3d_dt", "0.01");
  Acoustic3DConfig c = read();
  EXPECT_TRUE(contains(inputErrorOf([&] { validateAcoustic3DConfig(c, model, 1); }), "is unstable"));
}

TEST_F(Config3D, BadOptionsAreRefused) {
  {
    ScopedOption f("-acoustic3d_absorbing_faces", "top,sideways");
    EXPECT_TRUE(contains(inputErrorOf([&] { read(); }), "unknown face 'sideways'"));
  }
  {
    ScopedOption s("-acoustic3d_free_surface", "true"), f("-acoustic3d_absorbing_faces", "top,bottom");
    Acoustic3DConfig c = read();
    EXPECT_TRUE(contains(inputErrorOf([&] { validateAcoustic3DConfig(c, model, 1); }), "conflicts"));
  }
  {
    ScopedOption r("-acoustic3d_ranks", "1,2");
    EXPECT_TRUE(contains(inputErrorOf([&] { read(); }), "three counts"));
  }
  {
    ScopedOption z("-acoustic3d_rec_iz", "1,2");
    EXPECT_TRUE(contains(inputErrorOf([&] { read(); }), "takes one depth"));
  }
  {
    ScopedOption r("-acoustic3d_ranks", "2,1,1");
    Acoustic3DConfig c = read();
    EXPECT_TRUE(contains(inputErrorOf([&] { validateAcoustic3DConfig(c, model, 1); }), "makes 2 processes"));
  }
}

}  // namespace
}  // namespace pairinv::acoustic3d
