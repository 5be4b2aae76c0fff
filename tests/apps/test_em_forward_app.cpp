// `pairinv forward -physics em` as users and scripts call it: the sample runs in the header of
// apps/forward_command.cpp with -physics em (apps/em/em_physics.cpp), the stable MT call
// (DIR/mt.csv), 1 vs 2 MPI ranks, and bad input
// (exit code 2, a message naming the problem, no output).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "app_runner.hpp"
#include "core/npy.hpp"

namespace fs = std::filesystem;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

std::vector<std::string> readLines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string fileText(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A uniform conductivity model (S/m) of nz x nx cells as .npy.
void writeConductivity(const fs::path& file, int nz, int nx, double sigma) {
  const std::vector<double> values(std::size_t(nz) * std::size_t(nx), sigma);
  pairinv::writeNpy(file, {std::size_t(nz), std::size_t(nx)}, values.data(), pairinv::NpyType::Float64);
}

}  // namespace

TEST(EmForwardApp, HelpListsTheEmOptions) {
  const auto result = runPairinv("forward -physics em -help");

  EXPECT_EQ(result.exitCode, 0) << result.output;
  for (const char* option : {"-model ", "-output ", "-model_dx", "-em_frequencies", "-em_source", "-em_polarisation",
                             "-em_rec_x", "-em_pad_stretch", "-em_ksp_type", "-em_mat_mumps_icntl_14"})
    EXPECT_NE(result.output.find(option), std::string::npos) << option << " missing from -help";
}

TEST(EmForwardApp, StableMtCallWritesApparentResistivityTable) {
  ScratchDir dir("em_forward_stable");
  writeConductivity(dir / "S.npy", 12, 10, 0.01);  // a 100 ohm m half-space

  const auto result = runPairinv("forward -physics em -model " + (dir / "S.npy").string() +
                                 " -model_dx 100 -em_source mt -em_frequencies 0.1,1,10 -output " + (dir / "out").string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  const std::vector<std::string> lines = readLines(dir / "out" / "mt.csv");
  ASSERT_EQ(lines.size(), 1u + 3 * 10);
  EXPECT_EQ(lines[0], "frequency,x,rho_a,phase,mode");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    double f = 0, x = 0, rho = 0, phase = 0;
    ASSERT_EQ(std::sscanf(lines[i].c_str(), "%lf,%lf,%lf,%lf", &f, &x, &rho, &phase), 4) << lines[i];
    EXPECT_DOUBLE_EQ(f, i <= 10 ? 0.1 : i <= 20 ? 1.0 : 10.0);
    EXPECT_DOUBLE_EQ(x, 50.0 + 100.0 * double((i - 1) % 10));  // above every column, at the surface
    EXPECT_NEAR(rho, 100.0, 1.0) << lines[i];
    EXPECT_NEAR(phase, 45.0, 0.5) << lines[i];
  }
  for (const char* file : {"data.npy", "em_data.h5", "model.vti", "model.png", "fields.vti", "mt_rho_a.png",
                           "mt_phase.png", "mt_curves_rho_a.png", "mt_curves_phase.png"})
    EXPECT_TRUE(fs::exists(dir / "out" / file)) << file;
  EXPECT_EQ(pairinv::readNpy(dir / "out" / "data.npy").shape, (std::vector<std::size_t>{2, 3, 1, 10}));
  EXPECT_NE(fileText(dir / "out" / "fields.vti").find("abs_Ey_10Hz_2"), std::string::npos);
}

TEST(EmForwardApp, BothModesUnderAirWriteTeAndTmSoundings) {
  ScratchDir dir("em_forward_both");
  // A 100 ohm m half-space under 2 rows of air: TE and TM both read 100 ohm m and 45 degrees.
  std::vector<double> values(12 * 10, 0.01);
  std::fill(values.begin(), values.begin() + 20, 1e-8);
  pairinv::writeNpy(dir / "S.npy", {12, 10}, values.data(), pairinv::NpyType::Float64);

  const auto result = runPairinv("forward -physics em -model " + (dir / "S.npy").string() +
                                 " -model_dx 100 -em_polarisation both -em_data_form rhoa_phase -em_frequencies 1,10 "
                                 "-output " + (dir / "out").string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  const std::vector<std::string> lines = readLines(dir / "out" / "mt.csv");
  ASSERT_EQ(lines.size(), 1u + 2 * 2 * 10);
  int tm = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    double f = 0, x = 0, rho = 0, phase = 0;
    char mode[8] = {};
    ASSERT_EQ(std::sscanf(lines[i].c_str(), "%lf,%lf,%lf,%lf,%7s", &f, &x, &rho, &phase, mode), 5) << lines[i];
    if (x < 250 || x > 750) continue;  // away from the side padding
    EXPECT_NEAR(rho, 100.0, 1.0) << lines[i];
    EXPECT_NEAR(phase, 45.0, 0.5) << lines[i];
    tm += std::string(mode) == "tm";
  }
  EXPECT_EQ(tm, 2 * 6);
  const pairinv::NpyArray data = pairinv::readNpy(dir / "out" / "data.npy");
  EXPECT_EQ(data.shape, (std::vector<std::size_t>{2, 2, 2, 10}));
  for (const char* file : {"mt_rho_a_te.png", "mt_rho_a_tm.png", "mt_phase_te.png", "mt_phase_tm.png", "model.png"})
    EXPECT_TRUE(fs::exists(dir / "out" / file)) << file;
}

