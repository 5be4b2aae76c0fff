// The solver against the plain reference implementation in reference_propagator.cpp: whole
// gathers for orders 2, 4 and 8 and every kind of boundary, on a small heterogeneous model
// (31 x 43 cells of 10 m, velocities 1500-3500 m/s from a fixed seed). Both evaluate the same
// discrete equations, so they may differ by round-off only: relative L2 difference < 1e-12.
// The padded widths (63, 53, 43 columns) are not multiples of 4, so vectorised row loops also
// run their remainder code.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <string>
#include <tuple>
#include <vector>

#include "acoustic_test_support.hpp"
#include "reference_propagator.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace pairinv::acoustic {
namespace {

using pairinv::testing::plainConfig;
using pairinv::testing::randomModel;
using pairinv::testing::referenceGathers;
using pairinv::testing::relativeL2;
using pairinv::testing::setAbsorbingSides;

enum class Sides { PmlAll, PmlFreeSurface, PmlLeftBottom, DampingAll, DampingFreeSurface, Reflecting };

std::string sidesName(Sides s) {
  switch (s) {
    case Sides::PmlAll: return "PmlAll";
    case Sides::PmlFreeSurface: return "PmlFreeSurface";
    case Sides::PmlLeftBottom: return "PmlLeftBottom";
    case Sides::DampingAll: return "DampingAll";
    case Sides::DampingFreeSurface: return "DampingFreeSurface";
    case Sides::Reflecting: return "Reflecting";
  }
  return "?";
}

constexpr int kRows = 31, kColumns = 43;

Field2D smallRandomModel() { return randomModel(kRows, kColumns, 10.0, 1500.0, 3500.0, 20240601u); }

/// dt = 1 ms is below the order-8 limit (1.65 ms at 3500 m/s); 301 steps let the waves cross
/// the model and the 10-cell layers several times; every second step is recorded.
AcousticConfig configFor(int order, Sides sides) {
  AcousticConfig c = plainConfig(order, 1e-3, 301, 12.0);
  c.padCells = 10;
  c.recordEvery = 2;
  const bool damping = sides == Sides::DampingAll || sides == Sides::DampingFreeSurface;
  c.boundary = damping ? Boundary::Damping : Boundary::Pml;
  if (damping) c.scaling = SourceScaling::OpenFwi;
  c.freeSurface = sides == Sides::PmlFreeSurface || sides == Sides::DampingFreeSurface;
  switch (sides) {
    case Sides::PmlAll:
    case Sides::DampingAll: setAbsorbingSides(c, true, true, true, true); break;
    case Sides::PmlFreeSurface:
    case Sides::DampingFreeSurface: setAbsorbingSides(c, false, true, true, true); break;
    case Sides::PmlLeftBottom: setAbsorbingSides(c, false, true, true, false); break;
    case Sides::Reflecting: setAbsorbingSides(c, false, false, false, false); break;
  }
  // One shot next to the top-left corner, one inside; receivers on a shallow line, down the
  // right edge and on the surface row (zero under a free surface).
  c.sources = {{1, 2}, {17, 25}};
  c.receivers.clear();
  for (int ix = 0; ix < kColumns; ix += 3) c.receivers.push_back({2, ix});
  for (int iz = 0; iz < kRows; iz += 4) c.receivers.push_back({iz, kColumns - 1});
  c.receivers.push_back({0, 20});
  return c;
}

class ReferenceKernel : public ::testing::TestWithParam<std::tuple<int, Sides>> {};

TEST_P(ReferenceKernel, GathersMatchThePlainReferenceToRoundOff) {
  const auto [order, sides] = GetParam();
  const Field2D model = smallRandomModel();
  AcousticConfig config = configFor(order, sides);
  validateAcousticConfig(config, model);

  const ShotGathers gathers = simulateShots(PETSC_COMM_WORLD, model, config);
  const std::vector<double> reference = referenceGathers(model, config);

  if (pairinv::testing::rankOf(PETSC_COMM_WORLD) != 0) return;
  ASSERT_EQ(gathers.nsamples, 151);
  ASSERT_EQ(gathers.data.size(), reference.size());
  const double difference = relativeL2(gathers.data, reference);
  std::printf("reference kernel: order %d, %s: relative L2 difference %.3e\n", order, sidesName(sides).c_str(),
              difference);
  EXPECT_GT(relativeL2(std::vector<double>(reference.size(), 0.0), reference), 0.5);  // not all zero
  EXPECT_LT(difference, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(
    OrdersAndBoundaries, ReferenceKernel,
    ::testing::Combine(::testing::Values(2, 4, 8),
                       ::testing::Values(Sides::PmlAll, Sides::PmlFreeSurface, Sides::PmlLeftBottom,
                                         Sides::DampingAll, Sides::DampingFreeSurface, Sides::Reflecting)),
    [](const ::testing::TestParamInfo<std::tuple<int, Sides>>& info) {
      return "Order" + std::to_string(std::get<0>(info.param)) + "_" + sidesName(std::get<1>(info.param));
    });

// The comparison above is only as sharp as the cases are different: each boundary treatment
// must change the gathers well beyond the 1e-12 tolerance.
TEST(ReferenceKernelCases, EveryBoundaryCaseChangesTheGathers) {
  const Field2D model = smallRandomModel();
  const Sides all[] = {Sides::PmlAll, Sides::PmlFreeSurface, Sides::PmlLeftBottom, Sides::DampingAll,
                       Sides::DampingFreeSurface, Sides::Reflecting};
  std::vector<std::vector<double>> gathers;
  for (Sides s : all) {
    AcousticConfig config = configFor(4, s);
    config.scaling = SourceScaling::Physical;  // compare boundaries, not source scalings

    gathers.push_back(referenceGathers(model, config));
  }

  for (std::size_t i = 0; i < gathers.size(); ++i)
    for (std::size_t j = i + 1; j < gathers.size(); ++j)
      EXPECT_GT(relativeL2(gathers[i], gathers[j]), 1e-3) << sidesName(all[i]) << " vs " << sidesName(all[j]);
}

}  // namespace
}  // namespace pairinv::acoustic
