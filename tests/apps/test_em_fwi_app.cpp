// `pairinv fwi -physics em` as users and scripts call it: the documented history columns and
// outputs, a lower misfit, data from `pairinv forward -physics em`, resuming, two MPI ranks, and
// bad input (clear message, exit 2, nothing written). The model is tiny: a 10 x 12 earth of 50 m
// cells under two air rows, with a conductive block.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "app_runner.hpp"
#include "core/npy.hpp"
#include "meshes/vtk_io.hpp"

namespace fs = std::filesystem;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

const std::string kSolver = " -physics em -model_dx 50 -em_frequencies 1,10,100";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// S.npy: 0.01 S/m under two rows of air (1e-8 S/m), a 0.5 S/m block.
fs::path writeModel(const ScratchDir& dir) {
  const int nz = 12, nx = 12;
  std::vector<double> sigma(std::size_t(nz * nx), 0.01);
  for (int iz = 0; iz < nz; ++iz)
    for (int ix = 0; ix < nx; ++ix) {
      if (iz < 2) sigma[std::size_t(iz * nx + ix)] = 1e-8;
      if (iz >= 4 && iz < 7 && ix >= 4 && ix < 8) sigma[std::size_t(iz * nx + ix)] = 0.5;
    }
  const fs::path file = dir / "S.npy";
  pairinv::writeNpy(file, {std::size_t(nz), std::size_t(nx)}, sigma.data(), pairinv::NpyType::Float64);
  return file;
}

/// history.csv as rows of numbers (the header checked separately).
std::vector<std::vector<double>> history(const fs::path& file, std::string* header = nullptr) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  if (header) *header = line;
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    rows.emplace_back();
    for (std::string cell; std::getline(cells, cell, ',');) rows.back().push_back(std::stod(cell));
  }
  return rows;
}

}  // namespace

TEST(EmFwiApp, HelpListsTheEmInversionOptions) {
  const auto result = runPairinv("fwi -physics em -help");

  EXPECT_EQ(result.exitCode, 0) << result.output;
  for (const char* option : {"-fwi_sigma_min", "-fwi_sigma_max", "-fwi_data_weights", "-fwi_initial", "-fwi_halfspace",
                             "-em_frequencies", "-em_source", "-fwi_tao_"})
    EXPECT_TRUE(contains(result.output, option)) << option << " missing from -help";
}

