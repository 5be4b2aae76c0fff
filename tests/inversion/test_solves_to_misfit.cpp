// The figure "PDE solves to reach the converged FWI misfit" of `pairinv evaluate`
// (inversion/solves_to_misfit.hpp, its section in inversion/evaluation_report.hpp), on
// hand-made histories with known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "inversion/evaluation_report.hpp"
#include "inversion/history_log.hpp"
#include "inversion/solves_to_misfit.hpp"
#include "inversion/tao_driver.hpp"
#include "tests/core/test_support.hpp"

namespace pairinv::inversion {
namespace {

namespace fs = std::filesystem;

struct Row {
  double stage, misfit, solves;
};

fs::path writeHistory(const fs::path& file, const std::vector<Row>& rows) {
  HistoryLog log(file, inversionHistoryColumns());
  double iteration = 0;
  for (const Row& r : rows) log.append({iteration++, r.stage, 0.5 * r.misfit * r.misfit, r.misfit, NAN, r.solves, 1.0});
  return file;
}

std::string readText(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class SolvesToMisfitTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  // LSI: 10 solves per iteration after a first evaluation; its polish counts from 0 again.
  fs::path lsi = writeHistory(dir / "lsi.csv", {{0, 0.20, 10}, {0, 0.10, 30}, {0, 0.06, 50}});
  fs::path polish = writeHistory(dir / "polish.csv", {{0, 0.06, 10}, {0, 0.05, 20}, {0, 0.03, 40}});
};

TEST_F(SolvesToMisfitTest, CountsThePathsSolvesUpToTheFirstRowAtTheTarget) {
  // Act, Assert: within LSI, in the polish (LSI's 50 solves plus the polish's), never.
  EXPECT_EQ(solvesToReachMisfit({lsi, polish}, 0.10), 30.0);
  EXPECT_EQ(solvesToReachMisfit({lsi, polish}, 0.05), 70.0);
  EXPECT_EQ(solvesToReachMisfit({lsi, polish}, 0.03), 90.0);
  EXPECT_TRUE(std::isnan(solvesToReachMisfit({lsi, polish}, 0.02)));
  EXPECT_TRUE(std::isnan(solvesToReachMisfit({lsi}, 0.05)));
  EXPECT_DOUBLE_EQ(finalDataMisfit(polish), 0.03);
}

TEST_F(SolvesToMisfitTest, LastStageOnlySkipsTheLowPassedStagesOfAMultiscaleFwi) {
  // Arrange: the low-passed first stage fits its own data to 0.01, the full band only later.
  const fs::path fwi = writeHistory(dir / "fwi.csv", {{0, 0.5, 10}, {0, 0.01, 30}, {1, 0.3, 40}, {1, 0.02, 60}});
  // Act, Assert
  EXPECT_EQ(solvesToReachMisfit({fwi}, 0.02, false), 30.0);
  EXPECT_EQ(solvesToReachMisfit({fwi}, 0.02, true), 60.0);
}

TEST_F(SolvesToMisfitTest, MissingOrEmptyHistoriesAreInputErrorsNamingTheFile) {
  std::ofstream(dir / "empty.csv") << "iteration,stage,objective,data_misfit,model_error,pde_solves,seconds\n";
  EXPECT_NE(testing::inputErrorMessage([&] { finalDataMisfit(dir / "none.csv"); }).find("none.csv"),
            std::string::npos);
  EXPECT_NE(testing::inputErrorMessage([&] { solvesToReachMisfit({dir / "empty.csv"}, 1.0); }).find("empty.csv"),
            std::string::npos);
}

TEST_F(SolvesToMisfitTest, TheReportGivesTheCountsAndMediansAndTheCsvOneRowPerSample) {
  // Arrange: two samples; the path reaches the first target only.
  EvaluationResults r;
  r.title = "test";
  r.samples = {0, 5};
  r.solvesToMisfit = SolvesToMisfit{"LSI + polish", "FWI long", {0.04, 0.01}, {70, NAN}, {0.03, 0.03}, {100, 300}};
  // Act
  writeEvaluationReport(dir.path(), r);
  // Assert
  const std::string md = readText(dir / "report.md");
  EXPECT_NE(md.find("**LSI + polish** reaches it in 1 of 2 samples"), std::string::npos) << md;
  EXPECT_NE(md.find("| the 1 reached | - | - | 70 | 100 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| all 2 | 0.025 | 0.03 | not reached in all | 200 |"), std::string::npos) << md;
  EXPECT_EQ(readText(dir / "solves_to_fwi_misfit.csv"),
            "sample,target_misfit,path_final_misfit,path_solves,fwi_solves\n0,0.04,0.03,70,100\n5,0.01,0.03,nan,300\n");
}

TEST_F(SolvesToMisfitTest, TheReportSaysWhyTheFigureWasLeftOut) {
  EvaluationResults r;
  r.title = "test";
  r.solvesToMisfitSkipped = "the misfits differ";
  writeEvaluationReport(dir.path(), r);
  EXPECT_NE(readText(dir / "report.md").find("Not computed: the misfits differ."), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "solves_to_fwi_misfit.csv"));
}

}  // namespace
}  // namespace pairinv::inversion
