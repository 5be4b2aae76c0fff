// pairinv evaluate (apps/evaluate_command.cpp, apps/evaluation_run.cpp) end to end at toy size:
// tiny acoustic surveys of 3 samples, a tiny paired network and a tiny end-to-end baseline, 2
// inverted test samples, 2 LSI iterations and a 2-iteration polish, quality scores over the whole
// sets, the repair of flagged OOD samples; pairinv invert with a polish on 2 ranks; bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app_runner.hpp"
#include "vtk_readback.hpp"
#include "core/hdf5_io.hpp"

namespace fs = std::filesystem;
using pairinv::testing::readEveryVtkFile;
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

// Column `k` (0: the quoted method name) of a methods.csv row.
double column(const std::string& row, int k) {
  std::stringstream s(row.substr(row.rfind('"') + 2));
  std::string cell;
  for (int c = 1; c <= k; ++c) std::getline(s, cell, ',');
  return std::stod(cell);
}

}  // namespace

TEST(EvaluateApp, TinyPipelineWritesTheReportTablesAndFigures) {
  // Arrange: surveys (test and OOD sets of 3 samples; one of other models' size) and two networks.
  ScratchDir dir("evaluate_app");
  const auto step = [&](const std::string& args) {
    const auto r = runPairinv(args);
    EXPECT_EQ(r.exitCode, 0) << "pairinv " << args << "\n" << r.output;
    return r.exitCode == 0;
  };
  ASSERT_TRUE(step("survey -survey_family flatvel -survey_samples 16 -survey_seed 3 -output " + (dir / "train.h5").string() +
       kTinySurvey));
  ASSERT_TRUE(step("survey -survey_family flatvel -survey_samples 3 -survey_seed 11 -output " + (dir / "test.h5").string() +
       kTinySurvey));
  ASSERT_TRUE(step("survey -survey_family curvefault -survey_samples 3 -survey_seed 12 -output " + (dir / "ood.h5").string() +
       kTinySurvey));
  ASSERT_TRUE(step("survey -survey_family flatvel -survey_samples 1 -survey_seed 13 -output " +
                   (dir / "other_size.h5").string() + " -family_nz 25 -family_nx 24 -acoustic_nt 150 -acoustic_pml_width 10"));
  ASSERT_TRUE(step("train -input " + (dir / "train.h5").string() + " -output " + (dir / "pae").string() +
       " -pae_preset tiny -pae_threads 1 -pae_time_stride 2"));
  ASSERT_TRUE(step("train -input " + (dir / "train.h5").string() + " -output " + (dir / "e2e").string() +
       " -pae_preset tiny -pae_threads 1 -pae_time_stride 2 -pae_architecture end_to_end"));

  // Act: the evaluation (2 of 3 samples inverted, metrics over all 3 of each set), a small one
  // from the smoothed truth with metrics over 2 samples, LSI with a polish on 2 ranks, and on 2
  // ranks a survey whose models the network was not trained on.
  const fs::path out = dir / "eval";
  const auto r = runPairinv("evaluate -run " + (dir / "pae").string() + " -baseline_run " + (dir / "e2e").string() +
                            " -input " + (dir / "test.h5").string() + " -ood " + (dir / "ood.h5").string() +
                            " -evaluate_samples 2 -lsi_iterations 2 -lsi_polish_iterations 2"
                            " -evaluate_fwi_iterations 3 -evaluate_repair_samples 1 -output " + out.string());
  const auto smooth = runPairinv("evaluate -run " + (dir / "pae").string() + " -input " + (dir / "test.h5").string() +
                                 " -evaluate_samples 1 -evaluate_metric_samples 2 -lsi_iterations 1"
                                 " -evaluate_fwi_iterations 1 -evaluate_fwi_start smooth -evaluate_fwi_smoothing 50"
                                 " -output " + (dir / "eval_smooth").string());
  const auto inverted = runPairinv("invert -run " + (dir / "pae").string() + " -input " + (dir / "test.h5").string() +
                                   " -sample 2 -lsi_iterations 2 -lsi_polish_iterations 2 -output " +
                                   (dir / "invert").string(), 2);
  const auto mismatch = runPairinv("invert -run " + (dir / "pae").string() + " -input " +
                                   (dir / "other_size.h5").string() + " -output " + (dir / "mismatch").string(), 2);

  // Assert
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const std::string report = fileText(out / "report.md");
  for (const char* part : {"| PAE estimate |", "| LSI (2 it.) |", "| LSI + polish (2 it.) |", "| FWI, LSI's budget |",
                           "| FWI (3 it./stage) |", "| End-to-end baseline |", "| Linear baseline |",
                           "FWI rows start from the 1D linear velocity gradient", "(-evaluate_fwi_start gradient)",
                           "methods table over its first 2 samples", "quality scores over its first 3",
                           "ood.h5, first 3 samples)", "| in-distribution | 3 | rre |",
                           "AUROC pca_residual", "## PDE solves to reach the converged FWI misfit",
                           "Target of each sample: the data misfit **FWI (3 it./stage)** reaches at its last iteration",
                           "**LSI + polish (2 it.)** reaches it in", "## Repair of flagged out-of-distribution samples",
                           "| FWI, the repair's budget |"})
    EXPECT_TRUE(contains(report, part)) << "report.md lacks " << part << "\n" << report;
  EXPECT_FALSE(contains(report, "smoothed")) << report;
  EXPECT_TRUE(contains(r.output, "flagged of the OOD set ood:")) << r.output;

  // Seven methods; per-sample rows for 2 samples each; finite misfits; the polish adds PDE solves
  // to LSI's.
  const auto methods = lines(fileText(out / "methods.csv"));
  ASSERT_EQ(methods.size(), 8u) << fileText(out / "methods.csv");
  EXPECT_EQ(methods[0], "method,samples,model_error,data_misfit,ssim,pde_solves,seconds,mae,rmse");
  for (std::size_t i = 1; i < methods.size(); ++i) EXPECT_FALSE(contains(methods[i], "nan")) << methods[i];
  EXPECT_TRUE(contains(methods[1], "\"PAE estimate\",2,"));
  ASSERT_TRUE(contains(methods[2], "\"LSI (2 it.)\",2,"));
  ASSERT_TRUE(contains(methods[3], "\"LSI + polish (2 it.)\",2,"));
  EXPECT_TRUE(contains(methods[7], "\"Linear baseline\",2,"));
  EXPECT_GT(column(methods[3], 5), column(methods[2], 5));
  // On this tiny trained pair, LSI does not raise the true data misfit of the PAE estimate, and
  // the polish lowers it.
  EXPECT_LE(column(methods[2], 3), column(methods[1], 3)) << methods[1] << "\n" << methods[2];
  EXPECT_LT(column(methods[3], 3), column(methods[2], 3)) << methods[2] << "\n" << methods[3];
  EXPECT_GT(column(methods[3], 6), column(methods[2], 6));
  EXPECT_EQ(lines(fileText(out / "samples.csv")).size(), 15u);
  // Scores of 3 test and 3 OOD samples; every score's AUROC and the flag's; 5 scores x 2 errors x 2 sets.
  const auto quality = lines(fileText(out / "quality.csv"));
  ASSERT_EQ(quality.size(), 7u) << fileText(out / "quality.csv");
  EXPECT_EQ(quality[0], "set,sample,rre,rma,data_error,latent_distance,pca_residual,flag_statistic,flagged,"
                        "model_error,data_misfit");
  EXPECT_EQ(lines(fileText(out / "ood.csv")).size(), 7u) << fileText(out / "ood.csv");
  EXPECT_EQ(lines(fileText(out / "correlations.csv")).size(), 21u);
  // The PCA residual of the linear baseline flags CurveFault-like data against FlatVel-like
  // training: one flagged OOD sample is repaired (rows: estimate, LSI, LSI + polish, FWI at the
  // repair's budget), and the polish lowers the estimate's data misfit there.
  EXPECT_TRUE(contains(r.output, "flagged of the OOD set ood: 3 of 3")) << r.output;
  const auto repaired = lines(fileText(out / "flagged_repair.csv"));
  ASSERT_EQ(repaired.size(), 5u) << fileText(out / "flagged_repair.csv");
  EXPECT_EQ(repaired[0], "method,set,sample,model_error,data_misfit,pde_solves,seconds");
  EXPECT_LT(column(repaired[3], 3), column(repaired[1], 3)) << repaired[1] << "\n" << repaired[3];
  EXPECT_GT(column(repaired[4], 4), 0.0) << repaired[4];
  // PDE solves to the long FWI's final misfit: FWI's own count is at most its whole run's.
  const auto solves = lines(fileText(out / "solves_to_fwi_misfit.csv"));
  ASSERT_EQ(solves.size(), 3u) << fileText(out / "solves_to_fwi_misfit.csv");
  EXPECT_EQ(solves[0], "sample,target_misfit,path_final_misfit,path_solves,fwi_solves");
  const auto samples = lines(fileText(out / "samples.csv"));
  for (std::size_t i = 1; i < solves.size(); ++i) {
    const double fwiSolves = std::stod(solves[i].substr(solves[i].rfind(',') + 1));
    EXPECT_GT(fwiSolves, 0.0) << solves[i];
    EXPECT_LE(fwiSolves, column(samples[8 + i], 5)) << solves[i] << " against " << samples[8 + i];
  }
  // One SSIM, MAE and RMSE: the PAE estimate's rows of samples.csv and the estimate file of the
  // same test samples (pairinv estimate's estimates.h5) agree.
  const pairinv::Hdf5File estimates = pairinv::Hdf5File::openReadOnly(out / "estimates_test.h5");
  const auto ssim = estimates.readDataset("/ssim").data, mae = estimates.readDataset("/mae").data,
             rmse = estimates.readDataset("/rmse").data;
  for (std::size_t i = 0; i < 2; ++i) {
    ASSERT_TRUE(contains(samples[1 + i], "\"PAE estimate\"," + std::to_string(i) + ",")) << samples[1 + i];
    EXPECT_NEAR(column(samples[1 + i], 4), ssim[i], 1e-5) << samples[1 + i];
    EXPECT_NEAR(column(samples[1 + i], 7), mae[i], 1e-5) << samples[1 + i];
    EXPECT_NEAR(column(samples[1 + i], 8), rmse[i], 1e-5) << samples[1 + i];
  }
  for (const char* png : {"hist_model_error.png", "hist_data_misfit.png", "hist_rre.png",
                          "scatter_rre_model_error.png", "hist_pca_residual.png",
                          "scatter_pca_residual_model_error.png"})
    EXPECT_TRUE(fs::exists(out / png)) << png;
  EXPECT_TRUE(fs::exists(out / "runs" / "sample1" / "lsi" / "history.csv"));
  EXPECT_EQ(lines(fileText(out / "runs" / "sample1" / "lsi" / "polish" / "history.csv")).size(), 4u);

  ASSERT_EQ(smooth.exitCode, 0) << smooth.output;
  const std::string smoothReport = fileText(dir / "eval_smooth" / "report.md");
  for (const char* part : {"FWI rows start from the true model smoothed over 50 m", "(-evaluate_fwi_start smooth)",
                           "quality scores over its first 2", "| in-distribution | 2 | rma |"})
    EXPECT_TRUE(contains(smoothReport, part)) << "report.md lacks " << part << "\n" << smoothReport;
  EXPECT_FALSE(contains(smoothReport, "polish")) << smoothReport;
  EXPECT_EQ(lines(fileText(dir / "eval_smooth" / "quality.csv")).size(), 3u);
  EXPECT_FALSE(fs::exists(dir / "eval_smooth" / "flagged_repair.csv"));

  ASSERT_EQ(inverted.exitCode, 0) << inverted.output;
  EXPECT_TRUE(fs::exists(dir / "invert" / "model_final.npy"));
  EXPECT_EQ(lines(fileText(dir / "invert" / "polish" / "history.csv")).size(), 4u) << inverted.output;
  EXPECT_TRUE(fs::exists(dir / "invert" / "polish" / "model_final.npy"));
  EXPECT_TRUE(contains(inverted.output, "the final, polished model")) << inverted.output;

  EXPECT_EQ(mismatch.exitCode, 2) << mismatch.output;
  EXPECT_TRUE(contains(mismatch.output, "do not fit the network trained on")) << mismatch.output;

  // Every VTK file of evaluate, invert and estimate reads back with VTK's readers, as ParaView
  // would open it, with the arrays the README names.
  ASSERT_TRUE(step("estimate -run " + (dir / "pae").string() + " -input " + (dir / "test.h5").string() +
                   " -output " + (dir / "est.h5").string() + " -pae_png_samples 1 -pae_threads 1"));
  for (const fs::path& folder : {out, dir / "invert", dir / "est_vti"}) {
    const auto vti = readEveryVtkFile(folder);
    EXPECT_FALSE(vti.empty()) << folder;
    for (const auto& [file, contents] : vti) {
      // LSI's iterates also carry the learned estimate they started from; FWI's and the polish's do not.
      const bool iterate = file.parent_path().filename() == "iterations";
      const std::string run = file.parent_path().parent_path().filename().string();
      std::vector<const char*> names = {"velocity"};
      if (iterate) names = {"velocity", "truth", "difference"};
      if (iterate && (run == "lsi" || run == "invert")) names.push_back("estimate");
      if (folder.filename() == "est_vti") names = {"estimate", "truth", "error"};
      for (const char* name : names) EXPECT_TRUE(contents.arrays.count(name)) << file << " lacks " << name;
    }
  }
}