TEST(EmForwardApp, DemoAndLineSourceSampleRuns) {
  ScratchDir dir("em_forward_samples");

  const auto demo = runPairinv("forward -physics em -output " + (dir / "em").string());
  const auto csem = runPairinv("forward -physics em -em_source line -em_src_x 500,1500 -em_src_z 0 -output " +
                               (dir / "csem").string());

  ASSERT_EQ(demo.exitCode, 0) << demo.output;
  ASSERT_EQ(csem.exitCode, 0) << csem.output;
  EXPECT_EQ(readLines(dir / "em" / "mt.csv").size(), 1u + 3 * 60);
  EXPECT_EQ(pairinv::readNpy(dir / "csem" / "data.npy").shape, (std::vector<std::size_t>{2, 3, 2, 60}));
  for (const char* file : {"amplitude.png", "phase.png", "fields.vti", "em_data.h5"})
    EXPECT_TRUE(fs::exists(dir / "csem" / file)) << file;
  EXPECT_FALSE(fs::exists(dir / "csem" / "mt.csv"));
}

TEST(EmForwardApp, TwoRanksWriteTheTableOfOneRank) {
  ScratchDir dir("em_forward_mpi");
  const std::string args = "forward -physics em -em_polarisation h -output ";

  const auto one = runPairinv(args + (dir / "np1").string(), 1);
  const auto two = runPairinv(args + (dir / "np2").string(), 2);

  ASSERT_EQ(one.exitCode, 0) << one.output;
  ASSERT_EQ(two.exitCode, 0) << two.output;
  EXPECT_EQ(fileText(dir / "np1" / "mt.csv"), fileText(dir / "np2" / "mt.csv"));
}

struct BadInput {
  std::string name, args, message;
};

void PrintTo(const BadInput& b, std::ostream* os) { *os << b.name; }

class EmForwardAppBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(EmForwardAppBadInput, FailsWithClearMessageAndWritesNothing) {
  ScratchDir dir("em_forward_bad_" + GetParam().name);
  writeConductivity(dir / "negative.npy", 4, 5, -0.1);
  writeConductivity(dir / "nan.npy", 4, 5, std::numeric_limits<double>::quiet_NaN());
  std::string args = GetParam().args;
  for (auto at = args.find("@"); at != std::string::npos; at = args.find("@")) args.replace(at, 1, dir.path().string());

  const auto result = runPairinv("forward -physics em " + args + " -output " + (dir / "out").string());

  EXPECT_EQ(result.exitCode, 2) << result.output;
  EXPECT_NE(result.output.find(GetParam().message), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(dir / "out")) << "no output may be written for bad input";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EmForwardAppBadInput,
    ::testing::Values(
        BadInput{"negative_conductivity", "-model @/negative.npy -model_dx 10", "must be positive"},
        BadInput{"nan_conductivity", "-model @/nan.npy -model_dx 10", "non-finite"},
        BadInput{"zero_frequency", "-em_frequencies 0,1", "frequency 0 Hz in -em_frequencies must be positive"},
        BadInput{"negative_frequency", "-em_frequencies -1", "must be positive"},
        BadInput{"receiver_outside", "-em_rec_x 100,1e7", "receiver 1 at (x, z) = (1e+07, 0) m lies outside"},
        BadInput{"source_outside", "-em_source line -em_src_x -50", "line source 0"},
        BadInput{"tm_line_source", "-em_polarisation h -em_source line", "supports -em_source mt only"},
        BadInput{"bad_choice", "-em_source dipole", "-em_source"},
        BadInput{"negative_dx", "-model_dx -5", "-model_dx"},
        BadInput{"acoustic_option", "-acoustic_order 4", "-acoustic_order"},
        BadInput{"unknown_option", "-em_frequency 1", "-em_frequency"},
        BadInput{"missing_model", "-model @/missing.npy", "does not exist"}),
    [](const auto& info) { return info.param.name; });
