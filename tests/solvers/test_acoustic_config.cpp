// validateAcousticConfig and readAcousticConfig reject what the solver cannot run, with an
// InputError whose message names the problem; and the stability limit that the dt check uses
// is the real one: just above it a short simulation blows up, just below it stays bounded.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "acoustic_test_support.hpp"
#include "core/error.hpp"
#include "solvers/acoustic/shot_simulation.hpp"
#include "test_support.hpp"

namespace pairinv::acoustic {
namespace {

using pairinv::testing::contains;
using pairinv::testing::homogeneousModel;
using pairinv::testing::inputErrorMessage;
using pairinv::testing::plainConfig;
using pairinv::testing::setAbsorbingSides;

class AcousticConfigErrors : public ::testing::Test {
 protected:
  // A valid 40 x 50 survey: 2 shots, 3 receivers, order 4, dt = 1 ms (limit ~2.65 ms).
  Field2D model_ = homogeneousModel(40, 50, 10.0, 2000.0);
  AcousticConfig config_ = [] {
    AcousticConfig c = plainConfig(4, 1e-3, 100, 10.0);
    c.sources = {{1, 10}, {1, 40}};
    c.receivers = {{2, 0}, {2, 25}, {39, 49}};
    return c;
  }();

  std::string validationError() {
    return inputErrorMessage([&] { validateAcousticConfig(config_, model_); });
  }
};

TEST_F(AcousticConfigErrors, TheBaseConfigurationIsValid) {
  EXPECT_NO_THROW(validateAcousticConfig(config_, model_));
}

TEST_F(AcousticConfigErrors, UnstableDtNamesTheLargestStableDt) {
  const double limit = maxStableDt(4, model_.grid, 2000.0);
  config_.dt = 1.01 * limit;

  const std::string message = validationError();

  EXPECT_TRUE(contains(message, "-acoustic_dt")) << message;
  EXPECT_TRUE(contains(message, concat("the largest stable time step is ", limit, " s"))) << message;
}

TEST_F(AcousticConfigErrors, NanVelocityIsRejected) {
  model_.at(7, 9) = std::numeric_limits<double>::quiet_NaN();

  const std::string message = validationError();

  EXPECT_TRUE(contains(message, "non-finite")) << message;
  EXPECT_TRUE(contains(message, "row 7, column 9")) << message;
}

TEST_F(AcousticConfigErrors, NonPositiveVelocityIsRejected) {
  for (double bad : {0.0, -1500.0}) {
    model_.at(3, 4) = bad;

    const std::string message = validationError();

    EXPECT_TRUE(contains(message, "must be positive")) << message;
    EXPECT_TRUE(contains(message, "row 3, column 4")) << message;
  }
}

TEST_F(AcousticConfigErrors, SourceOutsideTheGridIsRejected) {
  config_.sources[1] = {40, 10};  // one row below the last

  const std::string message = validationError();

  EXPECT_TRUE(contains(message, "source 1 at (row 40, column 10) lies outside the 40 x 50 model grid")) << message;
}

TEST_F(AcousticConfigErrors, ReceiverOutsideTheGridIsRejected) {
  config_.receivers[2] = {5, -1};

  const std::string message = validationError();

  EXPECT_TRUE(contains(message, "receiver 2 at (row 5, column -1) lies outside")) << message;
}

TEST_F(AcousticConfigErrors, Order6IsRejected) {
  config_.order = 6;

  const std::string message = validationError();

  EXPECT_TRUE(contains(message, "order 6 is not supported; use 2, 4 or 8")) << message;
}

TEST_F(AcousticConfigErrors, FreeSurfaceWithAnAbsorbingTopIsRejected) {
  config_.freeSurface = true;
  setAbsorbingSides(config_, true, true, true, true);

  const std::string message = validationError();

  EXPECT_TRUE(contains(message, "-acoustic_free_surface conflicts with an absorbing top side")) << message;
}

TEST_F(AcousticConfigErrors, SnapshotShotOutOfRangeIsRejected) {
  config_.snapshotEvery = 10;
  config_.snapshotShot = 2;  // shots are 0 and 1

  const std::string message = validationError();

  EXPECT_TRUE(contains(message, "-acoustic_snapshot_shot 2 is not a shot index (there are 2 shots)")) << message;
}

TEST_F(AcousticConfigErrors, UnknownAbsorbingSideOptionIsRejected) {
  const pairinv::testing::ScopedOption sides("-acoustic_absorbing_sides", "top,front");

  const std::string message = inputErrorMessage([&] { readAcousticConfig(PETSC_COMM_WORLD, model_.grid); });

  EXPECT_TRUE(contains(message, "unknown side 'front'")) << message;
}

TEST(AcousticStabilityLimit, Order2WithSquareCellsIsHOverVSqrt2) {
  const Grid2D grid = pairinv::testing::uniformGrid(10, 10, 7.5);

  const double limit = maxStableDt(2, grid, 3000.0);

  EXPECT_NEAR(limit, 7.5 / (3000.0 * std::sqrt(2.0)), 1e-14 * limit);
}

// Reflecting sides (no absorbing layer): the scheme conserves a discrete energy below the limit,
// so nothing can grow; above it the checkerboard modes grow by about 1 + sqrt(8 * 0.01) = 1.28
// per step, i.e. by ~1e40 in 400 steps.
class AcousticStabilityRun : public ::testing::Test {
 protected:
  /// Peak |p| at the receivers over the first and second halves of the record (rank 0).
  static std::pair<double, double> peaks(double dtFactor) {
    const Field2D model = homogeneousModel(40, 40, 10.0, 2000.0);
    AcousticConfig config = plainConfig(2, 1e-3, 400, 10.0);
    setAbsorbingSides(config, false, false, false, false);
    config.sources = {{20, 20}};
    config.receivers = {{5, 5}, {20, 30}, {35, 12}};
    validateAcousticConfig(config, model);  // at a safe dt; then move dt next to the limit
    config.dt = dtFactor * maxStableDt(2, model.grid, 2000.0);

    const ShotGathers gathers = simulateShots(PETSC_COMM_WORLD, model, config);

    double early = 0.0, late = 0.0;
    for (int j = 0; j < gathers.nsamples; ++j)
      for (int r = 0; r < gathers.nreceivers && !gathers.data.empty(); ++r) {
        const double v = std::isfinite(gathers.at(0, j, r)) ? std::abs(gathers.at(0, j, r)) : HUGE_VAL;
        double& peak = j < gathers.nsamples / 2 ? early : late;
        peak = std::max(peak, v);
      }
    return {early, late};
  }
};

TEST_F(AcousticStabilityRun, JustBelowTheLimitStaysBoundedJustAboveItBlowsUp) {
  const auto [stableEarly, stableLate] = peaks(0.99);
  const auto [unstableEarly, unstableLate] = peaks(1.01);

  if (pairinv::testing::rankOf(PETSC_COMM_WORLD) != 0) return;
  std::printf("stability: 0.99 x limit: peak %.3e then %.3e; 1.01 x limit: peak %.3e then %.3e\n", stableEarly,
              stableLate, unstableEarly, unstableLate);
  ASSERT_GT(stableEarly, 0.0);
  EXPECT_TRUE(std::isfinite(stableLate));
  EXPECT_LT(stableLate, 10.0 * stableEarly);
  EXPECT_GT(unstableLate, 1e10 * stableEarly);
}

}  // namespace
}  // namespace pairinv::acoustic
