// The survey side of EmPhysics (apps/em/em_physics.hpp): checks for a model family, the data's
// shapes and attributes in a survey file, one sample's data as stored, and one stored sample read
// back as an inverse problem. The survey chose the mesh (padding distance, air height) per sample
// for its true model; the configuration read back is validated at that model, so the mesh is the
// survey's and stays fixed for every model an inversion tries (what the EM gradient requires).
#include <cmath>

#include "apps/em/em_degradation.hpp"
#include "apps/em/em_physics.hpp"
#include "apps/sample_problem.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "inversion/em_lsi_data.hpp"
#include "inversion/lsi_polish.hpp"
#include "solvers/em/em_simulation.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

std::vector<SurveyAttribute> emAttributes(const em::EmConfig& c) {
  std::vector<double> recX, recZ, srcX, srcZ;
  for (const em::Point& p : c.receivers) recX.push_back(p.x), recZ.push_back(p.z);
  for (const em::Point& p : c.lineSources) srcX.push_back(p.x), srcZ.push_back(p.z);
  using I = std::int64_t;
  std::vector<SurveyAttribute> a = {
      {"frequencies", c.frequencies},
      {"nfrequencies", I(c.frequencies.size())},
      {"nsources", I(c.sourceCount())},
      {"nreceivers", I(c.receivers.size())},
      {"polarisation", std::string(em::name(c.polarisation))},
      {"source", std::string(em::name(c.source))},
      {"datum", std::string(em::name(c.datum))},
      {"data_form", std::string(em::name(c.form))},
      {"receiver_x", recX},
      {"receiver_z", recZ},
  };
  if (c.source == em::SourceKind::LineCurrent) {
    a.push_back({"source_x", srcX});
    a.push_back({"source_z", srcZ});
    a.push_back({"source_current", c.current});
  }
  const std::vector<SurveyAttribute> mesh = {
      {"air", I(c.air)},
      {"air_conductivity", c.airConductivity},
      {"air_height", c.airHeight},
      {"pad_skin_depths", c.padSkinDepths},
      {"pad_distance", c.padDistance},
      {"pad_stretch", c.stretch},
      {"refine", I(c.refinement)},
  };
  a.insert(a.end(), mesh.begin(), mesh.end());
  return a;
}

std::vector<em::Point> points(const std::vector<double>& x, const std::vector<double>& z) {
  std::vector<em::Point> p;
  for (std::size_t i = 0; i < x.size() && i < z.size(); ++i) p.push_back({x[i], z[i]});
  return p;
}

struct EmSurveySampleProblem {
  em::EmConfig config;            // validated for the true model
  Field2D truth;                  // conductivity of the sample, S/m
  std::vector<double> observed;   // real layout [part][frequency][source][receiver]
  std::size_t surveySize = 0;
  std::int64_t frequencyCount() const { return std::int64_t(config.frequencies.size()); }
};

EmSurveySampleProblem readEmSurveySample(const fs::path& survey, std::size_t index) {
  require(surveyPhysics(survey) == Physics::Em, "'", survey.string(), "' is not an EM survey (physics em)");
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  require(h5.hasDataset("/data"), "'", survey.string(), "' holds no /data");
  EmSurveySampleProblem p;
  SurveyModel model = readSurveyModel(h5, survey, index);
  require(model.truth.has_value(), "'", survey.string(), "' holds no /models: inverting EM samples without a true "
          "model (field data) is not supported yet, because the EM mesh's padding and the fixed air are taken from "
          "the sample's model; acoustic surveys without /models are");
  p.truth = std::move(*model.truth);
  p.surveySize = model.surveySize;

  em::EmConfig& c = p.config;
  c.frequencies = h5.readDoubleVectorAttribute("/", "frequencies");
  const auto attribute = [&](const char* name) { return h5.readStringAttribute("/", name); };
  c.polarisation = valueOf(attribute("polarisation"), em::kPolarisationNames, concat("'", survey.string(), "': polarisation"));
  c.source = valueOf(attribute("source"), em::kSourceKindNames, concat("'", survey.string(), "': source"));
  c.datum = valueOf(attribute("datum"), em::kDatumNames, concat("'", survey.string(), "': datum"));
  c.form = valueOf(attribute("data_form"), em::kRealFormNames, concat("'", survey.string(), "': data_form"));
  c.receivers = points(h5.readDoubleVectorAttribute("/", "receiver_x"), h5.readDoubleVectorAttribute("/", "receiver_z"));
  if (c.source == em::SourceKind::LineCurrent) {
    c.lineSources = points(h5.readDoubleVectorAttribute("/", "source_x"), h5.readDoubleVectorAttribute("/", "source_z"));
    c.current = h5.readDoubleAttribute("/", "source_current");
  }
  c.air = h5.readInt64Attribute("/", "air") != 0;
  c.airConductivity = h5.readDoubleAttribute("/", "air_conductivity");
  c.airHeight = h5.readDoubleAttribute("/", "air_height");  // 0: automatic, as the survey chose it
  c.padSkinDepths = h5.readDoubleAttribute("/", "pad_skin_depths");
  c.padDistance = h5.readDoubleAttribute("/", "pad_distance");
  c.stretch = h5.readDoubleAttribute("/", "pad_stretch");
  c.refinement = int(h5.readInt64Attribute("/", "refine"));
  em::validateEmConfig(c, p.truth);

  const Hdf5Array data = h5.readDatasetSlice("/data", index);
  requireFiniteSample(data.data, survey, "/data", index);
  const std::size_t nsrc = std::size_t(c.sourceCount()), nrec = c.receivers.size();
  require(data.shape.size() == 3 && data.shape[0] == 2 && data.shape[1] == c.frequencies.size() &&
              data.shape[2] == nsrc * nrec,
          "'", survey.string(), "': /data does not match the EM acquisition in its attributes");
  p.observed = data.data;  // [part][frequency][source * nrec + receiver] is the real layout
  return p;
}


