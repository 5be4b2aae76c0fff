// pairinv repair (apps/repair_command.cpp) end to end at toy size: a tiny paired network trained
// on clean FlatVel-like data; a test set of the same family with heavy noise, which the flag
// (the PCA residual at the run's validation rate) must flag; the flagged samples repaired by LSI
// and a polish on 2 ranks; a rerun that keeps the finished samples; surveys of another
// geometry refused before anything is written; and field data: sample 0 as SEG-Y (with the
// survey as -acquisition) inverted to the same bits as the survey's sample, and repaired with
// data misfits only.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include <hdf5.h>

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
    step("survey -survey_family flatvel -survey_samples 4 -survey_seed 11 -survey_noise_snr 0 -survey_segy 0 "
         "-output " + file("noisy.h5") + kTiny);
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

TEST_F(RepairApp, FieldDataFromSegyInvertToTheSurveySamplesBitsWithoutModelErrors) {
  const std::string segy = file("noisy_segy/sample_000000.sgy");
  const std::string lsi = " -lsi_iterations 2";
  const auto fromSurvey = runPairinv("invert -run " + file("pae") + " -input " + file("noisy.h5") +
                                     " -sample 0 -output " + file("inv_survey") + lsi);
  ASSERT_EQ(fromSurvey.exitCode, 0) << fromSurvey.output;
  const auto fromSegy = runPairinv("invert -run " + file("pae") + " -input " + segy + " -acquisition " +
                                   file("noisy.h5") + " -output " + file("inv_segy") + lsi);
  ASSERT_EQ(fromSegy.exitCode, 0) << fromSegy.output;

  // The field survey holds the data and no models.
  const fs::path observed = *dir_ / "inv_segy" / "observed.h5";
  ASSERT_TRUE(fs::exists(observed));
  const hid_t h5 = H5Fopen(observed.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(h5, 0);
  EXPECT_GT(H5Lexists(h5, "/data", H5P_DEFAULT), 0);
  EXPECT_EQ(H5Lexists(h5, "/models", H5P_DEFAULT), 0);
  H5Fclose(h5);

  // The same float32 samples through SEG-Y: LSI's objectives and final model to the bit; no model
  // error without a truth.
  const auto a = csvRows(*dir_ / "inv_survey" / "history.csv"), b = csvRows(*dir_ / "inv_segy" / "history.csv");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i][1], b[i][1]) << "objective of iteration " << i;
    EXPECT_TRUE(std::isfinite(a[i][4])) << "model error with the truth, iteration " << i;
    EXPECT_TRUE(std::isnan(b[i][4])) << "model error without a truth, iteration " << i;
  }
  EXPECT_EQ(fileText(*dir_ / "inv_survey" / "model_final.npy"), fileText(*dir_ / "inv_segy" / "model_final.npy"));

  // repair: the flag, LSI and the report with data misfits only.
  const auto r = runPairinv("repair -run " + file("pae") + " -input " + segy + " -acquisition " + file("noisy.h5") +
                            " -output " + file("rep_segy") + lsi + " -pae_threads 1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const std::string report = fileText(*dir_ / "rep_segy" / "report.md");
  EXPECT_NE(report.find("no true models (field data)"), std::string::npos) << report;
  EXPECT_NE(report.find("flagged: 1 of 1 samples; repaired: 1"), std::string::npos) << report;
  const auto rows = csvRows(*dir_ / "rep_segy" / "summary.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(std::isnan(rows[0][2]) && std::isnan(rows[0][4])) << "model errors without a truth";
  EXPECT_TRUE(std::isfinite(rows[0][3]) && rows[0][3] > 0.0) << "the estimate's data misfit";
  EXPECT_LE(rows[0][5], rows[0][3]) << "LSI's data misfit against the estimate's";
  // A rerun keeps the repaired sample: its record holds NaN model errors, read back as NaN.
  const std::string summary = fileText(*dir_ / "rep_segy" / "summary.csv");
  const auto again = runPairinv("repair -run " + file("pae") + " -input " + segy + " -acquisition " +
                                file("noisy.h5") + " -output " + file("rep_segy") + lsi + " -pae_threads 1");
  ASSERT_EQ(again.exitCode, 0) << again.output;
  EXPECT_EQ(fileText(*dir_ / "rep_segy" / "summary.csv"), summary);
}

TEST_F(RepairApp, BadFieldDataAreRefusedAndNothingIsWritten) {
  const std::string segy = file("noisy_segy/sample_000000.sgy");
  const auto s = runPairinv("survey -survey_family flatvel -survey_samples 1 -survey_seed 5 -output " +
                            file("field_other_sampling.h5") + kTiny + " -acoustic_record_every 2");
  ASSERT_EQ(s.exitCode, 0) << s.output;
  // Consistent with its own acquisition, but not with the run's: refused after observed.h5 was
  // made, which must go again.
  const auto o = runPairinv("survey -survey_family flatvel -survey_samples 1 -survey_seed 5 -survey_segy 0 -output " +
                            file("field_other_receivers.h5") + kTiny + " -acoustic_rec_ix 0,2,4,6,8,10,12,14");
  ASSERT_EQ(o.exitCode, 0) << o.output;
  const std::string otherSegy = file("field_other_receivers_segy/sample_000000.sgy");
  struct Case {
    std::string args, expected;
  };
  for (const Case& c : {Case{"invert -input " + segy, "name the survey file whose acquisition recorded it"},
                        Case{"repair -input " + file("noisy.h5") + " -acquisition " + file("noisy.h5"),
                             "-acquisition applies to SEG-Y -input only"},
                        Case{"invert -input " + segy + " -acquisition " + file("noisy.h5") + " -sample 1",
                             "a SEG-Y -input holds one sample"},
                        Case{"repair -input " + segy + " -acquisition " + file("field_other_sampling.h5"), "samples"},
                        Case{"invert -input " + segy + " -acquisition " + file("missing.h5"), "does not exist"},
                        Case{"repair -input " + otherSegy + " -acquisition " + file("field_other_receivers.h5"),
                             "receiver"},
                        Case{"invert -input " + otherSegy + " -acquisition " + file("field_other_receivers.h5"),
                             "trained on"}}) {
    const auto r = runPairinv(c.args + " -run " + file("pae") + " -output " + file("bad_field"));
    EXPECT_EQ(r.exitCode, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << c.args << "\n" << r.output;
    EXPECT_FALSE(fs::exists(*dir_ / "bad_field")) << c.args;
  }
}

}  // namespace