TEST(EvaluateApp, MissingRunIsABadInputWithAClearMessage) {
  ScratchDir dir("evaluate_bad");
  const auto r = runPairinv("evaluate -input x.h5 -output " + (dir / "eval").string());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "-run RUN_DIR is required")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "eval"));
}

TEST(EvaluateApp, FwiSmoothingWithoutTheSmoothStartIsABadInputNamingTheOption) {
  // Arrange
  ScratchDir dir("evaluate_smoothing");
  // Act
  const auto r = runPairinv("evaluate -run " + dir.path().string() + " -input x.h5 -evaluate_fwi_smoothing 50 -output " +
                            (dir / "eval").string());
  // Assert
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "-evaluate_fwi_smoothing is only used with -evaluate_fwi_start smooth")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "eval"));
}

TEST(EvaluateApp, FwiIterationsIsABadInputNamingTheOption) {
  // Arrange: every FWI row of evaluate sets its own iteration count.
  ScratchDir dir("evaluate_fwi_iterations");
  // Act
  const auto r = runPairinv("evaluate -run " + dir.path().string() + " -input x.h5 -fwi_iterations 5 -output " +
                            (dir / "eval").string());
  // Assert
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "-fwi_iterations is not used by pairinv evaluate")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "eval"));
}

TEST(EvaluateApp, MoreMetricSamplesThanTheSetHoldsIsABadInputNamingTheOption) {
  // Arrange: a survey of 2 samples (the run folder is only checked for existence before).
  ScratchDir dir("evaluate_metric_samples");
  const auto survey = runPairinv("survey -survey_family flatvel -survey_samples 2 -survey_seed 11 -output " +
                                 (dir / "test.h5").string() + kTinySurvey);
  ASSERT_EQ(survey.exitCode, 0) << survey.output;
  // Act
  const auto r = runPairinv("evaluate -run " + dir.path().string() + " -input " + (dir / "test.h5").string() +
                            " -evaluate_samples 1 -evaluate_metric_samples 3 -output " + (dir / "eval").string());
  // Assert
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "-evaluate_metric_samples 3 but")) << r.output;
  EXPECT_TRUE(contains(r.output, "has 2 samples")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "eval"));
}

