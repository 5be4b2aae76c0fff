// Temporal blocking (temporal_blocking.cpp) gives the bits of stepping one step at a time:
// gathers and wavefield snapshots of whole shots with -acoustic_time_block T against T = 1, for
// every boundary option, orders 2, 4 and 8, both precisions, step counts that leave a partial
// last block, snapshots that cut the blocks, and sources and receivers on the first and last
// rows (where the wavefront starts and ends). On 2 ranks a shot split over the ranks must not
// block (its halos are exchanged every step) and still gives the same bits.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>

#include <map>
#include <tuple>
#include <vector>

#include "acoustic_test_support.hpp"
#include "solvers/acoustic/acoustic_propagator.hpp"

namespace pairinv::acoustic {
namespace {

enum class Case { Pml, PmlFreeSurface, Damping };

struct ShotRun {
  std::vector<double> gather;
  std::map<int, std::vector<double>> snapshots;
  int timeBlock = 0;
};

class TemporalBlocking : public ::testing::TestWithParam<std::tuple<Case, int, AcousticPrecision>> {
 protected:
  void SetUp() override {
    const auto [boundary, order, precision] = GetParam();
    model_ = pairinv::testing::randomModel(37, 29, 10.0, 1800.0, 3000.0, 5);
    config_ = pairinv::testing::plainConfig(order, 1e-3, 61, 15.0);
    config_.dt = 0.5 * maxStableDt(order, model_.grid, 3000.0);
    config_.padCells = 7;
    config_.precision = precision;
    config_.recordEvery = 2;
    config_.snapshotEvery = 25;
    if (boundary == Case::PmlFreeSurface) {
      config_.freeSurface = true;
      pairinv::testing::setAbsorbingSides(config_, false, true, true, true);
    }
    if (boundary == Case::Damping) config_.boundary = Boundary::Damping;
    config_.sources = {{config_.freeSurface ? 1 : 0, 3}, {36, 20}, {18, 14}};  // (row 0 is p = 0 under a free surface)
    for (int iz : {0, 1, 17, 35, 36}) config_.receivers.push_back({iz, 11});
    for (int ix = 0; ix < 29; ix += 3) config_.receivers.push_back({2, ix});
    validateAcousticConfig(config_, model_);
  }

  template <class Real>
  ShotRun run(MPI_Comm comm, int timeBlock) const {
    AcousticConfig c = config_;
    c.timeBlock = timeBlock;
    AcousticPropagator<Real> prop(comm, model_, c);
    ShotRun r;
    r.timeBlock = prop.timeBlock();
    const std::size_t per = std::size_t(c.samplesPerTrace()) * c.receivers.size();
    r.gather.assign(per * c.sources.size(), 0.0);
    const std::vector<double> wavelet = makeWavelet(c);
    for (std::size_t s = 0; s < c.sources.size(); ++s)
      prop.runShot(c.sources[s], wavelet, r.gather.data() + s * per, [&](int step, double, const Field2D& f) {
        r.snapshots[int(s) * 1000 + step] = f.values;
      });
    return r;
  }

  template <class Real>
  void expectSameBits(MPI_Comm comm) const {
    const ShotRun reference = run<Real>(comm, 1);
    for (int T : {2, 3, 8}) {
      const ShotRun blocked = run<Real>(comm, T);
      ASSERT_EQ(blocked.gather.size(), reference.gather.size());
      for (std::size_t i = 0; i < reference.gather.size(); ++i)
        ASSERT_EQ(blocked.gather[i], reference.gather[i]) << "T = " << T << ", gather entry " << i;
      EXPECT_EQ(blocked.snapshots, reference.snapshots) << "T = " << T;
      EXPECT_EQ(blocked.timeBlock, isSerial(comm) ? T : 1);
    }
    double largest = 0.0;
    for (double x : reference.gather) largest = std::max(largest, std::abs(x));
    EXPECT_GT(largest, 0.0);
  }

  static bool isSerial(MPI_Comm comm) {
    int size = 1;
    MPI_Comm_size(comm, &size);
    return size == 1;
  }

  Field2D model_;
  AcousticConfig config_;
};

TEST_P(TemporalBlocking, GivesTheBitsOfSteppingOneStepAtATime) {
  withPrecision(config_.precision, [&](auto real) { expectSameBits<decltype(real)>(PETSC_COMM_SELF); });
}

TEST_P(TemporalBlocking, ShotsSplitOverRanksStepOneAtATime) {
  withPrecision(config_.precision, [&](auto real) { expectSameBits<decltype(real)>(PETSC_COMM_WORLD); });
}

TEST(TemporalBlockingChoice, AutomaticBlocksOnlyLargeSerialBoxes) {
  const Field2D small = pairinv::testing::homogeneousModel(40, 40, 10.0, 2000.0);
  // Its three swept double arrays take 0.6 of the last-level cache (automatic: above half).
  const long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
  const int n = int(std::sqrt(0.6 * double(l3 > 0 ? l3 : 32 << 20) / 24.0));
  const Field2D large = pairinv::testing::homogeneousModel(n, n, 10.0, 2000.0);
  AcousticConfig c = pairinv::testing::plainConfig(4, 1e-3, 10, 10.0);
  c.sources = {{1, 1}};
  c.receivers = {{1, 2}};
  validateAcousticConfig(c, large);
  EXPECT_EQ(AcousticPropagator<double>(PETSC_COMM_SELF, small, c).timeBlock(), 1);
  EXPECT_EQ(AcousticPropagator<double>(PETSC_COMM_SELF, large, c).timeBlock(), 4);
  c.timeBlock = 1;
  EXPECT_EQ(AcousticPropagator<double>(PETSC_COMM_SELF, large, c).timeBlock(), 1);
}

INSTANTIATE_TEST_SUITE_P(
    BoundariesOrdersPrecisions, TemporalBlocking,
    ::testing::Combine(::testing::Values(Case::Pml, Case::PmlFreeSurface, Case::Damping), ::testing::Values(2, 4, 8),
                       ::testing::Values(AcousticPrecision::Double, AcousticPrecision::Single)),
    [](const auto& info) {
      const Case c = std::get<0>(info.param);
      return std::string(c == Case::Pml ? "Pml" : c == Case::Damping ? "Damping" : "PmlFreeSurface") + "_order" +
             std::to_string(std::get<1>(info.param)) + "_" + nameOf(std::get<2>(info.param), kPrecisionNames);
    });

}  // namespace
}  // namespace pairinv::acoustic
