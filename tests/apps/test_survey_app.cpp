// `pairinv survey` and `pairinv openfwi` as users and scripts call them: the documented file
// layout and attributes, the stable script calls (acoustic defaults and the openfwi preset),
// the same file on 1 and 2 MPI ranks, resuming after kill -9 to the bytes of an uninterrupted
// run, noise and time subsampling, quick-looks, OpenFWI import/export, and bad input (clear
// message, exit 2, nothing written or damaged). Sizes are tiny; the physics is tested elsewhere.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include "app_runner.hpp"
#include "core/hdf5_io.hpp"
#include "core/npy.hpp"
#include "core/segy_file.hpp"
#include "meshes/model_families.hpp"
#include "meshes/vtk_io.hpp"

namespace fs = std::filesystem;
using pairinv::Hdf5Array;
using pairinv::Hdf5File;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

// A 25 x 30 model on 10 m cells, 150 time steps: a sample takes milliseconds. (25 rows still
// hold the layered families' 5 layers of at least 50 m.)
const std::string kTiny = " -family_nz 25 -family_nx 30 -acoustic_nt 150 -acoustic_pml_width 10";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string fileBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Hdf5Array read(const fs::path& file, const std::string& dataset) {
  return Hdf5File::openReadOnly(file).readDataset(dataset);
}

std::string withDir(std::string args, const ScratchDir& dir) {
  for (auto at = args.find('@'); at != std::string::npos; at = args.find('@')) args.replace(at, 1, dir.path().string());
  return args;
}

/// The number of samples marked complete in `file`'s /completed (0 if it cannot be read yet).
int completedSamples(const fs::path& file) {
  try {
    int n = 0;
    for (double c : read(file, "/completed").data) n += c != 0.0;
    return n;
  } catch (const std::exception&) {
    return 0;
  }
}

class SurveyApp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The kill -9 test reads a work file while pairinv writes it; HDF5's advisory locks would refuse.
    ::setenv("HDF5_USE_FILE_LOCKING", "FALSE", 1);
  }
};

}  // namespace

TEST_F(SurveyApp, HelpListsSurveyFamilyAndSolverOptions) {
  const auto result = runPairinv("survey -help");

  EXPECT_EQ(result.exitCode, 0) << result.output;
  for (const char* option : {"-output ", "-survey_family", "-survey_samples", "-survey_seed", "-survey_noise_snr",
                             "-survey_png", "-family_layers_max", "-acoustic_preset", "-acoustic_record_every"})
    EXPECT_TRUE(contains(result.output, option)) << option << " missing from -help";
  EXPECT_TRUE(contains(result.output, "curvefault-b")) << "the family list is missing from -help";
}

