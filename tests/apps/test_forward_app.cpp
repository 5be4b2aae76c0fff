// `pairinv forward` as users and scripts call it: the sample runs in the header of
// apps/forward_command.cpp, the stable OpenFWI call, 1 vs 2 MPI ranks, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "app_runner.hpp"
#include "core/npy.hpp"

namespace fs = std::filesystem;
using pairinv::NpyArray;
using pairinv::readNpy;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

const fs::path kTestData = PAIRINV_TESTDATA_DIR;

double relativeDifference(const std::vector<double>& a, const std::vector<double>& b) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < a.size(); ++i) num += (a[i] - b[i]) * (a[i] - b[i]), den += b[i] * b[i];
  return std::sqrt(num / den);
}

bool hasTemporaryFiles(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp.") != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(ForwardApp, HelpListsTheOptionsOfEveryComponent) {
  const auto result = runPairinv("forward -help");

  EXPECT_EQ(result.exitCode, 0) << result.output;
  for (const char* option : {"-model ", "-output ", "-acoustic_order", "-acoustic_preset", "-acoustic_pml_width",
                             "-acoustic_free_surface", "-acoustic_snapshot_every"})
    EXPECT_NE(result.output.find(option), std::string::npos) << option << " missing from -help";
}

TEST(ForwardApp, DemoSampleRunWritesGathersModelAndSnapshotSeries) {
  ScratchDir dir("forward_demo");

  const auto result = runPairinv("forward -output " + (dir / "out").string() + " -acoustic_snapshot_every 50");

  ASSERT_EQ(result.exitCode, 0) << result.output;
  const fs::path out = dir / "out";
  const NpyArray data = readNpy(out / "data.npy");
  EXPECT_EQ(data.shape, (std::vector<std::size_t>{5, 1000, 200}));
  EXPECT_EQ(data.storedAs, pairinv::NpyType::Float32);
  for (const char* file : {"gathers.h5", "model.vti", "model.png", "gathers.png", "wavefield.pvd"})
    EXPECT_TRUE(fs::exists(out / file)) << file;
  int snapshots = 0;
  for (const auto& entry : fs::directory_iterator(out / "snapshots")) snapshots += entry.path().extension() == ".vti";
  EXPECT_EQ(snapshots, 1000 / 50);
  EXPECT_FALSE(hasTemporaryFiles(out));
}

