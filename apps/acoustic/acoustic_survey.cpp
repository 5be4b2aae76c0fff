// The survey side of AcousticPhysics (apps/acoustic/acoustic_physics.hpp): checks for a model
// family, the gathers' shapes and attributes in a survey file, one sample's data as stored, and
// one stored sample read back as an inverse problem (the acquisition rebuilt from the file's
// attributes, exactly as the survey ran it).
#include <cmath>
#include <sstream>

#include "apps/acoustic/acoustic_physics.hpp"
#include "apps/sample_problem.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "inversion/acoustic_lsi_data.hpp"
#include "inversion/lsi_polish.hpp"
#include "inversion/model_smoothing.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

std::vector<SurveyAttribute> acousticAttributes(const acoustic::AcousticConfig& c) {
  std::vector<std::int64_t> srcZ, srcX, recZ, recX;
  for (const auto& p : c.sources) srcZ.push_back(p.iz), srcX.push_back(p.ix);
  for (const auto& p : c.receivers) recZ.push_back(p.iz), recX.push_back(p.ix);
  using I = std::int64_t;
  return {
      {"preset", std::string(nameOf(c.preset, acoustic::kPresetNames))},
      {"dt", c.dt * c.recordEvery},
      {"solver_dt", c.dt},
      {"nt", I(c.nt)},
      {"record_every", I(c.recordEvery)},
      {"nsamples", I(c.samplesPerTrace())},
      {"first_sample_time", c.sampleTime(0)},
      {"nshots", I(c.sources.size())},
      {"nreceivers", I(c.receivers.size())},
      {"source_iz", srcZ},
      {"source_ix", srcX},
      {"receiver_iz", recZ},
      {"receiver_ix", recX},
      {"order", I(c.order)},
      {"boundary", std::string(nameOf(c.boundary, acoustic::kBoundaryNames))},
      {"absorbing_width", I(c.padCells)},
      {"absorbing_sides", acoustic::sidesText(c.absorbing)},
      {"free_surface", I(c.freeSurface)},
      {"pml_reflection", c.pmlReflection},
      {"pml_frequency", c.pmlFrequency},
      {"wavelet", std::string(nameOf(c.wavelet, acoustic::kWaveletNames))},
      {"peak_frequency", c.peakFrequency},
      {"wavelet_delay", c.delay},
      {"wavelet_file", c.waveletFile},
      {"source_scaling", std::string(nameOf(c.scaling, acoustic::kSourceScalingNames))},
      {"precision", std::string(nameOf(c.precision, acoustic::kPrecisionNames))},
  };
}

std::vector<acoustic::GridPoint> points(const std::vector<std::int64_t>& z, const std::vector<std::int64_t>& x) {
  std::vector<acoustic::GridPoint> p;
  for (std::size_t i = 0; i < x.size() && i < z.size(); ++i) p.push_back({int(z[i]), int(x[i])});
  return p;
}

struct SurveySampleProblem {
  acoustic::AcousticConfig config;  // validated for the true model (for its grid in field data)
  SurveyModel model;                // the grid, and the velocity of the sample unless field data
  acoustic::ShotGathers observed;   // the sample's data [shots, samples, receivers]
};