TEST_F(SurveyApp, StableCallWritesTheDocumentedLayout) {
  ScratchDir dir("survey_layout");
  const fs::path file = dir / "flat.h5";

  const auto result = runPairinv("survey -survey_family flatvel -survey_samples 3 -survey_seed 5 -output " +
                                 file.string() + kTiny);

  ASSERT_EQ(result.exitCode, 0) << result.output;
  EXPECT_FALSE(fs::exists(dir / "flat.h5.partial"));
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  EXPECT_EQ(h5.datasetShape("/models"), (std::vector<hsize_t>{3, 1, 25, 30}));
  EXPECT_EQ(h5.datasetShape("/data"), (std::vector<hsize_t>{3, 5, 150, 30}));
  EXPECT_TRUE(h5.readDataset("/models").storedAsFloat32);
  EXPECT_TRUE(h5.readDataset("/data").storedAsFloat32);
  EXPECT_EQ(h5.readDataset("/completed").data, (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(h5.readStringAttribute("/", "format"), "pairinv-survey");
  EXPECT_EQ(h5.readStringAttribute("/", "physics"), "acoustic");
  EXPECT_EQ(h5.readStringAttribute("/", "family"), "flatvel-a");
  EXPECT_EQ(h5.readInt64Attribute("/", "seed"), 5);
  EXPECT_EQ(h5.readInt64Attribute("/", "nz"), 25);
  EXPECT_EQ(h5.readInt64Attribute("/", "nx"), 30);
  EXPECT_EQ(h5.readDoubleAttribute("/", "dx"), 10.0);
  EXPECT_EQ(h5.readInt64Attribute("/", "nt"), 150);
  EXPECT_EQ(h5.readInt64Attribute("/", "record_every"), 1);
  EXPECT_EQ(h5.readDoubleAttribute("/", "dt"), h5.readDoubleAttribute("/", "solver_dt"));
  EXPECT_EQ(h5.readInt64VectorAttribute("/", "source_ix"), (std::vector<std::int64_t>{0, 7, 14, 22, 29}));
  EXPECT_EQ(h5.readInt64VectorAttribute("/", "receiver_iz").size(), 30u);
  for (const char* name : {"wavelet", "boundary", "preset", "pairinv_version", "family_options"})
    EXPECT_FALSE(h5.readStringAttribute("/", name).empty()) << name;
  for (const char* name : {"peak_frequency", "noise_snr"}) EXPECT_TRUE(h5.hasAttribute("/", name)) << name;
  EXPECT_TRUE(std::isinf(h5.readDoubleAttribute("/", "noise_snr")));
  EXPECT_TRUE(contains(h5.readStringAttribute("/", "family_options"), "-family_nz 25 -family_nx 30"));

  // Sample i is the family's model i for the seed, as stored (float32).
  const pairinv::ModelFamily& family = pairinv::findModelFamily("flatvel-a");
  pairinv::FamilyOptions options = pairinv::defaultFamilyOptions(family);
  options["nz"] = 25, options["nx"] = 30;
  const Hdf5Array model2 = h5.readDatasetSlice("/models", 2);
  const pairinv::Field2D expected = pairinv::generateModel(family, options, 5, 2);
  for (std::size_t i = 0; i < expected.values.size(); ++i)
    ASSERT_EQ(model2.data[i], double(float(expected.values[i]))) << "value " << i;
}

TEST_F(SurveyApp, OpenFwiPresetGivesOpenFwiShapesAndGeometryAndExportsToOpenFwiFiles) {
  ScratchDir dir("survey_openfwi");
  const fs::path file = dir / "ofwi.h5";

  const auto made = runPairinv("survey -survey_family curvefault -survey_samples 2 -acoustic_preset openfwi "
                               "-acoustic_nt 100 -output " + file.string());
  const auto exported = runPairinv("openfwi -openfwi_export " + file.string() + " -output " + (dir / "npy").string());

  ASSERT_EQ(made.exitCode, 0) << made.output;
  ASSERT_EQ(exported.exitCode, 0) << exported.output;
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  EXPECT_EQ(h5.datasetShape("/models"), (std::vector<hsize_t>{2, 1, 70, 70}));
  EXPECT_EQ(h5.datasetShape("/data"), (std::vector<hsize_t>{2, 5, 100, 70}));
  EXPECT_EQ(h5.readStringAttribute("/", "preset"), "openfwi");
  EXPECT_EQ(h5.readStringAttribute("/", "boundary"), "damping");
  EXPECT_EQ(h5.readDoubleAttribute("/", "dt"), 1e-3);
  EXPECT_EQ(h5.readDoubleAttribute("/", "peak_frequency"), 15.0);
  EXPECT_EQ(h5.readInt64VectorAttribute("/", "source_ix"), (std::vector<std::int64_t>{0, 17, 34, 52, 69}));
  const pairinv::NpyArray data = pairinv::readNpy(dir / "npy" / "data1.npy");
  const pairinv::NpyArray models = pairinv::readNpy(dir / "npy" / "model1.npy");
  EXPECT_EQ(data.shape, (std::vector<std::size_t>{2, 5, 100, 70}));
  EXPECT_EQ(models.shape, (std::vector<std::size_t>{2, 1, 70, 70}));
  EXPECT_EQ(data.storedAs, pairinv::NpyType::Float32);
  EXPECT_EQ(data.data, h5.readDataset("/data").data);
  EXPECT_EQ(models.data, h5.readDataset("/models").data);
}

TEST_F(SurveyApp, TwoRanksWriteTheSameFileAsOneRank) {
  ScratchDir dir("survey_mpi");
  const std::string common = "survey -survey_family flatfault-b -survey_samples 5 -survey_noise_snr 20" + kTiny;

  const auto one = runPairinv(common + " -output " + (dir / "np1.h5").string(), 1);
  const auto two = runPairinv(common + " -survey_batch 2 -output " + (dir / "np2.h5").string(), 2);

  ASSERT_EQ(one.exitCode, 0) << one.output;
  ASSERT_EQ(two.exitCode, 0) << two.output;
  EXPECT_EQ(read(dir / "np1.h5", "/models").data, read(dir / "np2.h5", "/models").data);
  EXPECT_EQ(read(dir / "np1.h5", "/data").data, read(dir / "np2.h5", "/data").data);
}

TEST_F(SurveyApp, ResumesAfterKillMinus9ToTheBytesOfAnUninterruptedRun) {
  ScratchDir dir("survey_resume");
  // Slow enough (a fraction of a second per sample) to be killed between samples.
  const std::string args = "survey -survey_family curvevel-b -survey_samples 4 -survey_noise_snr 15 -family_nz 40 "
                           "-family_nx 40 -acoustic_nt 1000 -acoustic_pml_width 20 -output ";
  const fs::path interrupted = dir / "interrupted.h5", partial = dir / "interrupted.h5.partial";
  const auto reference = runPairinv(args + (dir / "reference.h5").string());
  ASSERT_EQ(reference.exitCode, 0) << reference.output;

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string command = "exec " + std::string(PAIRINV_EXE) + " " + args + interrupted.string() + " >/dev/null 2>&1";
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (seen == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (fs::exists(partial)) seen = completedSamples(partial);
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "pairinv finished before it could be interrupted";
  ASSERT_TRUE(fs::exists(partial));
  ASSERT_FALSE(fs::exists(interrupted));
  const int before = completedSamples(partial);
  ASSERT_GE(before, 1);
  ASSERT_LT(before, 4);

  const auto resumed = runPairinv(args + interrupted.string());

  ASSERT_EQ(resumed.exitCode, 0) << resumed.output;
  EXPECT_TRUE(contains(resumed.output, "done before")) << resumed.output;
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_EQ(read(interrupted, "/models").data, read(dir / "reference.h5", "/models").data);
  EXPECT_EQ(read(interrupted, "/data").data, read(dir / "reference.h5", "/data").data);
  EXPECT_EQ(read(interrupted, "/completed").data, std::vector<double>(4, 1.0));
}

TEST_F(SurveyApp, RerunningAFinishedSurveyChangesNothing) {
  ScratchDir dir("survey_rerun");
  const std::string command = "survey -survey_family grf -survey_samples 2 -output " + (dir / "g.h5").string() + kTiny;
  ASSERT_EQ(runPairinv(command).exitCode, 0);
  const std::string bytes = fileBytes(dir / "g.h5");

  const auto again = runPairinv(command);

  EXPECT_EQ(again.exitCode, 0) << again.output;
  EXPECT_TRUE(contains(again.output, "already complete")) << again.output;
  EXPECT_EQ(fileBytes(dir / "g.h5"), bytes);
}

TEST_F(SurveyApp, FilesMadeWithOtherSettingsAreRefusedAndKept) {
  ScratchDir dir("survey_mismatch");
  const std::string command = "survey -survey_family anomalies -survey_samples 2 -output ";
  ASSERT_EQ(runPairinv(command + (dir / "done.h5").string() + kTiny).exitCode, 0);
  fs::copy_file(dir / "done.h5", dir / "work.h5.partial");  // a work file whose samples are in
  const std::string finished = fileBytes(dir / "done.h5"), partial = fileBytes(dir / "work.h5.partial");

  const auto otherSeed = runPairinv(command + (dir / "done.h5").string() + kTiny + " -survey_seed 1");
  const auto otherSize = runPairinv(command + (dir / "work.h5").string() + kTiny + " -acoustic_nt 120");

  EXPECT_EQ(otherSeed.exitCode, 2) << otherSeed.output;
  EXPECT_TRUE(contains(otherSeed.output, "was made with other settings: seed = 0 (now 1)")) << otherSeed.output;
  EXPECT_EQ(otherSize.exitCode, 2) << otherSize.output;
  EXPECT_TRUE(contains(otherSize.output, "the unfinished survey")) << otherSize.output;
  EXPECT_TRUE(contains(otherSize.output, "nt = 150 (now 120)")) << otherSize.output;
  EXPECT_EQ(fileBytes(dir / "done.h5"), finished);
  EXPECT_EQ(fileBytes(dir / "work.h5.partial"), partial);
}

TEST_F(SurveyApp, NoiseHasTheRequestedSignalToNoiseRatio) {
  ScratchDir dir("survey_noise");
  const std::string common = "survey -survey_family flatvel -survey_samples 2" + kTiny + " -output ";

  ASSERT_EQ(runPairinv(common + (dir / "clean.h5").string()).exitCode, 0);
  ASSERT_EQ(runPairinv(common + (dir / "noisy.h5").string() + " -survey_noise_snr 10").exitCode, 0);

  const Hdf5Array clean = read(dir / "clean.h5", "/data"), noisy = read(dir / "noisy.h5", "/data");
  EXPECT_EQ(read(dir / "clean.h5", "/models").data, read(dir / "noisy.h5", "/models").data);
  EXPECT_EQ(Hdf5File::openReadOnly(dir / "noisy.h5").readDoubleAttribute("/", "noise_snr"), 10.0);
  const std::size_t perSample = clean.data.size() / 2;
  for (std::size_t s = 0; s < 2; ++s) {
    double signal = 0, noise = 0;
    for (std::size_t i = s * perSample; i < (s + 1) * perSample; ++i)
      signal += clean.data[i] * clean.data[i], noise += (noisy.data[i] - clean.data[i]) * (noisy.data[i] - clean.data[i]);
    EXPECT_NEAR(10.0 * std::log10(signal / noise), 10.0, 0.2) << "sample " << s;
  }
}

TEST_F(SurveyApp, BandLimitedNoiseDeadTracesAndDeadShotsAreWhatTheyClaim) {
  ScratchDir dir("survey_degraded");
  const std::string common = "survey -survey_family flatvel -survey_samples 2" + kTiny + " -output ";
  ASSERT_EQ(runPairinv(common + (dir / "clean.h5").string()).exitCode, 0);
  ASSERT_EQ(runPairinv(common + (dir / "band.h5").string() + " -survey_noise_snr 10 -survey_noise_band 20,60")
                .exitCode, 0);
  ASSERT_EQ(runPairinv(common + (dir / "dead.h5").string() + " -survey_dead_traces 0.25 -survey_dead_shots 1")
                .exitCode, 0);
  const Hdf5Array clean = read(dir / "clean.h5", "/data"), band = read(dir / "band.h5", "/data"),
                  dead = read(dir / "dead.h5", "/data");
  const Hdf5File h5 = Hdf5File::openReadOnly(dir / "band.h5");
  EXPECT_EQ(h5.readStringAttribute("/", "degradation"), "band-limited noise 20-60 Hz at 10 dB");
  const auto shape = clean.shape;  // [N, shots, samples, receivers]
  const std::size_t shots = shape[1], nt = shape[2], nr = shape[3], perSample = shots * nt * nr;
  const double dt = h5.readDoubleAttribute("/", "dt");
  for (std::size_t s = 0; s < 2; ++s) {
    // The SNR holds, and the noise's power lies in its band: a DFT of one noise trace puts
    // almost nothing below 10 Hz or above 100 Hz.
    double signal = 0, noise = 0;
    for (std::size_t i = s * perSample; i < (s + 1) * perSample; ++i)
      signal += clean.data[i] * clean.data[i], noise += (band.data[i] - clean.data[i]) * (band.data[i] - clean.data[i]);
    EXPECT_NEAR(10.0 * std::log10(signal / noise), 10.0, 0.01) << "sample " << s;
    double inside = 0, outside = 0;
    for (std::size_t r = 0; r < nr; ++r)
      for (std::size_t k = 1; k < nt / 2; ++k) {
        const double f = double(k) / (double(nt) * dt);
        double re = 0, im = 0;
        for (std::size_t t = 0; t < nt; ++t) {
          const std::size_t i = s * perSample + t * nr + r;
          re += (band.data[i] - clean.data[i]) * std::cos(2 * M_PI * double(k * t) / double(nt));
          im += (band.data[i] - clean.data[i]) * std::sin(2 * M_PI * double(k * t) / double(nt));
        }
        ((f >= 10 && f <= 100) ? inside : outside) += re * re + im * im;
      }
    EXPECT_LT(outside, 0.02 * inside) << "sample " << s;
    // One whole shot is zero, and a quarter of the receivers of every other shot; everything
    // else is the clean data.
    std::size_t deadShots = 0;
    for (std::size_t shot = 0; shot < shots; ++shot) {
      std::size_t deadTraces = 0;
      for (std::size_t r = 0; r < nr; ++r) {
        bool zero = true, same = true;
        for (std::size_t t = 0; t < nt; ++t) {
          const std::size_t i = s * perSample + (shot * nt + t) * nr + r;
          zero = zero && dead.data[i] == 0.0;
          same = same && dead.data[i] == clean.data[i];
        }
        EXPECT_TRUE(zero || same);
        deadTraces += zero;
      }
      deadShots += deadTraces == nr;
      if (deadTraces != nr) {
        EXPECT_EQ(deadTraces, std::size_t(std::lround(0.25 * double(nr))));
      }
    }
    EXPECT_EQ(deadShots, 1u) << "sample " << s;
  }
}

TEST_F(SurveyApp, RecordEveryKeepsEveryKthTimeSample) {
  ScratchDir dir("survey_subsample");
  const std::string common = "survey -survey_family flatvel -survey_samples 1" + kTiny + " -output ";

  ASSERT_EQ(runPairinv(common + (dir / "full.h5").string()).exitCode, 0);
  ASSERT_EQ(runPairinv(common + (dir / "every4.h5").string() + " -acoustic_record_every 4").exitCode, 0);

  const Hdf5File h5 = Hdf5File::openReadOnly(dir / "every4.h5");
  ASSERT_EQ(h5.datasetShape("/data"), (std::vector<hsize_t>{1, 5, 38, 30}));
  EXPECT_DOUBLE_EQ(h5.readDoubleAttribute("/", "dt"), 4 * h5.readDoubleAttribute("/", "solver_dt"));
  const Hdf5Array full = read(dir / "full.h5", "/data"), every4 = h5.readDataset("/data");
  for (std::size_t shot = 0; shot < 5; ++shot)
    for (std::size_t j = 0; j < 38; ++j)
      for (std::size_t r = 0; r < 30; ++r)
        ASSERT_EQ(every4.data[(shot * 38 + j) * 30 + r], full.data[(shot * 150 + 4 * j) * 30 + r]);
}

TEST_F(SurveyApp, WritesContactSheetsAndVtkOfChosenSamples) {
  ScratchDir dir("survey_look");
  const fs::path file = dir / "look.h5";

  const auto result = runPairinv("survey -survey_family curvevel -survey_samples 3 -survey_png 3 -survey_vtk 0,2"
                                 + kTiny + " -output " + file.string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  EXPECT_TRUE(fs::exists(dir / "look_models.png"));
  EXPECT_TRUE(fs::exists(dir / "look_gathers.png"));
  const pairinv::VtiContents vti = pairinv::readVti(dir / "look_vtk" / "sample_000002.vti");
  EXPECT_EQ(vti.grid.nz, 25);
  EXPECT_EQ(vti.arrays.at("velocity"), Hdf5File::openReadOnly(file).readDatasetSlice("/models", 2).data);
  EXPECT_TRUE(fs::exists(dir / "look_vtk" / "sample_000000.vti"));
}

TEST_F(SurveyApp, WritesSegyOfChosenSamplesWithTheAcquisitionInTheHeaders) {
  ScratchDir dir("survey_segy");
  const fs::path file = dir / "s.h5";
  const auto result = runPairinv("survey -survey_family flatvel -survey_samples 2 -survey_segy 1" + kTiny +
                                 " -output " + file.string());
  ASSERT_EQ(result.exitCode, 0) << result.output;
  const pairinv::SegyGathers g = pairinv::readSegy(dir / "s_segy" / "sample_000001.sgy");
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  const Hdf5Array data = h5.readDatasetSlice("/data", 1);
  ASSERT_EQ(g.data.size(), data.data.size());
  for (std::size_t k = 0; k < g.data.size(); ++k) ASSERT_EQ(g.data[k], double(float(data.data[k]))) << k;
  EXPECT_DOUBLE_EQ(g.dt, h5.readDoubleAttribute("/", "dt"));
  const double dx = h5.readDoubleAttribute("/", "dx");
  const auto receivers = h5.readInt64VectorAttribute("/", "receiver_ix"), sources = h5.readInt64VectorAttribute("/", "source_ix");
  ASSERT_EQ(g.receiverX.size(), receivers.size());
  for (std::size_t r = 0; r < receivers.size(); ++r) EXPECT_NEAR(g.receiverX[r], double(receivers[r]) * dx, 0.005);
  for (std::size_t s = 0; s < sources.size(); ++s) EXPECT_NEAR(g.sourceX[s], double(sources[s]) * dx, 0.005);
  EXPECT_FALSE(fs::exists(dir / "s_segy" / "sample_000000.sgy"));

  const auto em = runPairinv("survey -survey_family em-blocks -survey_physics em -survey_samples 1 -survey_segy 0 "
                             "-output " + (dir / "em.h5").string());
  EXPECT_EQ(em.exitCode, 2) << em.output;
  EXPECT_NE(em.output.find("-survey_segy"), std::string::npos) << em.output;
  EXPECT_FALSE(fs::exists(dir / "em.h5"));
}

TEST_F(SurveyApp, ConductivityFamilyMakesModelsOnly) {
  ScratchDir dir("survey_em");
  const fs::path file = dir / "em.h5";

  const auto result = runPairinv("survey -survey_family em-blocks -survey_physics none -survey_samples 2 "
                                 "-family_nz 16 -family_nx 20 -family_air_cells 4 -family_thickness_min 50 -output " + file.string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  EXPECT_EQ(h5.datasetShape("/models"), (std::vector<hsize_t>{2, 1, 16, 20}));
  EXPECT_FALSE(h5.hasDataset("/data"));
  EXPECT_EQ(h5.readStringAttribute("/", "quantity"), "conductivity");
  EXPECT_EQ(h5.readStringAttribute("/", "physics"), "none");
}

struct BadInput {
  std::string name, args, message;
  bool tiny = true;  // append the tiny grid and solver options
};

void PrintTo(const BadInput& input, std::ostream* out) { *out << input.name; }  // short CTest names

class SurveyAppBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(SurveyAppBadInput, FailsWithClearMessageAndWritesNothing) {
  ScratchDir dir("survey_bad_" + GetParam().name);
  std::ofstream(dir / "file.txt") << "not a directory";

  const auto result = runPairinv("survey " + withDir(GetParam().args, dir) + (GetParam().tiny ? kTiny : ""));

  EXPECT_EQ(result.exitCode, 2) << result.output;
  EXPECT_TRUE(contains(result.output, GetParam().message)) << result.output;
  EXPECT_FALSE(fs::exists(dir / "out.h5"));
  EXPECT_FALSE(fs::exists(dir / "out.h5.partial"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SurveyAppBadInput,
    ::testing::Values(
        BadInput{"unknown_family", "-survey_family flatvell -survey_samples 2 -output @/out.h5",
                 "unknown model family 'flatvell'"},
        BadInput{"zero_samples", "-survey_family flatvel -survey_samples 0 -output @/out.h5",
                 "-survey_samples must be at least 1"},
        BadInput{"no_samples", "-survey_family flatvel -output @/out.h5", "-survey_samples must be at least 1"},
        BadInput{"conductivity_with_acoustic", "-survey_family em-blocks -survey_samples 1 -output @/out.h5",
                 "use -survey_physics none"},
        BadInput{"unwritable_output", "-survey_family flatvel -survey_samples 1 -output @/file.txt/out.h5",
                 "cannot create output directory"},
        BadInput{"bad_family_option", "-survey_family flatvel -survey_samples 1 -family_layers_max 0 -output @/out.h5",
                 "-family_layers_max = 0 is out of range"},
        BadInput{"other_family_option", "-survey_family flatvel -survey_samples 1 -family_faults_max 3 -output @/out.h5",
                 "-family_faults_max"},
        BadInput{"vtk_out_of_range", "-survey_family flatvel -survey_samples 2 -survey_vtk 2 -output @/out.h5",
                 "-survey_vtk: sample 2 does not exist"},
        BadInput{"band_without_snr",
                 "-survey_family flatvel -survey_samples 1 -survey_noise_band 5,20 -output @/out.h5",
                 "give -survey_noise_snr too", false},
        BadInput{"band_above_nyquist",
                 "-survey_family flatvel -survey_samples 1 -survey_noise_snr 5 -survey_noise_band 5,5000 -output @/out.h5",
                 "is not below the Nyquist frequency", false},
        BadInput{"every_shot_dead",
                 "-survey_family flatvel -survey_samples 1 -survey_dead_shots 5 -output @/out.h5",
                 "must leave a live shot", false},
        BadInput{"noise_without_data",
                 "-survey_family flatvel -survey_physics none -survey_samples 1 -survey_noise_snr 5 -output @/out.h5",
                 "-survey_noise_snr applies to data", false},
        BadInput{"misspelt_option", "-survey_family flatvel -survey_sampels 2 -output @/out.h5",
                 "unknown or unused option -survey_sampels"},
        BadInput{"list_option_without_value", "-survey_family flatvel -survey_samples 1 -acoustic_src_ix -output @/out.h5",
                 "option -acoustic_src_ix needs a comma-separated list of values"},
        BadInput{"no_disk_space", "-survey_family flatvel -survey_samples 2000000000 -output @/out.h5",
                 "MB are free"},
        BadInput{"unstable_dt", "-survey_family flatvel -survey_samples 1 -acoustic_dt 0.01 -output @/out.h5",
                 "largest stable time step"}),
    [](const auto& info) { return info.param.name; });

TEST_F(SurveyApp, OpenFwiImportRoundTripsThroughExport) {
  ScratchDir dir("openfwi_import");
  // Two OpenFWI-style file pairs (3 + 2 samples) with 100 time samples instead of 1000.
  std::vector<float> data1(3 * 5 * 100 * 70), data2(2 * 5 * 100 * 70), model1(3 * 4900), model2(2 * 4900);
  for (std::size_t i = 0; i < data1.size(); ++i) data1[i] = std::sin(0.001f * float(i));
  for (std::size_t i = 0; i < data2.size(); ++i) data2[i] = std::cos(0.002f * float(i));
  for (std::size_t i = 0; i < model1.size(); ++i) model1[i] = 1500.0f + float(i % 3000);
  for (std::size_t i = 0; i < model2.size(); ++i) model2[i] = 4500.0f - float(i % 2000);
  pairinv::writeNpy(dir / "data1.npy", {3, 5, 100, 70}, data1.data());
  pairinv::writeNpy(dir / "data2.npy", {2, 5, 100, 70}, data2.data());
  pairinv::writeNpy(dir / "model1.npy", {3, 1, 70, 70}, model1.data());
  pairinv::writeNpy(dir / "model2.npy", {2, 1, 70, 70}, model2.data());
  const fs::path file = dir / "imported.h5";

  const auto imported = runPairinv(withDir("openfwi -openfwi_data @/data1.npy,@/data2.npy -openfwi_model "
                                           "@/model1.npy,@/model2.npy -acoustic_nt 100 -output ", dir) + file.string());
  const auto exported = runPairinv("openfwi -openfwi_export " + file.string() + " -openfwi_per_file 4 -output " +
                                   (dir / "back").string());

  ASSERT_EQ(imported.exitCode, 0) << imported.output;
  ASSERT_EQ(exported.exitCode, 0) << exported.output;
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  EXPECT_EQ(h5.datasetShape("/data"), (std::vector<hsize_t>{5, 5, 100, 70}));
  EXPECT_EQ(h5.readStringAttribute("/", "family"), "openfwi-import");
  EXPECT_EQ(h5.readStringAttribute("/", "preset"), "openfwi");
  EXPECT_EQ(h5.readInt64VectorAttribute("/", "source_ix"), (std::vector<std::int64_t>{0, 17, 34, 52, 69}));
  std::vector<double> allData(data1.begin(), data1.end());
  allData.insert(allData.end(), data2.begin(), data2.end());
  EXPECT_EQ(h5.readDataset("/data").data, allData);
  const pairinv::NpyArray back1 = pairinv::readNpy(dir / "back" / "data1.npy");
  const pairinv::NpyArray back2 = pairinv::readNpy(dir / "back" / "model2.npy");
  EXPECT_EQ(back1.shape, (std::vector<std::size_t>{4, 5, 100, 70}));
  EXPECT_EQ(back2.shape, (std::vector<std::size_t>{1, 1, 70, 70}));
  EXPECT_EQ(std::vector<double>(back1.data.begin(), back1.data.begin() + 100), std::vector<double>(allData.begin(), allData.begin() + 100));
  EXPECT_EQ(back2.data, std::vector<double>(model2.begin() + 4900, model2.end()));
}

TEST_F(SurveyApp, OpenFwiImportRefusesDataThatDoesNotMatchTheGeometry) {
  ScratchDir dir("openfwi_bad");
  const std::vector<float> data(2 * 5 * 100 * 60), model(2 * 4900, 2000.0f);
  pairinv::writeNpy(dir / "data.npy", {2, 5, 100, 60}, data.data());
  pairinv::writeNpy(dir / "model.npy", {2, 1, 70, 70}, model.data());

  const auto result = runPairinv(withDir("openfwi -openfwi_data @/data.npy -openfwi_model @/model.npy "
                                         "-acoustic_nt 100 -output @/out.h5", dir));

  EXPECT_EQ(result.exitCode, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "(2, 5, 100, 60)")) << result.output;
  EXPECT_TRUE(contains(result.output, "(2, 5, 100, 70)")) << result.output;
  EXPECT_FALSE(fs::exists(dir / "out.h5"));
  EXPECT_FALSE(fs::exists(dir / "out.h5.partial"));
}
