// What every pairinv command shares: `pairinv -version`, `pairinv COMMAND -help` (the command's
// own options first, integers as integers, PETSc's generic list only with -help_petsc), and the
// options.yaml record that a finished command leaves, which reruns it to the same bits; and
// every .vti and .pvd that forward and fwi write, read back by VTK's own readers; and -log_view
// naming pairinv's events (solvers, checkpoints, output, training's phases) in the command's stage.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <cmath>
#include <map>
#include <set>

#include "app_runner.hpp"
#include "vtk_readback.hpp"

namespace fs = std::filesystem;
using pairinv::testing::readEveryVtkFile;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string readAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* kSmallForward = " -acoustic_nt 300 -acoustic_src_ix 50,150";

}  // namespace

TEST(ProgramApp, VersionNamesPairinvItsCommitAndTheLibraries) {
  const auto r = runPairinv("-version");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex(R"(^pairinv \d+\.\d+\.\d+ \(git [0-9a-f]{12}(-modified)?\), PETSc \d+\.\d+\.\d+, LibTorch \d+\.\d+\.\d+, VTK \d+\.\d+\.\d+)")))
      << r.output;
}

TEST(ProgramApp, CommandHelpListsItsOwnOptionsWithoutPetscsGenericOnes) {
  const auto r = runPairinv("forward -help");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output.rfind("pairinv forward: ", 0), 0u) << r.output.substr(0, 200);
  EXPECT_FALSE(contains(r.output, "Options for all PETSc programs"));
  EXPECT_TRUE(std::regex_search(r.output, std::regex(R"(-acoustic_nt <now \d+ : default \d+>)"))) << r.output;
  EXPECT_TRUE(contains(r.output, "-help_petsc"));

  const auto petsc = runPairinv("forward -help_petsc");
  EXPECT_EQ(petsc.exitCode, 0) << petsc.output;
  EXPECT_TRUE(contains(petsc.output, "Options for all PETSc programs"));
  EXPECT_TRUE(contains(petsc.output, "-acoustic_nt <now"));
}

TEST(ProgramApp, OptionsRecordRerunsTheCommandToTheSameBits) {
  ScratchDir dir("program_record");
  const fs::path out = dir / "fwd";
  const auto first = runPairinv("forward -output " + out.string() + kSmallForward + " -acoustic_order 4");
  ASSERT_EQ(first.exitCode, 0) << first.output;
  const std::string record = readAll(out / "options.yaml"), data = readAll(out / "data.npy");
  EXPECT_EQ(record.rfind("# pairinv ", 0), 0u) << record;
  EXPECT_TRUE(contains(record, "# rerun there: pairinv forward -options_file_yaml " + (out / "options.yaml").string()));
  EXPECT_TRUE(contains(record, "\nacoustic_nt: \"300\"\n")) << record;
  EXPECT_TRUE(contains(record, "\noutput: \"" + out.string() + "\"\n")) << record;

  // The record alone reruns it: same data, same record.
  fs::copy_file(out / "options.yaml", dir / "record.yaml");
  fs::remove_all(out);
  const auto again = runPairinv("forward -options_file_yaml " + (dir / "record.yaml").string());
  ASSERT_EQ(again.exitCode, 0) << again.output;
  EXPECT_EQ(readAll(out / "data.npy"), data);
  EXPECT_EQ(readAll(out / "options.yaml"), record);
}

/// The events of -log_view's table that ran at least once in the command's own stage.
std::set<std::string> loggedEvents(const std::string& output, const std::string& stage) {
  std::set<std::string> events;
  const auto start = output.find("--- Event Stage 1: " + stage);
  if (start == std::string::npos) return events;
  std::stringstream in(output.substr(start));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("PI", 0) != 0) continue;
    std::stringstream cells(line);
    std::string name;
    long count = 0;
    cells >> name >> count;
    if (count > 0) events.insert(name);
  }
  return events;
}