/// The acquisition an acoustic survey file's attributes record, not yet validated.
acoustic::AcousticConfig readSurveyAcquisition(const Hdf5File& h5, const fs::path& survey) {
  acoustic::AcousticConfig c;
  const auto attribute = [&](const char* name) { return concat("the attribute ", name, " of '", survey.string(), "'"); };
  c.preset = valueOf(h5.readStringAttribute("/", "preset"), acoustic::kPresetNames, attribute("preset"));
  c.dt = h5.readDoubleAttribute("/", "solver_dt");
  c.autoDt = false;
  c.nt = int(h5.readInt64Attribute("/", "nt"));
  c.recordEvery = int(h5.readInt64Attribute("/", "record_every"));
  c.order = int(h5.readInt64Attribute("/", "order"));
  c.boundary = valueOf(h5.readStringAttribute("/", "boundary"), acoustic::kBoundaryNames, attribute("boundary"));
  c.padCells = int(h5.readInt64Attribute("/", "absorbing_width"));
  c.absorbing = acoustic::parseSides(h5.readStringAttribute("/", "absorbing_sides"), attribute("absorbing_sides"));
  c.freeSurface = h5.readInt64Attribute("/", "free_surface") != 0;
  c.pmlReflection = h5.readDoubleAttribute("/", "pml_reflection");
  c.pmlFrequency = h5.readDoubleAttribute("/", "pml_frequency");
  c.wavelet = valueOf(h5.readStringAttribute("/", "wavelet"), acoustic::kWaveletNames, attribute("wavelet"));
  c.peakFrequency = h5.readDoubleAttribute("/", "peak_frequency");
  c.delay = h5.readDoubleAttribute("/", "wavelet_delay");
  c.waveletFile = h5.readStringAttribute("/", "wavelet_file");
  c.scaling = valueOf(h5.readStringAttribute("/", "source_scaling"), acoustic::kSourceScalingNames,
                      attribute("source_scaling"));
  // The solver precision the data were made in; the repairs and FWI of this survey use it too
  // (files from before -acoustic_precision: double).
  if (h5.hasAttribute("/", "precision"))
    c.precision = valueOf(h5.readStringAttribute("/", "precision"), acoustic::kPrecisionNames, attribute("precision"));
  c.sources = points(h5.readInt64VectorAttribute("/", "source_iz"), h5.readInt64VectorAttribute("/", "source_ix"));
  c.receivers = points(h5.readInt64VectorAttribute("/", "receiver_iz"), h5.readInt64VectorAttribute("/", "receiver_ix"));
  require(c.nt > 0 && c.recordEvery > 0 && c.dt > 0 && std::isfinite(c.dt), "'", survey.string(),
          "': the attributes nt, record_every and solver_dt must be positive");
  return c;
}

void requireAcousticSurvey(const fs::path& survey, const Hdf5File& h5) {
  require(surveyPhysics(survey) == Physics::Acoustic && h5.hasDataset("/data"), "'", survey.string(),
          "' is not an acoustic survey with data (see docs/survey_format.md)");
}

SurveySampleProblem readSurveySample(const fs::path& survey, std::size_t index) {
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  requireAcousticSurvey(survey, h5);
  SurveySampleProblem p;
  p.model = readSurveyModel(h5, survey, index);
  acoustic::AcousticConfig& c = p.config;
  c = readSurveyAcquisition(h5, survey);
  if (p.model.truth)
    acoustic::validateAcousticConfig(c, *p.model.truth);
  else
    acoustic::validateAcousticGeometry(c, p.model.grid);  // field data: dt as recorded

  const Hdf5Array data = h5.readDatasetSlice("/data", index);
  requireFiniteSample(data.data, survey, "/data", index);
  require(data.shape.size() == 3 && data.shape[0] == c.sources.size() &&
              data.shape[1] == std::size_t(c.samplesPerTrace()) && data.shape[2] == c.receivers.size(),
          "'", survey.string(), "': /data does not match the acquisition in its attributes");
  p.observed = {int(data.shape[0]), int(data.shape[1]), int(data.shape[2]), data.data};
  return p;
}

class AcousticSample : public SampleProblem {
 public:
  AcousticSample(const fs::path& survey, std::size_t index) : p_(readSurveySample(survey, index)) {
    grid_ = p_.model.grid;
    truth_ = p_.model.truth;
    observed_ = p_.observed.data;
    observedSamples_ = p_.observed.nsamples;
    surveySize_ = p_.model.surveySize;
  }
  Physics physics() const override { return Physics::Acoustic; }
  std::unique_ptr<inversion::LsiDataTerm> lsiData(MPI_Comm comm) const override {
    return std::make_unique<inversion::AcousticLsiData>(comm, p_.config, p_.observed);
  }
  Field2D fwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations, int maxEvaluations,
              const fs::path& output) const override {
    inversion::FwiSettings s = options.acoustic;
    s.maxEvaluations = maxEvaluations;
    return inversion::polishAcoustic(comm, s, iterations, output, {p_.config, p_.observed, {}, truth()}, start);
  }
  Field2D stagedFwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations,
                    const fs::path& output) const override {
    inversion::FwiSettings s = options.acoustic;
    s.iterations = iterations, s.output = output;
    return inversion::runAcousticFwi(comm, s, {p_.config, p_.observed, start, truth()});
  }
  double solvesPerEvaluation() const override { return 2.0 * double(p_.config.sources.size()); }
  std::string misfitsIncomparable(const FwiOptions& options) const override {
    const double last = options.acoustic.cutoffs.back();
    return last > 0 ? concat("the long FWI's last stage is low-passed at ", last, " Hz") : "";
  }
  Field2D fwiStart(FwiStart kind, double smoothing) const override {
    const Field2D& truth = knownTruth();
    return kind == FwiStart::Smooth ? inversion::gaussianSmooth(truth, smoothing)
                                    : inversion::linearGradientModel(truth.grid, truth.min(), truth.max());
  }
  std::string fwiStartName(FwiStart kind, double smoothing) const override {
    return kind == FwiStart::Smooth ? concat("the true model smoothed over ", smoothing, " m (flatters FWI)")
                                    : "the 1D linear velocity gradient from the true model's minimum to its maximum";
  }

 private:
  SurveySampleProblem p_;
};

}  // namespace

