// pairinv evaluate (apps/evaluate_command.cpp) end to end at toy size: a tiny acoustic survey,
// a tiny paired network and a tiny end-to-end baseline, 2 test samples, 2 LSI iterations.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app_runner.hpp"

namespace fs = std::filesystem;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

const std::string kTinySurvey =
    " -family_nz 25 -family_nx 30 -acoustic_nt 150 -acoustic_pml_width 10";

std::string fileText(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(EvaluateApp, TinyPipelineWritesTheReportTablesAndFigures) {
  ScratchDir dir("evaluate_app");
  const auto step = [&](const std::string& args) {
    const auto r = runPairinv(args);
    EXPECT_EQ(r.exitCode, 0) << "pairinv " << args << "\n" << r.output;
    return r.exitCode == 0;
  };
  ASSERT_TRUE(step("survey -survey_family flatvel -survey_samples 16 -survey_seed 3 -output " + (dir / "train.h5").string() +
       kTinySurvey));
  ASSERT_TRUE(step("survey -survey_family flatvel -survey_samples 2 -survey_seed 11 -output " + (dir / "test.h5").string() +
       kTinySurvey));
  ASSERT_TRUE(step("survey -survey_family curvefault -survey_samples 2 -survey_seed 12 -output " + (dir / "ood.h5").string() +
       kTinySurvey));
  ASSERT_TRUE(step("train -input " + (dir / "train.h5").string() + " -output " + (dir / "pae").string() +
       " -pae_preset tiny -pae_threads 1 -pae_time_stride 2"));
  ASSERT_TRUE(step("train -input " + (dir / "train.h5").string() + " -output " + (dir / "e2e").string() +
       " -pae_preset tiny -pae_threads 1 -pae_time_stride 2 -pae_architecture end_to_end"));

  const fs::path out = dir / "eval";
  const auto r = runPairinv("evaluate -run " + (dir / "pae").string() + " -baseline_run " + (dir / "e2e").string() +
                            " -input " + (dir / "test.h5").string() + " -ood " + (dir / "ood.h5").string() +
                            " -evaluate_samples 2 -lsi_iterations 2 -evaluate_fwi_iterations 3 -output " +
                            out.string());
  ASSERT_EQ(r.exitCode, 0) << r.output;

  const std::string report = fileText(out / "report.md");
  for (const char* row : {"| PAE estimate |", "| LSI (2 it.) |", "| FWI, LSI's budget |", "| FWI (3 it./stage) |",
                          "| End-to-end baseline |", "AUROC of RRE"})
    EXPECT_TRUE(contains(report, row)) << "report.md lacks " << row << "\n" << report;

  // Five methods; per-sample rows for 2 samples each; finite misfits; LSI and FWI made PDE solves.
  const auto methods = lines(fileText(out / "methods.csv"));
  ASSERT_EQ(methods.size(), 6u) << fileText(out / "methods.csv");
  EXPECT_EQ(methods[0], "method,samples,model_error,data_misfit,ssim,pde_solves,seconds");
  for (std::size_t i = 1; i < methods.size(); ++i) EXPECT_FALSE(contains(methods[i], "nan")) << methods[i];
  EXPECT_TRUE(contains(methods[1], "\"PAE estimate\",2,"));
  EXPECT_EQ(lines(fileText(out / "samples.csv")).size(), 11u);
  EXPECT_EQ(lines(fileText(out / "quality.csv")).size(), 5u);
  EXPECT_EQ(lines(fileText(out / "correlations.csv")).size(), 9u);
  EXPECT_EQ(lines(fileText(out / "ood.csv")).size(), 3u);
  for (const char* png : {"hist_model_error.png", "hist_data_misfit.png", "hist_rre.png",
                          "scatter_rre_model_error.png", "scatter_rma_data_misfit.png"})
    EXPECT_TRUE(fs::exists(out / png)) << png;
  EXPECT_TRUE(fs::exists(out / "runs" / "sample1" / "lsi" / "history.csv"));
}

TEST(EvaluateApp, MissingRunIsABadInputWithAClearMessage) {
  ScratchDir dir("evaluate_bad");
  const auto r = runPairinv("evaluate -input x.h5 -output " + (dir / "eval").string());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "-run RUN_DIR is required")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "eval"));
}