TEST(ProgramApp, LogViewShowsPairinvsEventsInTheCommandsStage) {
  ScratchDir dir("program_log_view");
  const auto forward = runPairinv("forward -log_view -output " + (dir / "fwd").string() + kSmallForward);
  ASSERT_EQ(forward.exitCode, 0) << forward.output;
  const auto f = loggedEvents(forward.output, "pairinv forward");
  EXPECT_TRUE(f.count("PIAcousticFwd") && f.count("PIOutput")) << forward.output;

  const auto fwi = runPairinv("fwi -log_view -fwi_iterations 1 -acoustic_gradient_storage checkpoint -output " +
                              (dir / "fwi").string() + kSmallForward);
  ASSERT_EQ(fwi.exitCode, 0) << fwi.output;
  const auto g = loggedEvents(fwi.output, "pairinv fwi");
  for (const char* event : {"PIAcousticFwd", "PIAcousticAdj", "PICheckpointRecomp", "PIOutput"})
    EXPECT_TRUE(g.count(event)) << event << "\n" << fwi.output;

  const auto survey = runPairinv("survey -survey_family flatvel -survey_samples 8 -family_nz 25 -family_nx 30 "
                                 "-acoustic_nt 150 -acoustic_pml_width 10 -output " + (dir / "s.h5").string());
  ASSERT_EQ(survey.exitCode, 0) << survey.output;
  const auto train = runPairinv("train -log_view -input " + (dir / "s.h5").string() + " -output " +
                                (dir / "run").string() + " -pae_preset tiny -pae_threads 1 -pae_epochs 1");
  ASSERT_EQ(train.exitCode, 0) << train.output;
  const auto t = loggedEvents(train.output, "pairinv train");
  for (const char* event : {"PIReadSamples", "PINetForward", "PINetBackward", "PIOptimStep", "PIValidation", "PIOutput"})
    EXPECT_TRUE(t.count(event)) << event << "\n" << train.output;
}

TEST(ProgramApp, FailedCommandLeavesNoRecord) {
  ScratchDir dir("program_no_record");
  const auto r = runPairinv("forward -output " + (dir / "fwd").string() + kSmallForward + " -acoustic_no_such 1");
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_FALSE(fs::exists(dir / "fwd" / "options.yaml"));
}

namespace {

double minOf(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
double maxOf(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

}  // namespace

TEST(ProgramApp, EveryVtkFileOfForwardAndFwiReadsBackWithTheExpectedArrays) {
  ScratchDir dir("program_vtk");
  ASSERT_EQ(runPairinv("forward -output " + (dir / "fwd").string() + kSmallForward +
                       " -acoustic_snapshot_every 100").exitCode, 0);
  ASSERT_EQ(runPairinv("fwi -output " + (dir / "fwi").string() + kSmallForward + " -fwi_iterations 2").exitCode, 0);

  const auto fwd = readEveryVtkFile(dir / "fwd");
  ASSERT_TRUE(fwd.count(dir / "fwd" / "model.vti"));
  const auto& velocity = fwd.at(dir / "fwd" / "model.vti").arrays.at("velocity");
  EXPECT_EQ(minOf(velocity), 1500);  // the demo model's layers
  EXPECT_EQ(maxOf(velocity), 3500);
  int snapshots = 0;
  for (const auto& [file, contents] : fwd)
    if (file.parent_path().filename() == "snapshots") {
      ++snapshots;
      EXPECT_TRUE(contents.arrays.count("pressure")) << file;
    }
  EXPECT_EQ(snapshots, 3);  // steps 100, 200, 300

  const auto fwi = readEveryVtkFile(dir / "fwi");
  ASSERT_TRUE(fwi.count(dir / "fwi" / "model_final.vti"));
  int iterates = 0;
  for (const auto& [file, contents] : fwi)
    if (file.parent_path().filename() == "iterations") {
      ++iterates;
      for (const char* name : {"velocity", "truth", "difference"}) EXPECT_TRUE(contents.arrays.count(name)) << file;
      // Bounded L-BFGS keeps the velocity within -fwi_vmin/-fwi_vmax's defaults.
      EXPECT_GE(minOf(contents.arrays.at("velocity")), 1000) << file;
      EXPECT_LE(maxOf(contents.arrays.at("velocity")), 6000) << file;
    }
  EXPECT_EQ(iterates, 3);  // iterations 0, 1, 2
}
