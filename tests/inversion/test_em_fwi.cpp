// A small EM inversion (a 12 x 16 earth under two air rows with a conductive block, MT at three
// frequencies, from a smoothed start) lowers the objective and the model error, keeps the air
// and the bounds, writes its history and iterates, and resumes where it stopped. Also the
// pieces: data weights, starting models and the log-conductivity error.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cmath>
#include <filesystem>

#include "inversion/em_fwi.hpp"
#include "inversion/history_log.hpp"
#include "inversion/tao_driver.hpp"
#include "solvers/em/em_simulation.hpp"

namespace pairinv::inversion {
namespace {

namespace fs = std::filesystem;

constexpr int kAirRows = 2;
constexpr double kAir = 1e-8;

int rank() {
  int r = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &r);
  return r;
}

/// 0.01 S/m under two air rows, with a 0.5 S/m block.
Field2D blockModel() {
  Grid2D g;
  g.nz = 12 + kAirRows, g.nx = 16, g.dz = 50.0, g.dx = 50.0;
  Field2D m(g, 0.01);
  for (int iz = 0; iz < kAirRows; ++iz)
    for (int ix = 0; ix < g.nx; ++ix) m.at(iz, ix) = kAir;
  for (int iz = kAirRows + 2; iz < kAirRows + 6; ++iz)
    for (int ix = 5; ix < 11; ++ix) m.at(iz, ix) = 0.5;
  return m;
}

class SmallEmFwi : public ::testing::Test {
 protected:
  void SetUp() override {
    truth_ = blockModel();
    const Grid2D& g = truth_.grid;
    em::EmConfig& c = problem_.config;
    c.frequencies = {1.0, 10.0, 100.0};
    c.datum = em::DatumKind::Impedance;
    for (int ix = 0; ix < g.nx; ++ix) c.receivers.push_back({(ix + 0.5) * g.dx, kAirRows * g.dz});
    problem_.initial = emSmoothStart(truth_, 100.0);
    em::validateEmConfig(c, problem_.initial);
    problem_.observed = em::realData(em::simulateEm(PETSC_COMM_WORLD, truth_, c), c);
    problem_.truth = &truth_;
    settings_.iterations = 4;
    settings_.sigmaMin = 1e-3, settings_.sigmaMax = 1.0;
    int size = 1;
    MPI_Comm_size(PETSC_COMM_WORLD, &size);
    dir_ = fs::temp_directory_path() / ("pairinv_em_fwi_test_np" + std::to_string(size));  // same on every rank
    if (rank() == 0) fs::remove_all(dir_), fs::create_directories(dir_);
    MPI_Barrier(PETSC_COMM_WORLD);
    settings_.output = dir_;  // written by rank 0 only
  }
  void TearDown() override {
    MPI_Barrier(PETSC_COMM_WORLD);
    if (rank() == 0) fs::remove_all(dir_);
  }

  Field2D truth_;
  EmFwiProblem problem_;
  EmFwiSettings settings_;
  fs::path dir_;
};

TEST_F(SmallEmFwi, LowersObjectiveAndModelErrorAndResumes) {
  runEmFwi(PETSC_COMM_WORLD, settings_, problem_);
  settings_.iterations = 6;
  const Field2D final = runEmFwi(PETSC_COMM_WORLD, settings_, problem_);

  if (rank() != 0) return;
  HistoryLog history(settings_.output / "history.csv", inversionHistoryColumns());
  ASSERT_EQ(history.resume(), 7u);  // iterations 0..6, the last two after the resume
  const auto objective = history.column("objective"), error = history.column("model_error");
  EXPECT_LT(objective.back(), 0.3 * objective.front());
  EXPECT_LT(error.back(), error.front());
  for (std::size_t k = 1; k < objective.size(); ++k) EXPECT_LE(objective[k], objective[k - 1]) << "iteration " << k;
  EXPECT_EQ(history.column("iteration"), (std::vector<double>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(history.column("stage"), std::vector<double>(7, 0.0));
  const auto solves = history.column("pde_solves");
  EXPECT_EQ(solves.front(), 6.0) << "forward + adjoint per frequency at the start";
  for (const char* file : {"models.pvd", "iterations/model_0006.vti", "convergence.png", "model_final.npy",
                           "model_final.vti", "models.png", "state/latest.npy"})
    EXPECT_TRUE(fs::exists(settings_.output / file)) << file;
  for (std::size_t i = 0; i < final.values.size(); ++i) {
    if (truth_.values[i] <= kEmAirConductivity) {
      EXPECT_EQ(final.values[i], kAir) << "air cell " << i << " must stay";
    } else {
      EXPECT_GE(final.values[i], settings_.sigmaMin * (1 - 1e-12));
      EXPECT_LE(final.values[i], settings_.sigmaMax * (1 + 1e-12));
    }
  }
  EXPECT_NEAR(logConductivityError(final, truth_), error.back(), 1e-9);
}

TEST(EmFwiPieces, RelativeWeightsAreInverseAmplitudesOnBothParts) {
  const std::vector<double> observed = {3.0, 0.0, 4.0, 1.0};  // d = 3 + 4i, 0 + 1i

  const std::vector<double> w = emDataWeights(observed, em::RealForm::RealImag, true);

  EXPECT_EQ(w, (std::vector<double>{0.2, 1.0, 0.2, 1.0}));
  EXPECT_EQ(emDataWeights(observed, em::RealForm::LogAmpPhase, true), std::vector<double>(4, 1.0));
  EXPECT_EQ(emDataWeights(observed, em::RealForm::RealImag, false), std::vector<double>(4, 1.0));
}

TEST(EmFwiPieces, StartingModelsKeepTheAirAndSmoothTheEarth) {
  const Field2D truth = blockModel();

  const Field2D smooth = emSmoothStart(truth, 100.0), half = emHalfSpaceStart(truth, 0.0);

  double logMean = 0.0;
  int earth = 0;
  for (double s : truth.values)
    if (s > kEmAirConductivity) logMean += std::log(s), ++earth;
  for (std::size_t i = 0; i < truth.values.size(); ++i) {
    if (truth.values[i] <= kEmAirConductivity) {
      EXPECT_EQ(smooth.values[i], kAir);
      EXPECT_EQ(half.values[i], kAir);
      continue;
    }
    // Smoothing ln sigma keeps the earth within the truth's range and never drags the air in.
    EXPECT_GE(smooth.values[i], 0.01 * (1 - 1e-12));
    EXPECT_LE(smooth.values[i], 0.5);
    EXPECT_NEAR(half.values[i], std::exp(logMean / earth), 1e-12);
  }
  EXPECT_LT(smooth.at(kAirRows + 3, 8), 0.5) << "the block is smoothed";
  EXPECT_GT(smooth.at(kAirRows + 3, 8), 0.01);
  EXPECT_EQ(emHalfSpaceStart(truth, 0.02).at(kAirRows, 0), 0.02);
}

TEST(EmFwiPieces, LogConductivityErrorIsRmsDecadesOverTheEarth) {
  const Field2D truth = blockModel();
  Field2D model = truth;
  for (double& s : model.values) s *= 10.0;  // one decade everywhere, air included

  EXPECT_NEAR(logConductivityError(model, truth), 1.0, 1e-12);
  EXPECT_EQ(logConductivityError(truth, truth), 0.0);
}

}  // namespace
}  // namespace pairinv::inversion