TEST(ForwardApp, StableOpenFwiCallReproducesOpenFwiData) {
  ScratchDir dir("forward_openfwi");
  const fs::path model = kTestData / "openfwi_twolayer_model.npy";

  const auto result = runPairinv("forward -model " + model.string() + " -acoustic_preset openfwi -output " +
                                 (dir / "out").string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  const NpyArray data = readNpy(dir / "out" / "data.npy");
  const NpyArray reference = readNpy(kTestData / "openfwi_twolayer_data.npy");
  ASSERT_EQ(data.shape, (std::vector<std::size_t>{5, 1000, 70}));
  EXPECT_LT(relativeDifference(data.data, reference.data), 1e-4);
}

TEST(ForwardApp, AcceptsOpenFwiModelWithLeadingChannelAxis) {
  ScratchDir dir("forward_channel");
  const NpyArray model = readNpy(kTestData / "openfwi_twolayer_model.npy");
  pairinv::writeNpy(dir / "model.npy", {1, 70, 70}, model.data.data(), pairinv::NpyType::Float32);

  const auto result = runPairinv("forward -model " + (dir / "model.npy").string() +
                                 " -acoustic_preset openfwi -acoustic_nt 100 -output " + (dir / "out").string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  EXPECT_EQ(readNpy(dir / "out" / "data.npy").shape, (std::vector<std::size_t>{5, 100, 70}));
}

TEST(ForwardApp, TwoRankSampleRunMatchesOneRank) {
  ScratchDir dir("forward_mpi");
  const std::string common = " -acoustic_order 8 -acoustic_free_surface -output ";

  const auto one = runPairinv("forward" + common + (dir / "np1").string(), 1);
  const auto two = runPairinv("forward" + common + (dir / "np2").string(), 2);

  ASSERT_EQ(one.exitCode, 0) << one.output;
  ASSERT_EQ(two.exitCode, 0) << two.output;
  const NpyArray a = readNpy(dir / "np1" / "data.npy"), b = readNpy(dir / "np2" / "data.npy");
  ASSERT_EQ(a.shape, b.shape);
  EXPECT_EQ(a.data, b.data);  // identical arithmetic on every point, so bitwise equal
}

TEST(ForwardApp, YamlConfigNestsOptionsByPrefix) {
  ScratchDir dir("forward_yaml");
  {
    std::ofstream yaml(dir / "config.yaml");
    yaml << "acoustic:\n  order: 8\n  nt: 240\n  record_every: 4\n  free_surface: true\n";
  }

  const auto result = runPairinv("forward -options_file_yaml " + (dir / "config.yaml").string() + " -output " +
                                 (dir / "out").string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  EXPECT_NE(result.output.find("order 8"), std::string::npos) << result.output;
  EXPECT_EQ(readNpy(dir / "out" / "data.npy").shape, (std::vector<std::size_t>{5, 60, 200}));
}

TEST(ForwardApp, WaveletFromFileReproducesTheBuiltInRicker) {
  ScratchDir dir("forward_wavelet");
  const double dt = 1e-3, f0 = 10.0;
  std::vector<double> ricker(300);
  for (std::size_t n = 0; n < ricker.size(); ++n) {
    const double a = M_PI * f0 * (double(n) * dt - 1.5 / f0);
    ricker[n] = (1 - 2 * a * a) * std::exp(-a * a);
  }
  pairinv::writeNpy(dir / "ricker.npy", {ricker.size()}, ricker.data(), pairinv::NpyType::Float64);
  const std::string common = " -acoustic_dt 1e-3 -acoustic_nt 300 -output ";

  const auto builtIn = runPairinv("forward -acoustic_f0 10" + common + (dir / "a").string());
  const auto fromFile = runPairinv("forward -acoustic_wavelet file -acoustic_wavelet_file " +
                                   (dir / "ricker.npy").string() + common + (dir / "b").string());

  ASSERT_EQ(builtIn.exitCode, 0) << builtIn.output;
  ASSERT_EQ(fromFile.exitCode, 0) << fromFile.output;
  EXPECT_LT(relativeDifference(readNpy(dir / "b" / "data.npy").data, readNpy(dir / "a" / "data.npy").data), 1e-6);
}

TEST(ForwardApp, WarnsWhenTheGridIsTooCoarseForTheWavelet) {
  ScratchDir dir("forward_coarse");

  const auto result = runPairinv("forward -model_dx 40 -acoustic_f0 25 -acoustic_nt 50 -output " + (dir / "out").string());

  EXPECT_EQ(result.exitCode, 0) << result.output;
  EXPECT_NE(result.output.find("points per minimum wavelength"), std::string::npos) << result.output;
}

struct BadInput {
  std::string name, args, message;
};

class ForwardAppBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(ForwardAppBadInput, FailsWithClearMessageAndWritesNothing) {
  ScratchDir dir("forward_bad_" + GetParam().name);
  NpyArray model = readNpy(kTestData / "openfwi_twolayer_model.npy");
  model.data[123] = std::numeric_limits<double>::quiet_NaN();
  pairinv::writeNpy(dir / "nan.npy", {70, 70}, model.data.data(), pairinv::NpyType::Float64);
  model.data[123] = 0.0;
  pairinv::writeNpy(dir / "zero.npy", {70, 70}, model.data.data(), pairinv::NpyType::Float64);
  pairinv::writeNpy(dir / "cube.npy", {2, 35, 70}, model.data.data(), pairinv::NpyType::Float64);
  std::string args = GetParam().args;
  for (auto at = args.find("@"); at != std::string::npos; at = args.find("@")) args.replace(at, 1, dir.path().string());

  const auto result = runPairinv("forward " + args + " -output " + (dir / "out").string());

  EXPECT_EQ(result.exitCode, 2) << result.output;
  EXPECT_NE(result.output.find(GetParam().message), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(dir / "out")) << "no output may be written for bad input";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ForwardAppBadInput,
    ::testing::Values(BadInput{"unstable_dt", "-acoustic_dt 0.01", "largest stable time step"},
                      BadInput{"nan_velocity", "-model @/nan.npy", "non-finite"},
                      BadInput{"zero_velocity", "-model @/zero.npy", "must be positive"},
                      BadInput{"source_outside", "-acoustic_src_ix 10,500", "outside"},
                      BadInput{"receiver_outside", "-acoustic_rec_iz 100", "outside"},
                      BadInput{"missing_model", "-model @/missing.npy", "does not exist"},
                      BadInput{"wrong_shape", "-model @/cube.npy", "(2, 35, 70)"},
                      BadInput{"unknown_option", "-acoustic_ordr 8", "-acoustic_ordr"},
                      BadInput{"bad_order", "-acoustic_order 6", "order 6"},
                      BadInput{"bad_choice", "-acoustic_boundary sponge", "-acoustic_boundary"}),
    [](const auto& info) { return info.param.name; });

TEST(ForwardApp, UnknownCommandIsRefused) {
  const auto result = runPairinv("frobnicate");

  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.output.find("unknown command 'frobnicate'"), std::string::npos) << result.output;
}
