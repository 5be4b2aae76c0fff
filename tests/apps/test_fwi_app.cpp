// `pairinv fwi` as scripts call it: the stable OpenFWI call writes a history with the agreed
// columns and lowers the data misfit; bad input fails cleanly without writing anything.
#include <gtest/gtest.h>

#include <fstream>

#include "app_runner.hpp"
#include "core/npy.hpp"

namespace fs = std::filesystem;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

const fs::path kModel = fs::path(PAIRINV_TESTDATA_DIR) / "openfwi_twolayer_model.npy";

std::vector<std::string> lines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST(FwiApp, StableOpenFwiCallWritesHistoryAndLowersMisfit) {
  ScratchDir dir("fwi_openfwi");

  const auto result = runPairinv("fwi -model_true " + kModel.string() +
                                 " -acoustic_preset openfwi -fwi_iterations 2 -output " + (dir / "out").string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  const auto rows = lines(dir / "out" / "history.csv");
  ASSERT_EQ(rows.size(), 4u) << "header + iterations 0, 1, 2";
  EXPECT_EQ(rows[0], "iteration,stage,objective,data_misfit,model_error,pde_solves,seconds");
  auto column = [&](const std::string& row, int k) {
    std::stringstream in(row);
    std::string cell;
    for (int i = 0; i <= k; ++i) std::getline(in, cell, ',');
    return std::stod(cell);
  };
  EXPECT_LT(column(rows[3], 3), column(rows[1], 3)) << "data misfit must fall";
  // (The model error of this sharp two-layer model can rise in the first iterations while the
  // interface forms; tests/inversion/test_acoustic_fwi.cpp checks that it falls on a smoother case.)
  EXPECT_GT(column(rows[3], 4), 0.0);
  for (const char* file : {"models.pvd", "model_final.npy", "model_final.vti", "models.png", "convergence.png"})
    EXPECT_TRUE(fs::exists(dir / "out" / file)) << file;
  EXPECT_EQ(pairinv::readNpy(dir / "out" / "model_final.npy").shape, (std::vector<std::size_t>{70, 70}));
}

struct BadFwiInput {
  std::string name, args, message;
};

class FwiAppBadInput : public ::testing::TestWithParam<BadFwiInput> {};

TEST_P(FwiAppBadInput, FailsWithClearMessageAndWritesNothing) {
  ScratchDir dir("fwi_bad_" + GetParam().name);
  const std::vector<double> wrong(10, 1.0);
  pairinv::writeNpy(dir / "wrong.npy", {2, 5}, wrong.data(), pairinv::NpyType::Float32);
  std::string args = GetParam().args;
  for (auto at = args.find("@"); at != std::string::npos; at = args.find("@")) args.replace(at, 1, dir.path().string());

  const auto result = runPairinv("fwi " + args + " -output " + (dir / "out").string());

  EXPECT_EQ(result.exitCode, 2) << result.output;
  EXPECT_NE(result.output.find(GetParam().message), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FwiAppBadInput,
    ::testing::Values(BadFwiInput{"bounds", "-fwi_vmin 5000 -fwi_vmax 2000", "-fwi_vmin"},
                      BadFwiInput{"initial_file", "-fwi_initial file", "-fwi_initial_model"},
                      BadFwiInput{"data_shape", "-data @/wrong.npy", "(2, 5)"},
                      BadFwiInput{"tao_typo", "-fwi_tao_maxitt 3", "-fwi_tao_maxitt"},
                      BadFwiInput{"missing_truth", "-model_true @/none.npy", "does not exist"}),
    [](const auto& info) { return info.param.name; });
