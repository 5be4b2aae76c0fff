// pairinv invert and pairinv evaluate on an EM survey (physics em) at toy size: tiny em-blocks
// surveys of MT in both modes as apparent resistivity and phase, a tiny paired network and
// end-to-end baseline (2 epochs, log10 model transform and per-channel data ranges by default
// for conductivity), LSI of one sample with a 2-iteration polish, and the evaluation table with
// its EM rows (polish included; FWI from the half-space start; SSIM over the earth). A survey
// whose frequencies differ from the trained run's is refused (exit 2, nothing written).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app_runner.hpp"

namespace fs = std::filesystem;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

// em-blocks on 12 x 10 cells of 25 m, two of them air rows, at least one block; MT in both
// modes at two frequencies with a short padding (small meshes: the test runs ~10 pairinv commands).
const std::string kTinyEm = " -survey_family em-blocks -survey_physics em -family_nz 12 -family_nx 10 "
                            "-family_air_cells 2 -family_thickness_min 50 -family_blocks_min 1 "
                            "-family_anomaly_sigma_min 1e-3 -em_pad_skin_depths 2 -em_polarisation both "
                            "-em_data_form rhoa_phase";
const std::string kFrequencies = " -em_frequencies 1,10";

std::string fileText(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t lineCount(const std::string& text) {
  std::size_t n = 0;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) n += line.empty() ? 0 : 1;
  return n;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(EvaluateEmApp, TinyEmPipelineInvertsAndWritesTheReport) {
  // Arrange: surveys (OOD: more conductive, larger anomalies) and two tiny networks.
  ScratchDir dir("evaluate_em_app");
  const auto step = [&](const std::string& args) {
    const auto r = runPairinv(args);
    EXPECT_EQ(r.exitCode, 0) << "pairinv " << args << "\n" << r.output;
    return r.exitCode == 0;
  };
  ASSERT_TRUE(step("survey" + kTinyEm + kFrequencies + " -survey_samples 10 -survey_seed 3 -output " +
                   (dir / "train.h5").string()));
  ASSERT_TRUE(step("survey" + kTinyEm + kFrequencies + " -survey_samples 1 -survey_seed 11 -output " +
                   (dir / "test.h5").string()));
  ASSERT_TRUE(step("survey" + kTinyEm + kFrequencies + " -survey_samples 1 -survey_seed 12 -family_sigma_min 0.1 "
                   "-family_sigma_max 3 -output " + (dir / "ood.h5").string()));
  ASSERT_TRUE(step("survey" + kTinyEm + " -em_frequencies 1,20 -survey_samples 1 -survey_seed 11 -output " +
                   (dir / "other_frequencies.h5").string()));
  ASSERT_TRUE(step("train -input " + (dir / "train.h5").string() + " -output " + (dir / "pae").string() +
                   " -pae_preset tiny -pae_threads 1 -pae_epochs 2"));
  ASSERT_TRUE(step("train -input " + (dir / "train.h5").string() + " -output " + (dir / "e2e").string() +
                   " -pae_preset tiny -pae_threads 1 -pae_epochs 2 -pae_architecture end_to_end"));

  // Act
  const auto inverted = runPairinv("invert -run " + (dir / "pae").string() + " -input " + (dir / "test.h5").string() +
                                   " -sample 0 -lsi_iterations 2 -lsi_polish_iterations 2 -output " +
                                   (dir / "invert").string());
  const fs::path out = dir / "eval";
  const auto evaluated = runPairinv("evaluate -run " + (dir / "pae").string() + " -baseline_run " +
                                    (dir / "e2e").string() + " -input " + (dir / "test.h5").string() + " -ood " +
                                    (dir / "ood.h5").string() +
                                    " -evaluate_samples 1 -lsi_iterations 2 -lsi_polish_iterations 2"
                                    " -evaluate_fwi_iterations 2 -output " +
                                    out.string());
  const auto otherFrequencies = runPairinv("estimate -run " + (dir / "pae").string() + " -input " +
                                           (dir / "other_frequencies.h5").string() + " -output " +
                                           (dir / "refused.h5").string());

  // Assert
  EXPECT_EQ(otherFrequencies.exitCode, 2) << otherFrequencies.output;
  EXPECT_TRUE(contains(otherFrequencies.output, "frequencies")) << otherFrequencies.output;
  EXPECT_FALSE(fs::exists(dir / "refused.h5"));
  ASSERT_EQ(inverted.exitCode, 0) << inverted.output;
  EXPECT_EQ(lineCount(fileText(dir / "invert" / "history.csv")), 4u) << fileText(dir / "invert" / "history.csv");
  EXPECT_TRUE(fs::exists(dir / "invert" / "state" / "latest_z.npy"));
  EXPECT_EQ(lineCount(fileText(dir / "invert" / "polish" / "history.csv")), 4u) << inverted.output;
  EXPECT_TRUE(fs::exists(dir / "invert" / "polish" / "model_final.npy"));
  EXPECT_TRUE(contains(fileText(dir / "pae" / "options.txt"), "model_transform=log10"))
      << fileText(dir / "pae" / "options.txt");
  EXPECT_TRUE(contains(fileText(dir / "pae" / "options.txt"), "data_range=per_channel"))
      << fileText(dir / "pae" / "options.txt");
  ASSERT_EQ(evaluated.exitCode, 0) << evaluated.output;
  const std::string report = fileText(out / "report.md");
  for (const char* part : {"pairinv evaluate: EM", "| PAE estimate |", "| LSI (2 it.) |", "| LSI + polish (2 it.) |",
                           "| FWI, LSI's budget |", "| FWI (2 it./stage) |", "| End-to-end baseline |",
                           "log10(sigma / sigma_true)", "AUROC pca_residual", "| Linear baseline |",
                           "FWI rows start from a half-space of the geometric mean of the truth's earth",
                           "MAE and RMSE on log10 conductivity mapped from the run's training range",
                           "## PDE solves to reach the converged FWI misfit", "**LSI + polish (2 it.)** reaches it in"})
    EXPECT_TRUE(contains(report, part)) << "report.md lacks " << part << "\n" << report;
  const std::string methods = fileText(out / "methods.csv");
  EXPECT_EQ(lineCount(methods), 8u) << methods;
  EXPECT_FALSE(contains(methods, "nan")) << methods;
  EXPECT_EQ(lineCount(fileText(out / "samples.csv")), 8u);
  EXPECT_TRUE(fs::exists(out / "runs" / "sample0" / "fwi_long" / "history.csv"));
  EXPECT_EQ(lineCount(fileText(out / "solves_to_fwi_misfit.csv")), 2u) << fileText(out / "solves_to_fwi_misfit.csv");
  EXPECT_TRUE(fs::exists(out / "runs" / "sample0" / "lsi" / "polish" / "model_final.npy"));
}
