// A line current in a whole space against E_y = -(i omega mu0 I / (2 pi)) K0(gamma r):
// below 1% relative error between 0.5 and 3 skin depths on the default mesh (ten cells per skin
// depth, default padding), along three directions, and second-order convergence when every
// cell is split into 3 x 3 (the receivers stay at cell centres, so the rate measures the
// scheme, not the interpolation).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "em_test_support.hpp"
#include "solvers/em/em_analytic.hpp"
#include "solvers/em/em_simulation.hpp"

using namespace pairinv;

namespace {

constexpr double kFrequency = 1.0, kSigma = 0.01;
constexpr int kCells = 61, kCentre = 30;

struct Comparison {
  double maxError = 0.0, rmsError = 0.0;
};

struct WholeSpace {
  Field2D model;
  em::EmConfig config;
  std::vector<double> distances;

  explicit WholeSpace(int refinement) {
    const double delta = em::skinDepth(kFrequency, kSigma), h = delta / 10.0;
    model = pairinv::testing::uniformConductivity(kCells, kCells, h, kSigma);
    config.frequencies = {kFrequency};
    config.source = em::SourceKind::LineCurrent;
    config.datum = em::DatumKind::Field;
    config.air = false;
    config.refinement = refinement;
    const double c = (kCentre + 0.5) * h;
    config.lineSources = {{c, c}};
    // Cell centres 0.5 .. 3 skin depths away: right, up, and along the diagonal.
    for (int k = 5; k <= 30; ++k) config.receivers.push_back({c + k * h, c}), distances.push_back(k * h);
    for (int k = 5; k <= 30; ++k) config.receivers.push_back({c, c - k * h}), distances.push_back(k * h);
    for (int k = 4; k <= 21; ++k)
      config.receivers.push_back({c + k * h, c + k * h}), distances.push_back(std::sqrt(2.0) * k * h);
    em::validateEmConfig(config, model);
  }

  Comparison compare() const {
    const em::EmSimulation sim = em::simulateEm(PETSC_COMM_SELF, model, config);
    Comparison out;
    for (std::size_t r = 0; r < distances.size(); ++r) {
      const em::Complex exact = em::lineSourceField(kFrequency, kSigma, config.current, distances[r]);
      const double e = std::abs(sim.field.at(0, 0, int(r)) - exact) / std::abs(exact);
      out.maxError = std::max(out.maxError, e);
      out.rmsError += e * e;
    }
    out.rmsError = std::sqrt(out.rmsError / double(distances.size()));
    return out;
  }
};

}  // namespace

TEST(EmLineSource, MatchesTheWholeSpaceSolutionWithinOnePercentOnTheDefaultMesh) {
  const Comparison c = WholeSpace(1).compare();
  std::printf("whole-space line source, 10 cells per skin depth: max relative error %.3e, rms %.3e\n",
              c.maxError, c.rmsError);
  EXPECT_LT(c.maxError, 0.01);
}

TEST(EmLineSource, ConvergesAtSecondOrderUnderRefinement) {
  const Comparison coarse = WholeSpace(1).compare(), fine = WholeSpace(3).compare();
  const double rateMax = std::log(coarse.maxError / fine.maxError) / std::log(3.0);
  const double rateRms = std::log(coarse.rmsError / fine.rmsError) / std::log(3.0);
  std::printf("refinement 1 -> 3: max error %.3e -> %.3e (rate %.2f), rms %.3e -> %.3e (rate %.2f)\n",
              coarse.maxError, fine.maxError, rateMax, coarse.rmsError, fine.rmsError, rateRms);
  EXPECT_NEAR(rateRms, 2.0, 0.2);
  EXPECT_NEAR(rateMax, 2.0, 0.2);
}
