// `pairinv survey -physics em` (-survey_physics em) as users and scripts call it: the documented
// EM layout ([N, 2, nfreq, nsrc * nrec], the real layout of solvers/em/em_data.hpp) and attributes,
// receivers on the earth's surface below the em-blocks air rows, /data[i] equal to
// `pairinv forward -physics em` of /models[i], the same file on 1 and 2 ranks, line sources,
// noise, and bad input (clear message, exit 2, nothing written or damaged). Grids are tiny.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "app_runner.hpp"
#include "core/hdf5_io.hpp"
#include "core/npy.hpp"

namespace fs = std::filesystem;
using pairinv::Hdf5Array;
using pairinv::Hdf5File;
using pairinv::testing::runPairinv;
using pairinv::testing::ScratchDir;

namespace {

// em-blocks on 12 x 10 cells of 25 m, two of them air rows; two frequencies.
const std::string kTinyEm = " -survey_family em-blocks -survey_physics em -family_nz 12 -family_nx 10 "
                            "-family_air_cells 2 -family_thickness_min 50 -em_frequencies 1,10";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string fileBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string withDir(std::string args, const ScratchDir& dir) {
  for (auto at = args.find('@'); at != std::string::npos; at = args.find('@')) args.replace(at, 1, dir.path().string());
  return args;
}

}  // namespace

TEST(EmSurveyApp, HelpListsTheEmSolverOptions) {
  const auto result = runPairinv("survey -survey_family em-blocks -survey_physics em -help");

  EXPECT_EQ(result.exitCode, 0) << result.output;
  for (const char* option : {"-survey_physics", "-em_frequencies", "-em_source", "-em_rec_z", "-family_air_cells"})
    EXPECT_TRUE(contains(result.output, option)) << option << " missing from -help";
}