void AcousticPhysics::prepareSurvey(const ModelFamily& family, const FamilyOptions& options, std::uint64_t,
                                    const DataDegradation& degradation) {
  acoustic::AcousticConfig& c = config_;
  require(c.snapshotEvery == 0, "-acoustic_snapshot_every does not apply to survey (use pairinv forward to look "
          "at wavefields)");
  if (c.ranksPerShot > 1)
    logWarning("survey ignores -acoustic_ranks_per_shot: every rank simulates whole samples on its own");
  c.ranksPerShot = 0;
  // One time step for all samples: validate for a model holding both ends of the family's range
  // (the largest velocity sets the stable dt; the smallest the dispersion check).
  const auto [lo, hi] = family.valueRange(options);
  Field2D envelope(familyGrid(options), hi);
  if (envelope.values.size() > 1) envelope.values[0] = lo;
  acoustic::validateAcousticConfig(c, envelope);
  validateDegradation(degradation, int(c.sources.size()), int(c.receivers.size()), c.dt * c.recordEvery);
}

std::string AcousticPhysics::describeSurveyData(SurveyLayout& layout) const {
  layout.nshots = int(config_.sources.size());
  layout.nsamples = config_.samplesPerTrace();
  layout.nreceivers = int(config_.receivers.size());
  const std::vector<SurveyAttribute> more = acousticAttributes(config_);
  layout.attributes.insert(layout.attributes.end(), more.begin(), more.end());
  return "models[sample, 1, z, x]; data[sample, shot, time, receiver], time j at first_sample_time + j * dt";
}

std::string AcousticPhysics::surveyDataText() const {
  return concat(", ", config_.sources.size(), " shots x ", config_.samplesPerTrace(), " time samples x ",
                config_.receivers.size(), " receivers");
}

std::vector<float> AcousticPhysics::simulateSample(const Field2D& model, const DataDegradation& degradation,
                                                   std::uint64_t seed, std::size_t index) const {
  const acoustic::AcousticConfig& c = config_;
  acoustic::ShotGathers gathers = acoustic::simulateShots(PETSC_COMM_SELF, model, c);
  degradeGathers(gathers.data, int(c.sources.size()), c.samplesPerTrace(), int(c.receivers.size()),
                 c.dt * c.recordEvery, degradation, seed, index);
  return std::vector<float>(gathers.data.begin(), gathers.data.end());
}

void AcousticPhysics::readSampleFwiOptions(MPI_Comm comm, bool stages, FwiOptions& options) const {
  options.acoustic = inversion::readFwiSettings(comm, false, stages);
}

acoustic::AcousticConfig readAcousticSurveyAcquisition(const fs::path& survey, Grid2D& grid) {
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  requireAcousticSurvey(survey, h5);
  grid = readSurveyModel(h5, survey, 0).grid;
  acoustic::AcousticConfig c = readSurveyAcquisition(h5, survey);
  acoustic::validateAcousticGeometry(c, grid);
  return c;
}

std::unique_ptr<SampleProblem> AcousticPhysics::readSample(const fs::path& survey, std::size_t index) const {
  return std::make_unique<AcousticSample>(survey, index);
}

}  // namespace pairinv::apps