TEST(InvertApp, FwiIterationsWithThePolishIsABadInputNamingTheOption) {
  // Arrange
  ScratchDir dir("invert_polish_options");
  // Act
  const auto r = runPairinv("invert -lsi_polish_iterations 2 -fwi_iterations 3 -output " + (dir / "inv").string());
  // Assert
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "-fwi_iterations is not used by pairinv invert")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "inv"));
}

TEST(InvertApp, HelpListsThePolishsFwiOptionsButNotTheOnesItSetsItself) {
  // Act: the polish takes its iteration count from -lsi_polish_iterations and has one stage.
  const auto r = runPairinv("invert -help");
  const auto e = runPairinv("evaluate -help");
  // Assert
  EXPECT_EQ(r.exitCode, 0) << r.output;
  for (const char* listed : {"-lsi_polish_iterations", "-fwi_vmin", "-fwi_parametrisation"})
    EXPECT_TRUE(contains(r.output, listed)) << listed << " missing from invert -help";
  for (const char* unlisted : {"-fwi_iterations", "-fwi_frequencies"})
    EXPECT_FALSE(contains(r.output, unlisted)) << unlisted << " listed by invert -help";
  EXPECT_EQ(e.exitCode, 0) << e.output;
  EXPECT_TRUE(contains(e.output, "-fwi_frequencies")) << e.output;  // the long FWI row's stages
  EXPECT_FALSE(contains(e.output, "-fwi_iterations")) << e.output;
}