TEST(EmSurveyApp, MtSurveyWritesTheDocumentedLayoutAndForwardReproducesIt) {
  ScratchDir dir("em_survey_mt");
  const fs::path file = dir / "em.h5";

  const auto result = runPairinv("survey" + kTinyEm + " -survey_samples 3 -survey_seed 4 -output " + file.string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  EXPECT_EQ(h5.datasetShape("/models"), (std::vector<hsize_t>{3, 1, 12, 10}));
  EXPECT_EQ(h5.datasetShape("/data"), (std::vector<hsize_t>{3, 2, 2, 10})) << "[N, part, frequency, src * rec]";
  EXPECT_TRUE(h5.readDataset("/data").storedAsFloat32);
  EXPECT_EQ(h5.readStringAttribute("/", "physics"), "em");
  EXPECT_EQ(h5.readStringAttribute("/", "quantity"), "conductivity");
  EXPECT_EQ(h5.readDoubleVectorAttribute("/", "frequencies"), (std::vector<double>{1, 10}));
  EXPECT_EQ(h5.readInt64Attribute("/", "nfrequencies"), 2);
  EXPECT_EQ(h5.readInt64Attribute("/", "nsources"), 1);
  EXPECT_EQ(h5.readInt64Attribute("/", "nreceivers"), 10);
  EXPECT_EQ(h5.readStringAttribute("/", "datum"), "impedance");
  EXPECT_EQ(h5.readStringAttribute("/", "data_form"), "realimag");
  EXPECT_EQ(h5.readStringAttribute("/", "source"), "mt");
  EXPECT_EQ(h5.readDoubleVectorAttribute("/", "receiver_z"), std::vector<double>(10, 50.0))
      << "receivers on the earth's surface, below the 2 air rows of 25 m";
  EXPECT_EQ(h5.readDoubleVectorAttribute("/", "receiver_x").front(), 12.5);
  EXPECT_EQ(h5.readDoubleAttribute("/", "pad_distance"), 0.0) << "automatic: the mesh follows each sample";
  EXPECT_TRUE(contains(h5.readStringAttribute("/", "layout"), "reshape to [N, 2, nfrequencies, nsources, nreceivers]"));
  EXPECT_TRUE(std::isinf(h5.readDoubleAttribute("/", "noise_snr")));

  // /data[1] is what `pairinv forward -physics em` gives for /models[1] with the file's settings.
  const Hdf5Array model = h5.readDatasetSlice("/models", 1), data = h5.readDatasetSlice("/data", 1);
  pairinv::writeNpy(dir / "m1.npy", {12, 10}, model.data.data(), pairinv::NpyType::Float64);
  const auto forward = runPairinv("forward -physics em -model " + (dir / "m1.npy").string() +
                                  " -model_dx 25 -em_frequencies 1,10 -output " + (dir / "fwd").string());
  ASSERT_EQ(forward.exitCode, 0) << forward.output;
  const pairinv::NpyArray expected = pairinv::readNpy(dir / "fwd" / "data.npy");
  ASSERT_EQ(expected.data.size(), data.data.size());
  for (std::size_t i = 0; i < data.data.size(); ++i)
    EXPECT_EQ(data.data[i], double(float(expected.data[i]))) << "value " << i;
}

TEST(EmSurveyApp, SameFileOnOneAndTwoRanks) {
  ScratchDir dir("em_survey_mpi");
  const std::string args = kTinyEm + " -survey_samples 3 -output ";

  const auto one = runPairinv("survey" + args + (dir / "one.h5").string());
  const auto two = runPairinv("survey" + args + (dir / "two.h5").string(), 2);

  ASSERT_EQ(one.exitCode, 0) << one.output;
  ASSERT_EQ(two.exitCode, 0) << two.output;
  const Hdf5File a = Hdf5File::openReadOnly(dir / "one.h5"), b = Hdf5File::openReadOnly(dir / "two.h5");
  EXPECT_EQ(a.readDataset("/data").data, b.readDataset("/data").data);
  EXPECT_EQ(a.readDataset("/models").data, b.readDataset("/models").data);
}

TEST(EmSurveyApp, LineSourcesAndNoise) {
  ScratchDir dir("em_survey_csem");
  const std::string args = kTinyEm + " -survey_samples 2 -em_source line -em_src_x 50,200 -output ";

  const auto clean = runPairinv("survey" + args + (dir / "clean.h5").string());
  const auto noisy = runPairinv("survey" + args + (dir / "noisy.h5").string() + " -survey_noise_snr 20");

  ASSERT_EQ(clean.exitCode, 0) << clean.output;
  ASSERT_EQ(noisy.exitCode, 0) << noisy.output;
  const Hdf5File h5 = Hdf5File::openReadOnly(dir / "clean.h5");
  EXPECT_EQ(h5.datasetShape("/data"), (std::vector<hsize_t>{2, 2, 2, 20})) << "2 sources x 10 receivers";
  EXPECT_EQ(h5.readStringAttribute("/", "datum"), "field");
  EXPECT_EQ(h5.readDoubleVectorAttribute("/", "source_x"), (std::vector<double>{50, 200}));
  EXPECT_EQ(h5.readDoubleVectorAttribute("/", "source_z"), (std::vector<double>{50, 50}));
  const auto cleanData = h5.readDataset("/data").data;
  const auto noisyData = Hdf5File::openReadOnly(dir / "noisy.h5").readDataset("/data").data;
  double signal = 0, noise = 0;
  for (std::size_t i = 0; i < cleanData.size(); ++i)
    signal += cleanData[i] * cleanData[i], noise += (noisyData[i] - cleanData[i]) * (noisyData[i] - cleanData[i]);
  EXPECT_NEAR(10 * std::log10(signal / noise), 20.0, 3.0);
}

TEST(EmSurveyApp, RerunWithOtherFrequenciesIsRefusedAndLeavesTheFile) {
  ScratchDir dir("em_survey_mismatch");
  const fs::path file = dir / "em.h5";
  ASSERT_EQ(runPairinv("survey" + kTinyEm + " -survey_samples 1 -output " + file.string()).exitCode, 0);
  const std::string before = fileBytes(file);

  const auto result = runPairinv("survey" + kTinyEm + " -survey_samples 1 -em_frequencies 1,100 -output " +
                                 file.string());

  EXPECT_EQ(result.exitCode, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "frequencies")) << result.output;
  EXPECT_EQ(fileBytes(file), before);
}