TEST(EmFwiApp, StableCallWritesHistoryVtkAndPngsAndLowersMisfit) {
  ScratchDir dir("em_fwi_app");
  const fs::path model = writeModel(dir);

  const auto result = runPairinv("fwi" + kSolver + " -model_true " + model.string() +
                                 " -fwi_iterations 3 -output " + (dir / "out").string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  std::string header;
  const auto rows = history(dir / "out" / "history.csv", &header);
  EXPECT_EQ(header, "iteration,stage,objective,data_misfit,model_error,pde_solves,seconds");
  ASSERT_EQ(rows.size(), 4u) << "iterations 0 to 3";
  EXPECT_LT(rows.back()[3], 0.5 * rows.front()[3]) << "the data misfit must fall";
  // (Without regularisation the model error of so few data can rise in the first iterations while
  // the near-surface cells take up the misfit; tests/inversion/test_em_fwi.cpp checks that it falls.)
  EXPECT_GT(rows.back()[4], 0.0);
  EXPECT_TRUE(std::isfinite(rows.back()[4]));
  for (const char* file : {"models.pvd", "iterations/model_0003.vti", "model_final.npy", "model_final.vti",
                           "models.png", "convergence.png"})
    EXPECT_TRUE(fs::exists(dir / "out" / file)) << file;
  EXPECT_EQ(pairinv::readNpy(dir / "out" / "model_final.npy").shape, (std::vector<std::size_t>{12, 12}));
  const pairinv::VtiContents vti = pairinv::readVti(dir / "out" / "iterations" / "model_0003.vti");
  for (const char* array : {"conductivity", "truth", "difference"}) EXPECT_EQ(vti.arrays.count(array), 1u) << array;
  EXPECT_EQ(vti.arrays.at("conductivity")[0], 1e-8) << "the air stays";
}

TEST(EmFwiApp, InvertsDataFromForwardAndResumes) {
  ScratchDir dir("em_fwi_data");
  const fs::path model = writeModel(dir);
  const auto forward = runPairinv("forward -physics em -model " + model.string() +
                                  " -model_dx 50 -em_frequencies 1,10,100 -output " + (dir / "fwd").string());
  ASSERT_EQ(forward.exitCode, 0) << forward.output;
  const std::string fwi = "fwi" + kSolver + " -data " + (dir / "fwd" / "data.npy").string() + " -model_true " +
                          model.string() + " -fwi_initial halfspace -output " + (dir / "out").string();

  const auto first = runPairinv(fwi + " -fwi_iterations 2");
  const auto second = runPairinv(fwi + " -fwi_iterations 3");

  ASSERT_EQ(first.exitCode, 0) << first.output;
  ASSERT_EQ(second.exitCode, 0) << second.output;
  EXPECT_TRUE(contains(second.output, "resuming")) << second.output;
  const auto rows = history(dir / "out" / "history.csv");
  ASSERT_EQ(rows.size(), 4u) << "iterations 0, 1, 2 and, after the resume, 3";
  for (std::size_t k = 0; k < rows.size(); ++k) EXPECT_EQ(rows[k][0], double(k));
  EXPECT_LT(rows.back()[2], rows.front()[2]) << "the objective must fall";

  // The forward run put its receivers on the earth's surface below the air rows, as the inversion
  // does, in the same data layout: started at the truth, the inversion fits the data already.
  const auto atTruth = runPairinv("fwi" + kSolver + " -data " + (dir / "fwd" / "data.npy").string() +
                                  " -model_true " + model.string() + " -fwi_initial file -fwi_initial_model " +
                                  model.string() + " -fwi_iterations 1 -output " + (dir / "truth").string());
  ASSERT_EQ(atTruth.exitCode, 0) << atTruth.output;
  EXPECT_LT(history(dir / "truth" / "history.csv").front()[3], 1e-6) << "data misfit at the true model";
}

TEST(EmFwiApp, RunsOnTwoRanksWithLineSources) {
  ScratchDir dir("em_fwi_np2");
  const fs::path model = writeModel(dir);

  const auto result = runPairinv("fwi" + kSolver + " -model_true " + model.string() +
                                 " -em_source line -em_src_x 100,500 -fwi_iterations 2 -output " +
                                 (dir / "out").string(), 2);

  ASSERT_EQ(result.exitCode, 0) << result.output;
  const auto rows = history(dir / "out" / "history.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_LT(rows.back()[2], rows.front()[2]);
  EXPECT_EQ(rows.front()[5], 2.0 * 3 * 2) << "forward + adjoint per frequency and source";
}

struct BadEmFwiInput {
  std::string name, args, message;
};

void PrintTo(const BadEmFwiInput& input, std::ostream* out) { *out << input.name; }

class EmFwiAppBadInput : public ::testing::TestWithParam<BadEmFwiInput> {};

TEST_P(EmFwiAppBadInput, FailsWithClearMessageAndWritesNothing) {
  ScratchDir dir("em_fwi_bad_" + GetParam().name);
  const fs::path model = writeModel(dir);
  const std::vector<double> wrong(10, 1.0);
  pairinv::writeNpy(dir / "wrong.npy", {2, 5}, wrong.data(), pairinv::NpyType::Float64);
  std::string args = GetParam().args;
  for (auto at = args.find('@'); at != std::string::npos; at = args.find('@')) args.replace(at, 1, dir.path().string());

  const auto result = runPairinv("fwi" + kSolver + " -model_true " + model.string() + " " + args + " -output " +
                                 (dir / "out").string());

  EXPECT_EQ(result.exitCode, 2) << result.output;
  EXPECT_TRUE(contains(result.output, GetParam().message)) << result.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EmFwiAppBadInput,
    ::testing::Values(
        BadEmFwiInput{"bounds", "-fwi_sigma_min 1 -fwi_sigma_max 0.1", "-fwi_sigma_min"},
        BadEmFwiInput{"bound_in_air", "-fwi_sigma_min 1e-9", "are air"},
        BadEmFwiInput{"frequency_stages", "-fwi_frequencies 1,0", "-fwi_frequencies (frequency continuation)"},
        BadEmFwiInput{"acoustic_option", "-fwi_vmin 1000", "-fwi_vmin"},
        BadEmFwiInput{"data_shape", "-data @/wrong.npy", "(2, 3, 1, 12)"},
        BadEmFwiInput{"initial_file", "-fwi_initial file", "-fwi_initial_model"},
        BadEmFwiInput{"bad_frequency", "-em_frequencies 0", "must be positive"},
        BadEmFwiInput{"receiver_outside", "-em_rec_x 99999", "outside the mesh"},
        BadEmFwiInput{"missing_truth", "-model_true @/none.npy", "does not exist"}),
    [](const auto& info) { return info.param.name; });
