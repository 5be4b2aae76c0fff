// Magnetotellurics on the default mesh, each polarisation and both at once (under rows of air in
// the model too), over three decades of frequency:
// a half-space gives rho_a = 1/sigma within 1% and a phase of 45 degrees within 0.5 degrees;
// a three-layer earth matches the 1D impedance recursion within 2% in rho_a (and 1 degree).
// Laterally uniform models have the same response at every receiver, so every receiver is
// checked.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "em_test_support.hpp"
#include "solvers/em/em_analytic.hpp"
#include "solvers/em/em_simulation.hpp"

using namespace pairinv;

namespace {

const std::vector<double> kFrequencies = {0.01, 0.1, 1.0, 10.0};

struct Worst {
  double rhoError = 0.0, phaseError = 0.0;  // relative; degrees
};

/// Simulates `model` and compares every receiver with the 1D impedance of the layers.
Worst compareWith1D(const Field2D& model, em::Polarisation p, const std::vector<double>& sigma,
                    const std::vector<double>& thickness) {
  em::EmConfig config = pairinv::testing::mtConfig(model.grid, kFrequencies, p);
  em::placeOnSurface(config, em::earthSurfaceDepth(model));
  em::validateEmConfig(config, model);
  const em::EmSimulation sim = em::simulateEm(PETSC_COMM_SELF, model, config);
  Worst w;
  for (int f = 0; f < int(kFrequencies.size()); ++f) {
    const double freq = kFrequencies[std::size_t(f)];
    const em::Complex exact = em::layeredImpedance(freq, sigma, thickness);
    double fWorstRho = 0, fWorstPhase = 0;
    for (int s = 0; s < sim.impedance.nsrc; ++s)  // both: TE, then TM
    for (int r = 0; r < sim.impedance.nrec; ++r) {
      const em::Complex z = sim.impedance.at(f, s, r);
      const double rhoError =
          std::abs(em::apparentResistivity(freq, z) / em::apparentResistivity(freq, exact) - 1.0);
      const double phaseError = std::abs(em::phaseDegrees(z) - em::phaseDegrees(exact));
      fWorstRho = std::max(fWorstRho, rhoError), fWorstPhase = std::max(fWorstPhase, phaseError);
    }
    std::printf("  %s-pol %6.2f Hz: rho_a exact %9.3f ohm m, worst error %.3e; phase exact %6.2f deg, worst error %.3f deg\n",
                em::name(p), freq, em::apparentResistivity(freq, exact), fWorstRho, em::phaseDegrees(exact), fWorstPhase);
    w.rhoError = std::max(w.rhoError, fWorstRho), w.phaseError = std::max(w.phaseError, fWorstPhase);
  }
  return w;
}

Field2D threeLayers() {
  // 100 ohm m to 500 m, 10 ohm m to 1500 m, then 1000 ohm m (the padding repeats the bottom row).
  Field2D model = pairinv::testing::uniformConductivity(30, 8, 100.0, 1e-3);
  for (int iz = 0; iz < 30; ++iz)
    for (int ix = 0; ix < 8; ++ix) model.at(iz, ix) = iz < 5 ? 0.01 : iz < 15 ? 0.1 : 1e-3;
  return model;
}

class Mt : public ::testing::TestWithParam<em::Polarisation> {};

}  // namespace

TEST_P(Mt, HalfSpaceHasRhoOneOverSigmaAndPhase45) {
  const Worst w = compareWith1D(pairinv::testing::uniformConductivity(20, 8, 100.0, 0.01), GetParam(), {0.01}, {});
  EXPECT_LT(w.rhoError, 0.01);
  EXPECT_LT(w.phaseError, 0.5);
}

TEST_P(Mt, LayeredEarthMatchesTheImpedanceRecursion) {
  const Worst w = compareWith1D(threeLayers(), GetParam(), {0.01, 0.1, 1e-3}, {500.0, 1000.0});
  EXPECT_LT(w.rhoError, 0.02);
  EXPECT_LT(w.phaseError, 1.0);
}

TEST(MtBothModes, UnderRowsOfAirMatchTheImpedanceRecursion) {
  // The three layers under 4 rows of air: TE sees the air in the model, TM starts below it.
  const Field2D layers = threeLayers();
  Field2D model = pairinv::testing::uniformConductivity(34, 8, 100.0, 1e-8);
  std::copy(layers.values.begin(), layers.values.end(), model.values.begin() + 4 * 8);
  const Worst w = compareWith1D(model, em::Polarisation::Both, {0.01, 0.1, 1e-3}, {500.0, 1000.0});
  EXPECT_LT(w.rhoError, 0.02);
  EXPECT_LT(w.phaseError, 1.0);
}

INSTANTIATE_TEST_SUITE_P(Polarisations, Mt,
                         ::testing::Values(em::Polarisation::E, em::Polarisation::H, em::Polarisation::Both),
                         [](const auto& info) { return std::string(em::name(info.param)) + "_polarisation"; });