// MT in both modes as apparent resistivity (log10 ohm m) and phase (degrees) at three frequencies.
const std::string kBothModes = kTinyEm.substr(0, kTinyEm.find(" -em_frequencies")) +
                               " -em_frequencies 1,3,10 -em_polarisation both -em_data_form rhoa_phase";

/// /data of a survey as [sample][part][frequency][source][receiver] values.
std::vector<double> surveyData(const fs::path& file) { return Hdf5File::openReadOnly(file).readDataset("/data").data; }

/// Index of (sample, part, frequency, source, receiver) in a both-modes survey of 10 receivers.
std::size_t at(int sample, int part, int f, int s, int r) {
  const std::size_t row = (std::size_t(sample) * 2 + std::size_t(part)) * 3 + std::size_t(f);
  return (row * 2 + std::size_t(s)) * 10 + std::size_t(r);
}

TEST(EmSurveyApp, BothModesAsApparentResistivityAndPhase) {
  ScratchDir dir("em_survey_both");
  const fs::path file = dir / "both.h5";

  const auto result = runPairinv("survey" + kBothModes + " -survey_samples 2 -output " + file.string());

  ASSERT_EQ(result.exitCode, 0) << result.output;
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  EXPECT_EQ(h5.datasetShape("/data"), (std::vector<hsize_t>{2, 2, 3, 20})) << "TE then TM sites";
  EXPECT_EQ(h5.readStringAttribute("/", "polarisation"), "both");
  EXPECT_EQ(h5.readStringAttribute("/", "data_form"), "rhoa_phase");
  const std::vector<double> d = surveyData(file);
  for (int i = 0; i < 2; ++i)
    for (int f = 0; f < 3; ++f)
      for (int s = 0; s < 2; ++s)
        for (int r = 0; r < 10; ++r) {
          // earth of 1 to 1000 ohm m (blocks 0.1 to 1e4): rho_a within, phase in the first quadrant
          EXPECT_GT(d[at(i, 0, f, s, r)], -1.5);
          EXPECT_LT(d[at(i, 0, f, s, r)], 4.5);
          EXPECT_GT(d[at(i, 1, f, s, r)], 0.0);
          EXPECT_LT(d[at(i, 1, f, s, r)], 90.0);
        }
}

TEST(EmSurveyApp, DegradationsOfMtData) {
  ScratchDir dir("em_survey_degraded");
  const std::string args = kBothModes + " -survey_samples 2 -survey_seed 5 -output ";
  const auto run = [&](const std::string& name, const std::string& extra) {
    const auto r = runPairinv("survey" + args + (dir / (name + ".h5")).string() + extra);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    return surveyData(dir / (name + ".h5"));
  };

  const std::vector<double> clean = run("clean", "");
  const std::vector<double> shifted = run("shifted", " -survey_static_shift 0.3");
  const std::vector<double> noisy = run("noisy", " -survey_noise_relative 0.05");
  const std::vector<double> gap = run("gap", " -survey_missing_band 2,5");

  ASSERT_EQ(shifted.size(), clean.size());
  double shiftPower = 0;
  for (int i = 0; i < 2; ++i)
    for (int r = 0; r < 10; ++r) {
      // Static shift: TE untouched, TM phase untouched, TM log10 rho_a moved by one constant per site.
      const double shift = shifted[at(i, 0, 0, 1, r)] - clean[at(i, 0, 0, 1, r)];
      shiftPower += shift * shift;
      for (int f = 0; f < 3; ++f) {
        EXPECT_NEAR(shifted[at(i, 0, f, 0, r)], clean[at(i, 0, f, 0, r)], 1e-5);
        EXPECT_NEAR(shifted[at(i, 1, f, 0, r)], clean[at(i, 1, f, 0, r)], 1e-4);
        EXPECT_NEAR(shifted[at(i, 1, f, 1, r)], clean[at(i, 1, f, 1, r)], 1e-4);
        EXPECT_NEAR(shifted[at(i, 0, f, 1, r)] - clean[at(i, 0, f, 1, r)], shift, 1e-5);
      }
      // Missing band: 3 Hz interpolated in log f between 1 and 10 Hz, the measured ones kept.
      for (int part = 0; part < 2; ++part)
        for (int s = 0; s < 2; ++s) {
          const double w = std::log10(3.0);
          const double interpolated = (1 - w) * clean[at(i, part, 0, s, r)] + w * clean[at(i, part, 2, s, r)];
          EXPECT_NEAR(gap[at(i, part, 1, s, r)], interpolated, part == 0 ? 1e-5 : 1e-3);
          EXPECT_EQ(gap[at(i, part, 0, s, r)], clean[at(i, part, 0, s, r)]);
          EXPECT_EQ(gap[at(i, part, 2, s, r)], clean[at(i, part, 2, s, r)]);
        }
    }
  EXPECT_NEAR(std::sqrt(shiftPower / 20), 0.3, 0.15) << "rms of the 20 site shifts";
  // 5% relative noise: rms 2 x 0.05 / ln 10 = 0.0434 decades in rho_a, 0.05 rad = 2.86 degrees in phase.
  double rho = 0, phase = 0;
  const std::size_t half = clean.size() / 4;  // values per part per sample
  for (std::size_t k = 0; k < clean.size(); ++k) {
    const double e = noisy[k] - clean[k];
    ((k / half) % 2 == 0 ? rho : phase) += e * e;
  }
  EXPECT_NEAR(std::sqrt(rho / (2.0 * double(half))), 0.0434, 0.008);
  EXPECT_NEAR(std::sqrt(phase / (2.0 * double(half))), 2.86, 0.5);
  EXPECT_EQ(Hdf5File::openReadOnly(dir / "noisy.h5").readStringAttribute("/", "degradation"), "5% relative noise");
}

