// Latent-space inversion with a closed-form nonlinear decoder q(z) = q0 + sum_k 400 tanh(z_k) B_k
// (smooth basis functions B_k): starting from a wrong latent estimate z*, LSI against the true
// PDE lowers the data misfit and the model error, records the learned estimate in every
// iterate, and resumes.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cmath>
#include <filesystem>

#include "acoustic_test_support.hpp"
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
