// The storage plans of the gradient (checkpoint_plan.hpp) and the pool they live in
// (wavefield_pool.hpp): `auto` stores fully when that fits the budget and is in memory,
// checkpoints (and asks for the memory to be brought in) when it fits but is not, and counts
// work as the steady state either way; explicit choices ignore the memory's history.
#include <gtest/gtest.h>

#include <numeric>

#include "acoustic_test_support.hpp"
#include "solvers/acoustic/checkpoint_plan.hpp"
#include "solvers/acoustic/wavefield_pool.hpp"

namespace pairinv::acoustic {
namespace {

constexpr std::size_t kMB = 1000000;

class CheckpointPlanning : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = pairinv::testing::plainConfig(4, 1e-3, 500, 10.0);
    config_.memoryBudgetMB = 8000;  // 8 GB: the 4 GB full plan fits
  }
  CheckpointPlan plan(std::size_t resident, bool canWarm = true) const {
    return planCheckpoints(config_, kField, kState, 1, resident, canWarm);
  }
  static constexpr std::size_t kField = 8 * kMB, kState = 20 * kMB;  // 500 steps: 4 GB in full
  AcousticConfig config_;
};

TEST_F(CheckpointPlanning, AutoStoresFullyWhatIsInMemory) {
  const CheckpointPlan p = plan(4000 * kMB);
  EXPECT_EQ(p.segments, 1);
  EXPECT_EQ(p.bytes, 500 * kField);
  EXPECT_EQ(p.warmBytes, 0u);
  EXPECT_FALSE(p.recomputes());
}

TEST_F(CheckpointPlanning, AutoCheckpointsWhileTheFullStorageIsBroughtIn) {
  const CheckpointPlan p = plan(0);
  EXPECT_GT(p.segments, 1);
  EXPECT_EQ(std::accumulate(p.lengths.begin(), p.lengths.end(), 0), 500);
  EXPECT_LT(p.bytes, 500 * kField / 5);
  EXPECT_EQ(p.warmBytes, 500 * kField);
  EXPECT_FALSE(p.recomputes());  // counted as the full storage it stands in for
  // Almost in memory (within 256 MiB), or no way to bring it in: store fully at once.
  EXPECT_EQ(plan(500 * kField - 100 * kMB).segments, 1);
  EXPECT_EQ(plan(0, false).segments, 1);
}

TEST_F(CheckpointPlanning, ExplicitChoicesAndTightBudgetsIgnoreTheMemorysHistory) {
  config_.gradientStorage = GradientStorage::Checkpoint;
  const CheckpointPlan c = plan(4000 * kMB);
  EXPECT_GT(c.segments, 1);
  EXPECT_EQ(c.warmBytes, 0u);
  EXPECT_TRUE(c.recomputes());
  config_.gradientStorage = GradientStorage::Full;
  EXPECT_EQ(plan(0).segments, 1);
  config_.gradientStorage = GradientStorage::Auto;
  config_.memoryBudgetMB = 1000;  // the full plan does not fit: checkpoint, nothing to warm
  const CheckpointPlan a = plan(0);
  EXPECT_GT(a.segments, 1);
  EXPECT_EQ(a.warmBytes, 0u);
  EXPECT_TRUE(a.recomputes());
  EXPECT_EQ(a.bytes, c.bytes);
}

TEST(WavefieldPool, IsResidentAsFarAsUsedOrPopulated) {
  WavefieldPool& pool = WavefieldPool::instance();
  char* a = static_cast<char*>(pool.acquire(64 * kMB));
  EXPECT_GE(pool.residentBytes(), 64 * kMB);
  a[64 * kMB - 1] = 1;  // usable to the end
  char* b = static_cast<char*>(pool.acquire(300 * kMB));
  const std::size_t before = pool.residentBytes();
  EXPECT_GE(before, 300 * kMB);  // acquired: its user writes it
  char* c = static_cast<char*>(pool.acquire(100 * kMB, 600 * kMB));  // room for 600 MB, 100 MB used
  ASSERT_TRUE(c != nullptr);
  EXPECT_LT(pool.residentBytes(), 600 * kMB);  // the room is not in memory yet (the new buffer: 100 MB used)
  EXPECT_EQ(pool.acquire(100 * kMB), c);      // never shrinks or moves for a smaller request
  (void)b;
  const bool started = pool.populateInBackground(100 * kMB, 600 * kMB);
  if (!started) GTEST_SKIP() << "this kernel cannot populate (MADV_POPULATE_WRITE)";
  c[50 * kMB] = 2;  // the front stays usable meanwhile
  pool.waitForPopulation();
  EXPECT_GE(pool.residentBytes(), 600 * kMB);
  EXPECT_EQ(c[50 * kMB], 2);
}

}  // namespace
}  // namespace pairinv::acoustic
