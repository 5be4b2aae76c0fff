// The TAO driver's resume (inversion/tao_driver.hpp) on a toy two-stage problem, no PDE: a run
// killed at a stage boundary - the first stage finished and saved, the second stage's log
// begun, no iterate of it saved - resumes at the start of the second stage without a warning
// and ends on the bits of an uninterrupted run. The kill is an exception from the second
// stage's first evaluation. On 1 and 2 MPI ranks (run via ctest).
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/log_sink.hpp"
#include "inversion/history_log.hpp"
#include "inversion/tao_driver.hpp"

namespace fs = std::filesystem;

namespace pairinv::inversion {
namespace {

constexpr int kStages = 2, kIterations = 6;

/// Stage s: J(x) = sum_i w_i (x_i - t_s,i)^2 / 2 + (x_i - t_s,i)^4 / 4 over a 2 x 3 "model".
TaoStage toyStage(int s, const std::vector<double>& start, bool killOnFirstCall) {
  TaoStage stage;
  stage.index = s, stage.count = kStages, stage.iterations = kIterations;
  stage.start = start;
  stage.evaluate = [s, killOnFirstCall](const std::vector<double>& x, std::vector<double>& g, double& solves) {
    if (killOnFirstCall) throw std::runtime_error("killed");
    double j = 0.0;
    g.assign(x.size(), 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double w = 1.0 + double(i), r = x[i] - (s == 0 ? 0.5 : -0.25) * double(i + 1);
      j += 0.5 * w * r * r + 0.25 * r * r * r * r;
      g[i] = w * r + r * r * r;
    }
    solves += 2.0;
    return j;
  };
  stage.model = [](const std::vector<double>& x) {
    Grid2D grid;
    grid.nz = 2, grid.nx = 3;
    Field2D f(grid);
    f.values = x;
    return f;
  };
  return stage;
}

class TaoDriverResume : public ::testing::Test {
 protected:
  void SetUp() override {
    // A folder of its own (mkdtemp on rank 0, its name sent to the others).
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    std::string name = (fs::temp_directory_path() / "pairinv_tao_driver_XXXXXX").string();
    if (rank == 0 && ::mkdtemp(name.data()) == nullptr) name.clear();
    int length = int(name.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
    name.resize(std::size_t(length));
    MPI_Bcast(name.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
    ASSERT_FALSE(name.empty()) << "no temporary folder";
    root_ = name;
  }
  void TearDown() override {
    MPI_Barrier(MPI_COMM_WORLD);
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 0 && !root_.empty()) fs::remove_all(root_);
    setWarningSink({});
  }

  /// Runs the stages from the driver's first stage on, as the FWI commands do; the last model.
  static Field2D runStages(TaoDriver& driver, Field2D model, bool killSecondStage) {
    std::vector<double> x = model.values;
    for (int s = driver.firstStage(); s < kStages; ++s) {
      if (driver.iterationsLeft(s, kIterations) <= 0) continue;
      model = driver.run(toyStage(s, model.values, killSecondStage && s == 1), model, &x);
    }
    return model;
  }

  fs::path root_;
};

TEST_F(TaoDriverResume, AKillAtAStageBoundaryResumesAtTheNextStageToTheBits) {
  const Field2D start = toyStage(0, std::vector<double>(6, 1.0), false).model(std::vector<double>(6, 1.0));
  TaoDriver reference(MPI_COMM_WORLD, root_ / "reference", nullptr, nullptr);
  const Field2D expected = runStages(reference, start, false);
  MPI_Barrier(MPI_COMM_WORLD);

  {
    TaoDriver killed(MPI_COMM_WORLD, root_ / "killed", nullptr, nullptr);
    EXPECT_THROW(runStages(killed, start, true), std::runtime_error);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  std::vector<std::string> warnings;
  setWarningSink([&](const std::string& w) { warnings.push_back(w); });
  TaoDriver again(MPI_COMM_WORLD, root_ / "killed", nullptr, nullptr);
  Field2D model = start;
  ASSERT_TRUE(again.resume(model));
  EXPECT_EQ(again.firstStage(), 1);
  EXPECT_FALSE(again.replays());
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  const Field2D resumed = runStages(again, model, false);
  EXPECT_EQ(resumed.values, expected.values);
  MPI_Barrier(MPI_COMM_WORLD);

  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0) return;
  HistoryLog a(root_ / "reference" / "history.csv", inversionHistoryColumns());
  HistoryLog b(root_ / "killed" / "history.csv", inversionHistoryColumns());
  ASSERT_EQ(a.resume(), b.resume());
  EXPECT_EQ(a.column("stage"), b.column("stage"));
  EXPECT_EQ(a.column("objective"), b.column("objective"));
  EXPECT_EQ(a.column("pde_solves"), b.column("pde_solves"));
  EXPECT_EQ(a.column("stage").back(), 1.0);
}

}  // namespace
}  // namespace pairinv::inversion
