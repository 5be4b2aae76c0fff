// Latent-space inversion with a closed-form nonlinear decoder q(z) = q0 + sum_k 400 tanh(z_k) B_k
// (smooth basis functions B_k): starting from a wrong latent estimate z*, LSI against the true
// PDE lowers the data misfit and the model error, records the learned estimate in every
// iterate, and resumes.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "acoustic_test_support.hpp"
#include "core/error.hpp"
#include "inversion/history_log.hpp"
#include "inversion/latent_inversion.hpp"
#include "meshes/vtk_io.hpp"

namespace pairinv::inversion {
namespace {

namespace fs = std::filesystem;

class TanhDecoder : public LatentModel {
 public:
  explicit TanhDecoder(const Grid2D& g) : grid_(g) {
    // A deeper interface, a left-right trend and a blob: three smooth directions.
    for (int k = 0; k < 3; ++k) basis_.emplace_back(g.size());
    for (int iz = 0; iz < g.nz; ++iz)
      for (int ix = 0; ix < g.nx; ++ix) {
        const std::size_t i = g.index(iz, ix);
        basis_[0][i] = 1.0 / (1.0 + std::exp(-(iz - 0.6 * g.nz) / 2.0));
        basis_[1][i] = double(ix) / g.nx - 0.5;
        basis_[2][i] = std::exp(-((iz - 12.0) * (iz - 12.0) + (ix - 20.0) * (ix - 20.0)) / 30.0);
      }
  }
  std::size_t latentSize() const override { return basis_.size(); }
  std::vector<double> decode(const std::vector<double>& z) const override {
    std::vector<double> q(grid_.size(), 2000.0);
    for (std::size_t k = 0; k < basis_.size(); ++k)
      for (std::size_t i = 0; i < q.size(); ++i) q[i] += 400.0 * std::tanh(z[k]) * basis_[k][i];
    return q;
  }
  std::vector<double> vjp(const std::vector<double>& z, const std::vector<double>& g) const override {
    std::vector<double> out(basis_.size(), 0.0);
    for (std::size_t k = 0; k < basis_.size(); ++k) {
      const double t = std::tanh(z[k]);
      for (std::size_t i = 0; i < g.size(); ++i) out[k] += 400.0 * (1.0 - t * t) * basis_[k][i] * g[i];
    }
    return out;
  }

 private:
  Grid2D grid_;
  std::vector<std::vector<double>> basis_;
};

// A data term without physics: J = 0, zero gradient (for the decoder's failures alone).
class FlatData : public LsiDataTerm {
 public:
  double evaluate(const Field2D& q, std::vector<double>& gradient, double&) override {
    gradient.assign(q.values.size(), 0.0);
    return 0.0;
  }
  double objective(const Field2D&, double&) override { return 0.0; }
  double dataNorm() const override { return 1.0; }
  double modelError(const Field2D&, const Field2D&) const override { return 0.0; }
  std::string quantity() const override { return "velocity"; }
  bool logarithmic() const override { return false; }
};

// A broken decoder: its model misses `missing` values, its vector-Jacobian product one value,
// or it throws.
class BrokenDecoder : public LatentModel {
 public:
  BrokenDecoder(const Grid2D& g, std::size_t missing, bool throws) : grid_(g), missing_(missing), throws_(throws) {}
  std::size_t latentSize() const override { return 2; }
  std::vector<double> decode(const std::vector<double>&) const override {
    if (throws_) throw std::runtime_error("decoder failed");
    return std::vector<double>(grid_.size() - missing_, 2000.0);
  }
  std::vector<double> vjp(const std::vector<double>& z, const std::vector<double>&) const override {
    return std::vector<double>(z.size() + 1, 0.0);
  }

