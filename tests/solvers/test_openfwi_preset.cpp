// The openfwi preset against reference data from an independent implementation of OpenFWI's
// published forward model (tests/data/README.md): a two-layer 70 x 70 model, 10 m cells,
// 5 shots x 1000 samples x 70 receivers. The preset must reproduce it far below the float32
// storage precision of the data (1e-4 relative is the bound; the scheme is the same, so
// only round-off and the reference's float32 rounding separate the two).
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cmath>
#include <vector>

#include "acoustic_test_support.hpp"
#include "core/npy.hpp"
#include "solvers/acoustic/acoustic_config.hpp"
#include "solvers/acoustic/shot_simulation.hpp"
#include "solvers/acoustic/wavelet.hpp"

namespace pairinv::acoustic {
namespace {

using pairinv::testing::relativeL2;

const char* const kModelFile = PAIRINV_TESTDATA_DIR "/openfwi_twolayer_model.npy";
const char* const kDataFile = PAIRINV_TESTDATA_DIR "/openfwi_twolayer_data.npy";

/// The configuration that `-acoustic_preset openfwi` gives, read through the options database
/// exactly as the `pairinv forward` command reads it; the option is removed again afterwards.
AcousticConfig openfwiPresetConfig(const Grid2D& grid) {
  const pairinv::testing::ScopedOption preset("-acoustic_preset", "openfwi");
  return readAcousticConfig(PETSC_COMM_WORLD, grid);
}

class OpenFwiPreset : public ::testing::Test {
 protected:
  void SetUp() override {
    const NpyArray model = readNpy(kModelFile);
    ASSERT_EQ(model.shape, (std::vector<std::size_t>{70, 70}));
    Grid2D grid;
    grid.nz = 70, grid.nx = 70, grid.dz = 10.0, grid.dx = 10.0;  // OpenFWI's 10 m cells
    velocity_ = Field2D(grid);
    velocity_.values = model.data;

    const NpyArray data = readNpy(kDataFile);
    ASSERT_EQ(data.shape, (std::vector<std::size_t>{5, 1000, 70}));
    expected_ = data.data;
  }

  Field2D velocity_;
  std::vector<double> expected_;
};

TEST_F(OpenFwiPreset, ResolvesToOpenFwisPublishedScheme) {
  AcousticConfig config = openfwiPresetConfig(velocity_.grid);

  validateAcousticConfig(config, velocity_);

  EXPECT_EQ(config.order, 4);
  EXPECT_EQ(config.dt, 1e-3);
  EXPECT_EQ(config.nt, 1000);
  EXPECT_EQ(config.boundary, Boundary::Damping);
  EXPECT_EQ(config.padCells, 120);
  EXPECT_EQ(config.wavelet, acoustic::WaveletKind::OpenFwi);
  EXPECT_EQ(config.peakFrequency, 15.0);
  EXPECT_EQ(config.scaling, SourceScaling::OpenFwi);
  EXPECT_FALSE(config.freeSurface);
  ASSERT_EQ(config.sources.size(), 5u);
  const int columns[5] = {0, 17, 34, 52, 69};  // numpy.round(numpy.linspace(0, 69, 5))
  for (int s = 0; s < 5; ++s) {
    EXPECT_EQ(config.sources[std::size_t(s)].iz, 1);
    EXPECT_EQ(config.sources[std::size_t(s)].ix, columns[s]);
  }
  ASSERT_EQ(config.receivers.size(), 70u);
  for (int r = 0; r < 70; ++r) {
    EXPECT_EQ(config.receivers[std::size_t(r)].iz, 1);
    EXPECT_EQ(config.receivers[std::size_t(r)].ix, r);
  }
}

TEST_F(OpenFwiPreset, ReproducesTheReferenceGathersOverallAndPerShot) {
  AcousticConfig config = openfwiPresetConfig(velocity_.grid);
  validateAcousticConfig(config, velocity_);

  const ShotGathers gathers = simulateShots(PETSC_COMM_WORLD, velocity_, config);

  if (pairinv::testing::rankOf(PETSC_COMM_WORLD) != 0) return;  // gathers live on rank 0
  ASSERT_EQ(gathers.nshots, 5);
  ASSERT_EQ(gathers.nsamples, 1000);
  ASSERT_EQ(gathers.nreceivers, 70);
  ASSERT_EQ(gathers.data.size(), expected_.size());
  const double overall = relativeL2(gathers.data, expected_);
  RecordProperty("relative_l2_overall", std::to_string(overall));
  EXPECT_LT(overall, 1e-4) << "overall relative L2 error " << overall;
  const std::size_t perShot = 1000u * 70u;
  for (std::size_t s = 0; s < 5; ++s) {
    const std::vector<double> got(gathers.data.begin() + long(s * perShot),
                                  gathers.data.begin() + long((s + 1) * perShot));
    const std::vector<double> want(expected_.begin() + long(s * perShot), expected_.begin() + long((s + 1) * perShot));
    const double error = relativeL2(got, want);
    std::printf("openfwi preset: shot %zu relative L2 error %.3e\n", s, error);
    EXPECT_LT(error, 1e-4) << "shot " << s;
  }
  std::printf("openfwi preset: overall relative L2 error %.3e\n", overall);
  // For the record: the data are float32, so ~3e-8 is their storage floor; rounded the same
  // way, the two implementations agree to round-off.
  std::vector<double> rounded(gathers.data);
  for (double& x : rounded) x = double(float(x));
  std::printf("openfwi preset: after rounding to float32 %.3e\n", relativeL2(rounded, expected_));
}

// The same in single precision, to 2e-5: the float time stepping's round-off grows to about
// 2e-6 relative over the 1000 steps.
TEST_F(OpenFwiPreset, ReproducesTheReferenceGathersInSinglePrecision) {
  AcousticConfig config = openfwiPresetConfig(velocity_.grid);
  config.precision = AcousticPrecision::Single;
  validateAcousticConfig(config, velocity_);

  const ShotGathers gathers = simulateShots(PETSC_COMM_WORLD, velocity_, config);

  if (pairinv::testing::rankOf(PETSC_COMM_WORLD) != 0) return;
  ASSERT_EQ(gathers.data.size(), expected_.size());
  const double overall = relativeL2(gathers.data, expected_);
  std::printf("openfwi preset, single precision: overall relative L2 error %.3e\n", overall);
  EXPECT_LT(overall, 2e-5);
  EXPECT_GT(overall, 0.0);  // float arithmetic does differ from the double reference
}

TEST(OpenFwiWavelet, PeaksAtSample73AndIsZeroAfterTheWindow) {
  // nw = 2 floor(2.2 / (f dt) / 2) + 1 = 147 samples, centred at nc = 73.
  const std::vector<double> w = openfwiRickerWavelet(15.0, 1e-3, 1000);

  ASSERT_EQ(w.size(), 1000u);
  std::size_t peak = 0;
  for (std::size_t k = 1; k < w.size(); ++k)
    if (w[k] > w[peak]) peak = k;
  EXPECT_EQ(peak, 73u);
  EXPECT_DOUBLE_EQ(w[73], 1.0);
  for (std::size_t j = 1; j <= 73; ++j) EXPECT_DOUBLE_EQ(w[73 - j], w[73 + j]) << "asymmetric at " << j;
  EXPECT_NE(w[146], 0.0);  // the last sample of the window
  for (std::size_t k = 147; k < w.size(); ++k) ASSERT_EQ(w[k], 0.0) << "sample " << k;
}

}  // namespace
}  // namespace pairinv::acoustic
