// The same gathers and wavefield snapshots on 1 and 2 MPI ranks. Each test computes its own
// 1-rank reference on PETSC_COMM_SELF (on every rank) and then runs the same survey on
// PETSC_COMM_WORLD, both with domain decomposition (-acoustic_ranks_per_shot 0) and with whole
// shots per rank (ranksPerShot = 1). Halo exchange moves values, it does not compute, so the
// results should be bitwise equal; the bound is max |difference| / max |reference| < 1e-13.
//
// A tall model is split into rows on 2 ranks and a wide one into columns, so both halo
// directions, the free surface on one rank only, and CPML strips cut by the partition are
// exercised. Registered for 1 and 2 ranks (on 1 rank the test is a determinism check).
#include <gtest/gtest.h>
#include <petscsys.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "acoustic_test_support.hpp"
#include "solvers/acoustic/acoustic_propagator.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace pairinv::acoustic {
namespace {

using pairinv::testing::maxRelativeDifference;
using pairinv::testing::plainConfig;
using pairinv::testing::randomModel;
using pairinv::testing::rankOf;
using pairinv::testing::setAbsorbingSides;

enum class Shape { Tall, Wide };
enum class Absorber { PmlFreeSurface, Damping };

Field2D modelFor(Shape shape) {
  return shape == Shape::Tall ? randomModel(60, 30, 10.0, 1500.0, 3500.0, 7u)
                              : randomModel(30, 60, 10.0, 1500.0, 3500.0, 8u);
}

AcousticConfig configFor(const Field2D& model, Absorber absorber, int ranksPerShot,
                         AcousticPrecision precision = AcousticPrecision::Double) {
  AcousticConfig c = plainConfig(8, 1e-3, 300, 12.0);
  c.precision = precision;
  c.padCells = 10;
  c.ranksPerShot = ranksPerShot;
  if (absorber == Absorber::PmlFreeSurface) {
    c.boundary = Boundary::Pml;
    c.freeSurface = true;
    setAbsorbingSides(c, false, true, true, true);
  } else {
    c.boundary = Boundary::Damping;
    setAbsorbingSides(c, true, true, true, true);
  }
  const int nz = model.grid.nz, nx = model.grid.nx;
  c.sources = {{1, 0}, {nz / 2, nx / 2}, {nz - 1, nx - 1}};  // three shots: uneven over 2 groups
  for (int ix = 0; ix < nx; ++ix) c.receivers.push_back({3, ix});
  for (int iz = 0; iz < nz; ++iz) c.receivers.push_back({iz, nx / 2});
  c.snapshotEvery = 50;
  c.snapshotShot = 1;
  return c;
}

/// Gathers (on the communicator's rank 0) and the snapshots this rank's callback received.
struct SurveyRun {
  ShotGathers gathers;
  std::map<int, std::vector<double>> snapshots;
};

SurveyRun simulate(MPI_Comm comm, const Field2D& model, const AcousticConfig& config) {
  SurveyRun run;
  const SnapshotCallback keep = [&run](int step, double, const Field2D& field) { run.snapshots[step] = field.values; };
  run.gathers = simulateShots(comm, model, config, keep);
  return run;
}

std::string name(Shape s, Absorber a, int ranksPerShot, AcousticPrecision p) {
  return std::string(s == Shape::Tall ? "Tall" : "Wide") + (a == Absorber::Damping ? "_Damping" : "_PmlFreeSurface") +
         "_RanksPerShot" + std::to_string(ranksPerShot) + "_" + nameOf(p, kPrecisionNames);
}

class MpiConsistency : public ::testing::TestWithParam<std::tuple<Shape, Absorber, int, AcousticPrecision>> {};

TEST_P(MpiConsistency, WorldRunEqualsTheOneRankReference) {
  const auto [shape, absorber, ranksPerShot, precision] = GetParam();
  const Field2D model = modelFor(shape);
  AcousticConfig config = configFor(model, absorber, ranksPerShot, precision);
  validateAcousticConfig(config, model);
  const SurveyRun reference = simulate(PETSC_COMM_SELF, model, config);

  const SurveyRun world = simulate(PETSC_COMM_WORLD, model, config);

  // Gathers arrive on rank 0 of the world communicator.
  if (rankOf(PETSC_COMM_WORLD) == 0) {
    ASSERT_EQ(world.gathers.data.size(), reference.gathers.data.size());
    const double difference = maxRelativeDifference(world.gathers.data, reference.gathers.data);
    std::printf("mpi consistency: %s: gathers max relative difference %.3e (%s)\n",
                name(shape, absorber, ranksPerShot, precision).c_str(), difference,
                world.gathers.data == reference.gathers.data ? "bitwise equal" : "not bitwise equal");
    EXPECT_LT(difference, 1e-13);
  }
  // Snapshots of shot 1 arrive on exactly one rank: rank 0 of the group that ran the shot.
  const int received = world.snapshots.empty() ? 0 : 1;
  int receivers = 0;
  MPI_Allreduce(&received, &receivers, 1, MPI_INT, MPI_SUM, PETSC_COMM_WORLD);
  EXPECT_EQ(receivers, 1);
  if (received) {
    ASSERT_EQ(world.snapshots.size(), 6u);  // steps 50, 100, ..., 300
    for (const auto& [step, field] : world.snapshots) {
      ASSERT_EQ(reference.snapshots.count(step), 1u) << "step " << step;
      EXPECT_LT(maxRelativeDifference(field, reference.snapshots.at(step)), 1e-13) << "step " << step;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ShapesBoundariesAndGroups, MpiConsistency,
                         ::testing::Combine(::testing::Values(Shape::Tall, Shape::Wide),
                                            ::testing::Values(Absorber::PmlFreeSurface, Absorber::Damping),
                                            ::testing::Values(0, 1),
                                            ::testing::Values(AcousticPrecision::Double, AcousticPrecision::Single)),
                         [](const auto& info) {
                           return name(std::get<0>(info.param), std::get<1>(info.param), std::get<2>(info.param),
                                       std::get<3>(info.param));
                         });

// The cases above only cover what they claim if 2 ranks really split the tall model into rows
// and the wide one into columns.
TEST(MpiDecomposition, TwoRanksSplitTallModelsByRowsAndWideModelsByColumns) {
  int size = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  if (size != 2) GTEST_SKIP() << "needs 2 ranks";
  for (Shape shape : {Shape::Tall, Shape::Wide}) {
    const Field2D model = modelFor(shape);
    AcousticConfig config = configFor(model, Absorber::PmlFreeSurface, 0);
    validateAcousticConfig(config, model);

    const AcousticPropagator<double> propagator(PETSC_COMM_WORLD, model, config);

    const LocalBox& box = propagator.localBox();
    const Grid2D& grid = propagator.paddedGrid();
    if (shape == Shape::Tall) {
      EXPECT_LT(box.zm, grid.nz);
      EXPECT_EQ(box.xm, grid.nx);
    } else {
      EXPECT_EQ(box.zm, grid.nz);
      EXPECT_LT(box.xm, grid.nx);
    }
  }
}

}  // namespace
}  // namespace pairinv::acoustic