class EmSample : public SampleProblem {
 public:
  EmSample(const fs::path& survey, std::size_t index) : p_(readEmSurveySample(survey, index)) {
    grid_ = p_.truth.grid;
    truth_ = p_.truth;
    observed_ = p_.observed;
    observedSamples_ = p_.frequencyCount();
    surveySize_ = p_.surveySize;
  }
  Physics physics() const override { return Physics::Em; }
  std::unique_ptr<inversion::LsiDataTerm> lsiData(MPI_Comm comm) const override {
    return std::make_unique<inversion::EmLsiData>(comm, p_.config, p_.observed, true);
  }
  Field2D fwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations, int maxEvaluations,
              const fs::path& output) const override {
    inversion::EmFwiSettings s = options.em;
    s.maxEvaluations = maxEvaluations;
    return inversion::polishEm(comm, s, iterations, output, {p_.config, p_.observed, {}, &p_.truth}, start, p_.truth);
  }
  Field2D stagedFwi(MPI_Comm comm, const FwiOptions& options, const Field2D& start, int iterations,
                    const fs::path& output) const override {
    inversion::EmFwiSettings s = options.em;
    s.iterations = iterations, s.output = output;
    return inversion::runEmFwi(comm, s, {p_.config, p_.observed, start, &p_.truth});
  }
  double solvesPerEvaluation() const override {
    return 2.0 * double(p_.config.frequencies.size()) * double(p_.config.sourceCount());
  }
  std::string misfitsIncomparable(const FwiOptions& options) const override {
    return options.em.relativeWeights ? "" : "FWI weighs the data by -fwi_data_weights none, LSI relatively";
  }
  Field2D fwiStart(FwiStart kind, double smoothing) const override {
    return kind == FwiStart::Smooth ? inversion::emSmoothStart(p_.truth, smoothing)
                                    : inversion::emHalfSpaceStart(p_.truth, 0.0);
  }
  std::string fwiStartName(FwiStart kind, double smoothing) const override {
    return kind == FwiStart::Smooth ? concat("the truth's earth ln sigma smoothed over ", smoothing, " m (flatters FWI)")
                                    : "a half-space of the geometric mean of the truth's earth under its air";
  }

 private:
  EmSurveySampleProblem p_;
};

}  // namespace

void EmPhysics::prepareSurvey(const ModelFamily& family, const FamilyOptions& options, std::uint64_t seed,
                              const DataDegradation& degradation) {
  // Receivers (and line sources) on the earth's surface, below the family's air rows.
  const Grid2D grid = familyGrid(options);
  const auto air = options.find("air_cells");
  if (air != options.end()) em::placeOnSurface(config_, grid.z0 + air->second * grid.dz);
  if (config_.ranksPerFrequency > 1)
    logWarning("survey ignores -em_ranks_per_frequency: every rank simulates whole samples on its own");
  config_.ranksPerFrequency = 1;
  // The checks that depend on the model (air under H-polarisation, positions) on a real sample;
  // each sample validates a copy for its own model, so that the mesh's padding follows the model.
  em::EmConfig copy = config_;
  em::validateEmConfig(copy, generateModel(family, options, seed, 0));
  validateEmDegradation(degradation, config_);
}

std::string EmPhysics::describeSurveyData(SurveyLayout& layout) const {
  layout.nshots = 2;
  layout.nsamples = int(config_.frequencies.size());
  layout.nreceivers = config_.sourceCount() * int(config_.receivers.size());
  const std::vector<SurveyAttribute> more = emAttributes(config_);
  layout.attributes.insert(layout.attributes.end(), more.begin(), more.end());
  return "models[sample, 1, z, x]; data[sample, part, frequency, source * nreceivers + receiver], part 0 Re d or "
         "ln|d|, part 1 Im d or arg d (data_form); reshape to [N, 2, nfrequencies, nsources, nreceivers]";
}

std::string EmPhysics::surveyDataText() const {
  return concat(", EM data of ", config_.frequencies.size(), " frequencies x ", config_.sourceCount(),
                " source(s) x ", config_.receivers.size(), " receivers");
}

std::vector<float> EmPhysics::simulateSample(const Field2D& model, const DataDegradation& degradation,
                                             std::uint64_t seed, std::size_t index) const {
  em::EmConfig config = config_;
  em::validateEmConfig(config, model);  // the padding and air height follow this model
  em::EmSimulation sim = em::simulateEm(PETSC_COMM_SELF, model, config);
  em::EmData datum = sim.datum(config.datum);
  degradeEmData(datum, config, degradation, seed, index);
  std::vector<double> data = em::toReal(datum, config.form, config.frequencies);
  addNoiseAtSnr(data, degradation.snrDb, seed, index);
  return std::vector<float>(data.begin(), data.end());
}

void EmPhysics::readSampleFwiOptions(MPI_Comm comm, bool, FwiOptions& options) const {
  options.em = inversion::readEmFwiSettings(comm, false);
}

std::unique_ptr<SampleProblem> EmPhysics::readSample(const fs::path& survey, std::size_t index) const {
  return std::make_unique<EmSample>(survey, index);
}

}  // namespace pairinv::apps
