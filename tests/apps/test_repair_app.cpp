// pairinv repair (apps/repair_command.cpp) end to end at toy size: a tiny paired network trained
// on clean FlatVel-like data; a test set of the same family with heavy noise, which the flag
// (the PCA residual at the run's validation rate) must flag; the flagged samples repaired by LSI
// and a polish on 2 ranks; a rerun that keeps the finished samples; and surveys of another
// geometry refused before anything is written.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "app_runner.hpp"

namespace fs = std::filesystem;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

const std::string kTiny = " -family_nz 25 -family_nx 30 -acoustic_nt 150 -acoustic_pml_width 10";

std::string fileText(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::vector<double>> csvRows(const fs::path& file) {
  std::stringstream in(fileText(file));
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    std::vector<double> row;
    for (std::string cell; std::getline(cells, cell, ',');) row.push_back(std::stod(cell));
    rows.push_back(row);
  }
  return rows;
}

class RepairApp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("repair_app");
    const auto step = [](const std::string& args) {
      const auto r = runPairinv(args);
      ASSERT_EQ(r.exitCode, 0) << "pairinv " << args << "\n" << r.output;
    };
    step("survey -survey_family flatvel -survey_samples 24 -survey_seed 3 -output " + file("train.h5") + kTiny);
    step("survey -survey_family flatvel -survey_samples 4 -survey_seed 11 -survey_noise_snr 0 -output " +
         file("noisy.h5") + kTiny);
    step("train -input " + file("train.h5") + " -output " + file("pae") +
         " -pae_preset tiny -pae_threads 1 -pae_time_stride 2 -pae_epochs 3");
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string file(const std::string& name) { return (*dir_ / name).string(); }

  static ScratchDir* dir_;
};
ScratchDir* RepairApp::dir_ = nullptr;

TEST_F(RepairApp, FlagsNoisyDataAndRepairsTheFlaggedSamplesOnTwoRanks) {
  const std::string command = "repair -run " + file("pae") + " -input " + file("noisy.h5") +
                              " -repair_max 2 -lsi_iterations 2 -lsi_polish_iterations 2 -pae_threads 1 -output " +
                              file("repaired");
  const auto r = runPairinv(command, 2);
  ASSERT_EQ(r.exitCode, 0) << r.output;

  // Every noisy sample is flagged (the data are far from the training data's PCA subspace); the
  // first two are repaired, each with LSI's and the polish's records.
  const fs::path out = *dir_ / "repaired";
  const std::string report = fileText(out / "report.md");
  EXPECT_NE(report.find("flagged: 4 of 4 samples; repaired: 2"), std::string::npos) << report;
  EXPECT_NE(report.find("| LSI + polish (final) |"), std::string::npos) << report;
  EXPECT_NE(report.find("| linear baseline (PCA + ridge) |"), std::string::npos) << report;
  const auto rows = csvRows(out / "summary.csv");
  ASSERT_EQ(rows.size(), 2u);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& row = rows[k];
    EXPECT_EQ(row[0], double(k));
    const fs::path sample = out / ("sample" + std::to_string(k));
    for (const char* name : {"history.csv", "models.pvd", "model_final.npy", "polish/history.csv",
                             "polish/model_final.vti", "outcome.csv"})
      EXPECT_TRUE(fs::exists(sample / name)) << sample / name;
    // The polish fits the data better than the learned estimate, and it cost PDE solves.
    EXPECT_LT(row[7], row[3]) << "final misfit against the estimate's, sample " << k;
    EXPECT_GT(row[8], 0.0);
    EXPECT_GT(row[9], 0.0);
    // The linear baseline's estimate, measured through the same PDE: a finite, positive error.
    ASSERT_EQ(row.size(), 13u);
    EXPECT_TRUE(std::isfinite(row[11]) && row[11] > 0.0) << "baseline model error " << row[11];
    EXPECT_TRUE(std::isfinite(row[12]) && row[12] > 0.0) << "baseline data misfit " << row[12];
  }

  // A rerun keeps the finished samples: the same summary, bit for bit.
  const std::string before = fileText(out / "summary.csv");
  const auto again = runPairinv(command, 2);
  ASSERT_EQ(again.exitCode, 0) << again.output;
  EXPECT_EQ(fileText(out / "summary.csv"), before);
}

TEST_F(RepairApp, CleanDataOfTheTrainingFamilyAreMostlyNotFlagged) {
  const auto r = runPairinv("survey -survey_family flatvel -survey_samples 6 -survey_seed 21 -output " +
                            file("clean.h5") + kTiny);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const auto repair = runPairinv("repair -run " + file("pae") + " -input " + file("clean.h5") +
                                 " -lsi_iterations 1 -pae_threads 1 -output " + file("clean_repair"));
  ASSERT_EQ(repair.exitCode, 0) << repair.output;
  EXPECT_LE(csvRows(*dir_ / "clean_repair" / "summary.csv").size(), 2u);
}

TEST_F(RepairApp, ASurveyOfAnotherGeometryIsRefusedAndNothingIsWritten) {
  struct Case {
    std::string survey, expected;
  };
  for (const Case& c : {Case{" -acoustic_rec_ix 0,5,10,15,20,25,29,28,27,26,24,23,22,21,19,18,17,16,14,13,12,11,9,8,"
                             "7,6,4,3,2,1", "receiver_ix"},
                        Case{" -acoustic_record_every 2", "do not fit"}}) {
    const std::string name = c.expected == "do not fit" ? "other_sampling" : "other_receivers";
    const auto s = runPairinv("survey -survey_family flatvel -survey_samples 2 -survey_seed 5 -output " +
                              file(name + ".h5") + kTiny + c.survey);
    ASSERT_EQ(s.exitCode, 0) << s.output;
    const auto r = runPairinv("repair -run " + file("pae") + " -input " + file(name + ".h5") + " -output " +
                              file(name + "_out"));
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(*dir_ / (name + "_out"))) << name;
  }
  const auto missing = runPairinv("repair -run " + file("pae") + " -input " + file("noisy.h5") +
                                  " -repair_samples 9 -output " + file("missing_out"));
  EXPECT_EQ(missing.exitCode, 2) << missing.output;
  EXPECT_NE(missing.output.find("-repair_samples: sample 9 does not exist"), std::string::npos) << missing.output;
  EXPECT_FALSE(fs::exists(*dir_ / "missing_out"));
}

}  // namespace