 private:
  Grid2D grid_;
  std::size_t missing_;
  bool throws_;
};

TEST(LatentObjective, ADecoderFailureOnRankZeroThrowsOnEveryRankInsteadOfHanging) {
  // Arrange
  const Grid2D grid = pairinv::testing::uniformGrid(6, 8, 10.0);
  FlatData data;
  const std::vector<double> z{0.1, 0.2};
  BrokenDecoder shortModel(grid, 1, false), fits(grid, 0, false), throwing(grid, 0, true);
  LatentObjective shortObjective(PETSC_COMM_WORLD, data, shortModel, grid, z, 1e-3);
  LatentObjective badVjp(PETSC_COMM_WORLD, data, fits, grid, z, 1e-3);
  LatentObjective throwingObjective(PETSC_COMM_WORLD, data, throwing, grid, z, 1e-3);
  std::vector<double> gradient;
  double solves = 0.0;
  // Act and Assert: every rank throws (a rank left waiting in a broadcast would hang the test).
  EXPECT_THROW(shortObjective.decode(z), InputError);
  EXPECT_EQ(badVjp.decode(z).values.size(), grid.size());
  EXPECT_THROW(badVjp.evaluate(z, gradient, solves), InputError);
  EXPECT_THROW(throwingObjective.decode(z), std::exception);
  MPI_Barrier(PETSC_COMM_WORLD);
}

TEST(LatentInversion, RecoversTheLatentModelFromAWrongEstimateAndResumes) {
  const Grid2D grid = pairinv::testing::uniformGrid(30, 40, 10.0);
  TanhDecoder decoder(grid);
  const std::vector<double> zTrue = {0.8, -0.5, 0.6};
  Field2D truth(grid);
  truth.values = decoder.decode(zTrue);
  LsiProblem problem;
  problem.grid = grid;
  problem.truth = &truth;
  problem.zStar = {0.2, 0.1, -0.2};
  problem.config = pairinv::testing::plainConfig(4, 1.5e-3, 400, 12.0);
  problem.config.padCells = 12;
  problem.config.sources = {{2, 5}, {2, 34}};
  for (int ix = 0; ix < 40; ix += 2) problem.config.receivers.push_back({2, ix});
  problem.config.recordEvery = 2;
  acoustic::validateAcousticConfig(problem.config, truth);
  problem.observed = acoustic::simulateShots(PETSC_COMM_WORLD, truth, problem.config);
  acoustic::broadcastGathers(PETSC_COMM_WORLD, problem.observed);
  int size = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  LsiSettings settings;
  settings.alpha = 1e-4;
  settings.iterations = 4;
  settings.output = fs::temp_directory_path() / ("pairinv_lsi_test_np" + std::to_string(size));
  if (pairinv::testing::rankOf(PETSC_COMM_WORLD) == 0) fs::remove_all(settings.output);
  MPI_Barrier(PETSC_COMM_WORLD);

  runLatentInversion(PETSC_COMM_WORLD, settings, problem, decoder);
  settings.iterations = 16;
  const LsiResult result = runLatentInversion(PETSC_COMM_WORLD, settings, problem, decoder);

  for (std::size_t k = 0; k < zTrue.size(); ++k)
    EXPECT_NEAR(result.z[k], zTrue[k], 0.05) << "latent " << k << " of " << result.z[0] << ", " << result.z[1] << ", " << result.z[2];
  if (pairinv::testing::rankOf(PETSC_COMM_WORLD) == 0) {
    HistoryLog history(settings.output / "history.csv",
                       {"iteration", "stage", "objective", "data_misfit", "model_error", "pde_solves", "seconds"});
    ASSERT_EQ(history.resume(), 17u);
    const auto misfit = history.column("data_misfit"), error = history.column("model_error");
    EXPECT_LT(misfit.back(), 0.1 * misfit.front());
    EXPECT_LT(error.back(), 0.2 * error.front());
    const VtiContents last = readVti(settings.output / "iterations" / "model_0016.vti");
    for (const char* name : {"velocity", "estimate", "truth", "difference"})
      EXPECT_EQ(last.arrays.count(name), 1u) << name;
    EXPECT_TRUE(fs::exists(settings.output / "z_final.npy"));
    fs::remove_all(settings.output);
  }
}

}  // namespace
}  // namespace pairinv::inversion
