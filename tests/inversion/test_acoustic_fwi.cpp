// A small FWI (60 x 60 two-layer model with a fast inclusion, from a smoothed start) lowers the
// objective and the model error, writes its history and iterates, and resumes where it stopped.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <filesystem>

#include "acoustic_test_support.hpp"
#include "inversion/acoustic_fwi.hpp"
#include "inversion/history_log.hpp"
#include "inversion/model_smoothing.hpp"

namespace pairinv::inversion {
namespace {

namespace fs = std::filesystem;

class SmallFwi : public ::testing::Test {
 protected:
  void SetUp() override {
    truth_ = pairinv::testing::homogeneousModel(60, 60, 10.0, 2000.0);
    for (int iz = 30; iz < 60; ++iz)
      for (int ix = 0; ix < 60; ++ix) truth_.at(iz, ix) = 2600.0;
    for (int iz = 18; iz < 26; ++iz)
      for (int ix = 26; ix < 34; ++ix) truth_.at(iz, ix) = 2400.0;
    problem_.config = pairinv::testing::plainConfig(4, 1.5e-3, 500, 12.0);
    problem_.config.padCells = 15;
    problem_.config.sources = {{2, 5}, {2, 30}, {2, 54}};
    for (int ix = 0; ix < 60; ix += 2) problem_.config.receivers.push_back({2, ix});
    problem_.config.recordEvery = 2;
    acoustic::validateAcousticConfig(problem_.config, truth_);
    problem_.observed = acoustic::simulateShots(PETSC_COMM_WORLD, truth_, problem_.config);
    acoustic::broadcastGathers(PETSC_COMM_WORLD, problem_.observed);
    problem_.initial = gaussianSmooth(truth_, 60.0);
    problem_.truth = &truth_;
    settings_.iterations = 4;
    settings_.vmin = 1500, settings_.vmax = 3500;
    int size = 1;
    MPI_Comm_size(PETSC_COMM_WORLD, &size);
    dir_ = fs::temp_directory_path() / ("pairinv_fwi_test_np" + std::to_string(size));  // same on every rank
    if (pairinv::testing::rankOf(PETSC_COMM_WORLD) == 0) fs::remove_all(dir_), fs::create_directories(dir_);
    MPI_Barrier(PETSC_COMM_WORLD);
    settings_.output = dir_;  // written by rank 0 only
  }
  void TearDown() override {
    MPI_Barrier(PETSC_COMM_WORLD);
    if (pairinv::testing::rankOf(PETSC_COMM_WORLD) == 0) fs::remove_all(dir_);
  }

  Field2D truth_;
  FwiProblem problem_;
  FwiSettings settings_;
  fs::path dir_;
};

TEST_F(SmallFwi, LowersObjectiveAndModelErrorAndResumes) {
  runAcousticFwi(PETSC_COMM_WORLD, settings_, problem_);
  settings_.iterations = 6;
  const Field2D final = runAcousticFwi(PETSC_COMM_WORLD, settings_, problem_);

  if (pairinv::testing::rankOf(PETSC_COMM_WORLD) != 0) return;
  HistoryLog history(settings_.output / "history.csv",
                     {"iteration", "stage", "objective", "data_misfit", "model_error", "pde_solves", "seconds"});
  ASSERT_EQ(history.resume(), 7u);  // iterations 0..6, the last two after the resume
  const auto objective = history.column("objective"), error = history.column("model_error");
  EXPECT_LT(objective.back(), 0.3 * objective.front());
  EXPECT_LT(error.back(), error.front());
  for (std::size_t k = 1; k < objective.size(); ++k) EXPECT_LE(objective[k], objective[k - 1]) << "iteration " << k;
  EXPECT_EQ(history.column("iteration"), (std::vector<double>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_TRUE(fs::exists(settings_.output / "models.pvd"));
  EXPECT_TRUE(fs::exists(settings_.output / "iterations" / "model_0006.vti"));
  EXPECT_TRUE(fs::exists(settings_.output / "convergence.png"));
  EXPECT_GE(final.min(), settings_.vmin);
  EXPECT_LE(final.max(), settings_.vmax);
}

}  // namespace
}  // namespace pairinv::inversion