struct BadEmSurvey {
  std::string name, args, message;
};

void PrintTo(const BadEmSurvey& input, std::ostream* out) { *out << input.name; }

class EmSurveyAppBadInput : public ::testing::TestWithParam<BadEmSurvey> {};

TEST_P(EmSurveyAppBadInput, FailsWithClearMessageAndWritesNothing) {
  ScratchDir dir("em_survey_bad_" + GetParam().name);

  const auto result = runPairinv("survey " + withDir(GetParam().args, dir) + " -survey_samples 2 -output " +
                                 (dir / "out.h5").string());

  EXPECT_EQ(result.exitCode, 2) << result.output;
  EXPECT_TRUE(contains(result.output, GetParam().message)) << result.output;
  EXPECT_FALSE(fs::exists(dir / "out.h5"));
  EXPECT_FALSE(fs::exists(dir / "out.h5.partial"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EmSurveyAppBadInput,
    ::testing::Values(
        BadEmSurvey{"velocity_family", "-survey_family flatvel -survey_physics em", "use -survey_physics acoustic"},
        BadEmSurvey{"h_polarisation_with_air", kTinyEm + " -em_polarisation h", "looks like air"},
        BadEmSurvey{"zero_frequency", kTinyEm + " -em_frequencies 0", "must be positive"},
        BadEmSurvey{"receiver_outside", kTinyEm + " -em_rec_x 5000", "outside the mesh"},
        BadEmSurvey{"acoustic_option", kTinyEm + " -acoustic_nt 100", "-acoustic_nt"},
        BadEmSurvey{"air_below_the_surface", kTinyEm + " -family_blocks_min 1 -family_anomaly_sigma_min 1e-7 "
                    "-family_anomaly_sigma_max 1e-7", "below the earth's surface"},
        BadEmSurvey{"static_shift_without_tm", kTinyEm + " -survey_static_shift 0.2", "needs -em_source mt"},
        BadEmSurvey{"missing_band_without_frequencies", kBothModes + " -survey_missing_band 20,50",
                    "holds none of the -em_frequencies"},
        BadEmSurvey{"missing_band_of_every_frequency", kBothModes + " -survey_missing_band 0.5,50",
                    "nothing is left to interpolate from"},
        BadEmSurvey{"acoustic_degradation", kTinyEm + " -survey_dead_traces 0.1", "apply to acoustic gathers"},
        BadEmSurvey{"em_degradation_on_acoustic", "-survey_family flatvel -survey_noise_relative 0.05",
                    "apply to EM surveys"}),
    [](const auto& info) { return info.param.name; });
