// Building blocks of inversion/: the zero-phase low-pass filter, Gaussian smoothing, the
// starting gradient model, the EM polish's starting model, and the resumable CSV history.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "inversion/history_log.hpp"
#include "inversion/lowpass_filter.hpp"
#include "inversion/lsi_polish.hpp"
#include "inversion/model_smoothing.hpp"

namespace pairinv::inversion {
namespace {

std::vector<double> sine(double f, double dt, int n) {
  std::vector<double> s(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) s[std::size_t(i)] = std::sin(2 * M_PI * f * i * dt);
  return s;
}

double rmsMiddle(const std::vector<double>& s) {
  double sum = 0;
  const std::size_t a = s.size() / 4, b = 3 * s.size() / 4;
  for (std::size_t i = a; i < b; ++i) sum += s[i] * s[i];
  return std::sqrt(sum / double(b - a));
}

TEST(LowPass, KeepsFrequenciesWellBelowTheCutoffAndRemovesThoseWellAbove) {
  const double dt = 1e-3;
  const auto low = sine(2.0, dt, 4000), high = sine(30.0, dt, 4000);

  const auto lowOut = lowPass(low, dt, 10.0), highOut = lowPass(high, dt, 10.0);

  EXPECT_NEAR(rmsMiddle(lowOut) / rmsMiddle(low), 1.0, 0.01);
  EXPECT_LT(rmsMiddle(highOut) / rmsMiddle(high), 0.01);
}

TEST(LowPass, IsZeroPhase) {
  const double dt = 1e-3;
  const auto s = sine(3.0, dt, 4000);

  const auto out = lowPass(s, dt, 15.0);

  for (std::size_t i = 1000; i < 3000; i += 97) EXPECT_NEAR(out[i], s[i], 0.01) << "sample " << i;
}

TEST(LowPass, ZeroCutoffMeansFullBand) {
  const auto s = sine(100.0, 1e-3, 100);
  EXPECT_EQ(lowPass(s, 1e-3, 0.0), s);
}

TEST(GaussianSmooth, PreservesConstantsAndSpreadsASpike) {
  Grid2D g;
  g.nz = 21, g.nx = 21, g.dz = 10, g.dx = 10;
  Field2D constant(g, 2500.0), spike(g, 0.0);
  spike.at(10, 10) = 1.0;

  const Field2D c = gaussianSmooth(constant, 30.0), s = gaussianSmooth(spike, 30.0);

  for (double v : c.values) EXPECT_NEAR(v, 2500.0, 1e-9);
  double total = 0;
  for (double v : s.values) total += v;
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_LT(s.at(10, 10), 0.1);
  EXPECT_NEAR(s.at(10, 13), s.at(13, 10), 1e-15);  // isotropic for dx = dz
}

TEST(LinearGradientModel, RunsFromTopToBottom) {
  Grid2D g;
  g.nz = 5, g.nx = 3;
  const Field2D v = linearGradientModel(g, 1500, 3500);
  EXPECT_DOUBLE_EQ(v.at(0, 1), 1500);
  EXPECT_DOUBLE_EQ(v.at(2, 2), 2500);
  EXPECT_DOUBLE_EQ(v.at(4, 0), 3500);
}

TEST(EmPolishStart, TakesTheLsiModelInTheEarthClampedToTheBoundsAndTheKnownAir) {
  // Arrange: 1 air row over 2 earth rows; the decoded model's "air" is only close to air, and
  // one earth cell lies below the FWI's lower bound.
  Grid2D g;
  g.nz = 3, g.nx = 2, g.dz = g.dx = 10.0;
  Field2D truth(g), lsi(g);
  truth.values = {1e-8, 1e-8, 0.01, 0.02, 0.03, 0.04};
  lsi.values = {3e-5, 2e-6, 0.05, 1e-7, 0.5, 20.0};
  EmFwiSettings fwi;
  fwi.sigmaMin = 1e-4, fwi.sigmaMax = 10.0;
  // Act
  const Field2D start = emPolishStart(lsi, truth, fwi);
  // Assert
  const std::vector<double> expected{1e-8, 1e-8, 0.05, 1e-4, 0.5, 10.0};
  ASSERT_EQ(start.values.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_DOUBLE_EQ(start.values[i], expected[i]) << "cell " << i;
}

TEST(HistoryLog, ResumesTheRowsItWrote) {
  const auto file = std::filesystem::temp_directory_path() / "pairinv_history_test.csv";
  std::filesystem::remove(file);
  {
    HistoryLog log(file, {"iteration", "objective"});
    log.append({0, 10.5});
    log.append({1, 4.25});
  }

  HistoryLog again(file, {"iteration", "objective"});
  const std::size_t rows = again.resume();

  EXPECT_EQ(rows, 2u);
  EXPECT_EQ(again.column("objective"), (std::vector<double>{10.5, 4.25}));
  HistoryLog other(file, {"iteration", "misfit"});
  EXPECT_THROW(other.resume(), InputError);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace pairinv::inversion
