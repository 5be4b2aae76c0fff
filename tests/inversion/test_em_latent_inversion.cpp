// Latent-space inversion with the EM operator (inversion/em_lsi_data.hpp) through a closed-form
// decoder of log-conductivity, sigma(z) = sigma0 exp(sum_k z_k B_k) in the earth under fixed air:
// the Taylor test of the LSI objective's gradient (the EM adjoint wrt ln sigma, the chain rule
// to sigma, the decoder's VJP and the latent penalty together), and an LSI run that lowers the
// EM data misfit and the log-conductivity error.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cmath>
#include <filesystem>

#include "inversion/em_fwi.hpp"
#include "inversion/em_lsi_data.hpp"
#include "inversion/history_log.hpp"
#include "inversion/latent_inversion.hpp"
#include "inversion/tao_driver.hpp"
#include "meshes/vtk_io.hpp"
#include "solvers/em/em_simulation.hpp"

namespace pairinv::inversion {
namespace {

namespace fs = std::filesystem;

constexpr int kAirRows = 2;
constexpr double kAir = 1e-8, kSigma0 = 0.01;

int rank() {
  int r = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &r);
  return r;
}

class LogConductivityDecoder : public LatentModel {
 public:
  explicit LogConductivityDecoder(const Grid2D& g) : grid_(g) {
    // A uniform shift, a conductive bump in the middle, a left-right trend; zero in the air.
    for (int k = 0; k < 3; ++k) basis_.emplace_back(g.size(), 0.0);
    for (int iz = kAirRows; iz < g.nz; ++iz)
      for (int ix = 0; ix < g.nx; ++ix) {
        const std::size_t i = g.index(iz, ix);
        const double dz = iz - (kAirRows + 4.0), dx = ix - 8.0;
        basis_[0][i] = 1.0;
        basis_[1][i] = std::exp(-(dz * dz + dx * dx) / 8.0);
        basis_[2][i] = double(ix) / g.nx - 0.5;
      }
  }
  std::size_t latentSize() const override { return basis_.size(); }
  std::vector<double> decode(const std::vector<double>& z) const override {
    std::vector<double> s(grid_.size(), kAir);
    for (int iz = kAirRows; iz < grid_.nz; ++iz)
      for (int ix = 0; ix < grid_.nx; ++ix) {
        const std::size_t i = grid_.index(iz, ix);
        double u = 0.0;
        for (std::size_t k = 0; k < basis_.size(); ++k) u += z[k] * basis_[k][i];
        s[i] = kSigma0 * std::exp(u);
      }
    return s;
  }
  std::vector<double> vjp(const std::vector<double>& z, const std::vector<double>& g) const override {
    const std::vector<double> s = decode(z);  // d sigma_i / d z_k = sigma_i B_ki
    std::vector<double> out(basis_.size(), 0.0);
    for (std::size_t k = 0; k < basis_.size(); ++k)
      for (std::size_t i = 0; i < g.size(); ++i) out[k] += s[i] * basis_[k][i] * g[i];
    return out;
  }

 private:
  Grid2D grid_;
  std::vector<std::vector<double>> basis_;
};

class EmLatentInversion : public ::testing::Test {
 protected:
  void SetUp() override {
    Grid2D g;
    g.nz = 12 + kAirRows, g.nx = 16, g.dz = 50.0, g.dx = 50.0;
    grid_ = g;
    decoder_ = std::make_unique<LogConductivityDecoder>(g);
    truth_ = Field2D(g);
    truth_.values = decoder_->decode(zTrue_);
    config_.frequencies = {1.0, 10.0, 100.0};
    config_.datum = em::DatumKind::Impedance;
    for (int ix = 0; ix < g.nx; ++ix) config_.receivers.push_back({(ix + 0.5) * g.dx, kAirRows * g.dz});
    em::validateEmConfig(config_, truth_);  // the mesh, fixed from here on
    observed_ = em::realData(em::simulateEm(PETSC_COMM_WORLD, truth_, config_), config_);
  }

  Grid2D grid_;
  std::unique_ptr<LogConductivityDecoder> decoder_;
  std::vector<double> zTrue_ = {0.4, 3.0, 0.8}, zStar_ = {0.0, 1.0, 0.0};
  Field2D truth_;
  em::EmConfig config_;
  std::vector<double> observed_;
};

TEST_F(EmLatentInversion, GradientPassesTheTaylorTestWithSlopeTwo) {
  // Arrange
  EmLsiData data(PETSC_COMM_WORLD, config_, observed_, true);
  LatentObjective f(PETSC_COMM_WORLD, data, *decoder_, grid_, zStar_, 0.1);
  f.setScale(1.0);
  const std::vector<double> z = {0.2, 1.5, -0.3}, dz = {0.7, -0.5, 0.9};
  double solves = 0.0;
  std::vector<double> gradient, unused;

  // Act: remainders r(h) = |f(z + h dz) - f(z) - h <grad f, dz>| for halving h.
  const double f0 = f.evaluate(z, gradient, solves);
  double slopeOfGradient = 0.0;
  for (std::size_t k = 0; k < z.size(); ++k) slopeOfGradient += gradient[k] * dz[k];
  std::vector<double> remainders;
  for (double h = 0.2; h > 0.02; h /= 2) {
    std::vector<double> zh = z;
    for (std::size_t k = 0; k < z.size(); ++k) zh[k] += h * dz[k];
    remainders.push_back(std::fabs(f.evaluate(zh, unused, solves) - f0 - h * slopeOfGradient));
  }

  // Assert: second order (a wrong chain rule, e.g. dJ/d ln sigma taken as dJ/d sigma, gives 1).
  ASSERT_GT(std::fabs(slopeOfGradient), 0.0);
  for (std::size_t i = 1; i < remainders.size(); ++i) {
    const double slope = std::log2(remainders[i - 1] / remainders[i]);
    EXPECT_NEAR(slope, 2.0, 0.1) << "halving " << i << ": remainders " << remainders[i - 1] << ", " << remainders[i];
  }
}

TEST_F(EmLatentInversion, LsiLowersTheEmDataMisfitAndTheModelError) {
  // Arrange
  int size = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  LsiSettings settings;
  settings.alpha = 1e-4;
  settings.iterations = 5;
  settings.output = fs::temp_directory_path() / ("pairinv_em_lsi_test_np" + std::to_string(size));
  if (rank() == 0) fs::remove_all(settings.output);
  MPI_Barrier(PETSC_COMM_WORLD);
  EmLsiData data(PETSC_COMM_WORLD, config_, observed_, true);

  // Act
  const LsiResult result = runLatentInversion(PETSC_COMM_WORLD, settings, data, grid_, zStar_, &truth_, *decoder_);

  // Assert
  EXPECT_LT(logConductivityError(result.model, truth_), 0.5 * logConductivityError(result.estimate, truth_));
  if (rank() == 0) {
    HistoryLog history(settings.output / "history.csv", inversionHistoryColumns());
    ASSERT_EQ(history.resume(), 6u);
    const auto misfit = history.column("data_misfit"), error = history.column("model_error");
    EXPECT_LT(misfit.back(), 0.2 * misfit.front());
    EXPECT_LT(error.back(), 0.5 * error.front());
    const VtiContents last = readVti(settings.output / "iterations" / "model_0005.vti");
    for (const char* name : {"conductivity", "estimate", "truth", "difference"})
      EXPECT_EQ(last.arrays.count(name), 1u) << name;
    EXPECT_TRUE(fs::exists(settings.output / "state" / "latest_z.npy"));
    fs::remove_all(settings.output);
  }
}

}  // namespace
}  // namespace pairinv::inversion
