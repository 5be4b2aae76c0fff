#include "apps/survey_setup.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/log.hpp"
#include "meshes/sample_rng.hpp"
#include "solvers/acoustic/shot_simulation.hpp"
#include "solvers/em/em_simulation.hpp"

namespace pairinv::apps {

namespace {

std::string sidesText(const acoustic::AbsorbingSides& s) {
  std::string text;
  for (const auto& [on, name] : {std::pair{s.top, "top"}, {s.bottom, "bottom"}, {s.left, "left"}, {s.right, "right"}})
    if (on) text += std::string(text.empty() ? "" : ",") + name;
  return text.empty() ? "none" : text;
}

}  // namespace

void validateSurveySetup(SurveySetup& s) {
  require(s.family != nullptr, "internal: survey without a model family");
  require(s.samples >= 1, "-survey_samples must be at least 1 (the number of samples to make)");
  validateFamilyOptions(*s.family, s.familyOptions);
  if (s.physics == "none") return;
  const std::string simulates = s.physics == "em" ? "conductivity" : "velocity";
  require(s.family->quantity == simulates, "family ", s.family->name, " draws ", s.family->quantity,
          " models, which -survey_physics ", s.physics, " cannot simulate; use -survey_physics ",
          s.family->quantity == "conductivity" ? "em" : "acoustic", ", or use -survey_physics none to make the "
          "models only");
  if (s.physics == "em") {
    em::EmConfig& c = *s.em;
    if (c.ranksPerFrequency > 1)
      logWarning("survey ignores -em_ranks_per_frequency: every rank simulates whole samples on its own");
    c.ranksPerFrequency = 1;
    // The checks that depend on the model (air under H-polarisation, positions) on a real sample.
    em::EmConfig copy = c;
    em::validateEmConfig(copy, generateModel(*s.family, s.familyOptions, s.seed, 0));
    return;
  }
  acoustic::AcousticConfig& c = *s.acoustic;
  require(c.snapshotEvery == 0, "-acoustic_snapshot_every does not apply to survey (use pairinv forward to look "
          "at wavefields)");
  if (c.ranksPerShot > 1)
    logWarning("survey ignores -acoustic_ranks_per_shot: every rank simulates whole samples on its own");
  c.ranksPerShot = 0;
  // One time step for all samples: validate for a model holding both ends of the family's range
  // (the largest velocity sets the stable dt; the smallest the dispersion check).
  const auto [lo, hi] = s.family->valueRange(s.familyOptions);
  Field2D envelope(familyGrid(s.familyOptions), hi);
  if (envelope.values.size() > 1) envelope.values[0] = lo;
  acoustic::validateAcousticConfig(c, envelope);
}

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
      {"absorbing_sides", sidesText(c.absorbing)},
      {"free_surface", I(c.freeSurface)},
      {"pml_reflection", c.pmlReflection},
      {"pml_frequency", c.pmlFrequency},
      {"wavelet", std::string(nameOf(c.wavelet, acoustic::kWaveletNames))},
      {"peak_frequency", c.peakFrequency},
      {"wavelet_delay", c.delay},
      {"wavelet_file", c.waveletFile},
      {"source_scaling", std::string(nameOf(c.scaling, acoustic::kSourceScalingNames))},
  };
}

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

namespace {

/// The shapes and attributes every survey file has (no data yet, no layout attribute).
SurveyLayout identityLayout(const SurveyIdentity& id) {
  SurveyLayout layout;
  layout.samples = id.samples;
  layout.nz = id.grid.nz, layout.nx = id.grid.nx;
  using I = std::int64_t;
  layout.attributes = {
      {"format_version", I(1)},
      {"pairinv_version", std::string(PAIRINV_VERSION)},
      {"physics", id.physics},
      {"quantity", id.quantity},
      {"units", id.units},
      {"family", id.family},
      {"family_options", id.familyOptions},
      {"seed", id.seed},
      {"survey_size", I(id.samples)},
      {"nz", I(id.grid.nz)},
      {"nx", I(id.grid.nx)},
      {"dz", id.grid.dz},
      {"dx", id.grid.dx},
  };
  return layout;
}

}  // namespace

namespace {
void addDegradationAttributes(SurveyLayout& layout, const DataDegradation& d) {
  layout.attributes.push_back({"noise_snr", d.snrDb});
  layout.attributes.push_back({"noise_band", std::vector<double>{d.band[0], d.band[1]}});
  layout.attributes.push_back({"dead_trace_fraction", d.deadTraceFraction});
  layout.attributes.push_back({"dead_shots", std::int64_t(d.deadShots)});
  layout.attributes.push_back({"degradation", d.describe()});
}
}  // namespace

SurveyLayout makeSurveyLayout(const SurveyIdentity& id, const acoustic::AcousticConfig* config,
                              const DataDegradation& degradation) {
  SurveyLayout layout = identityLayout(id);
  if (!config) {
    layout.attributes.push_back({"layout", std::string("models[sample, 1, z, x]; no data (physics none)")});
    return layout;
  }
  layout.hasData = true;
  layout.nshots = int(config->sources.size());
  layout.nsamples = config->samplesPerTrace();
  layout.nreceivers = int(config->receivers.size());
  const std::vector<SurveyAttribute> more = acousticAttributes(*config);
  layout.attributes.insert(layout.attributes.end(), more.begin(), more.end());
  addDegradationAttributes(layout, degradation);
  layout.attributes.push_back({"layout", std::string("models[sample, 1, z, x]; data[sample, shot, time, receiver], "
                                                     "time j at first_sample_time + j * dt")});
  return layout;
}

SurveyLayout makeEmSurveyLayout(const SurveyIdentity& id, const em::EmConfig& config,
                                const DataDegradation& degradation) {
  SurveyLayout layout = identityLayout(id);
  layout.hasData = true;
  layout.nshots = 2;
  layout.nsamples = int(config.frequencies.size());
  layout.nreceivers = config.sourceCount() * int(config.receivers.size());
  const std::vector<SurveyAttribute> more = emAttributes(config);
  layout.attributes.insert(layout.attributes.end(), more.begin(), more.end());
  addDegradationAttributes(layout, degradation);
  layout.attributes.push_back({"layout", std::string("models[sample, 1, z, x]; data[sample, part, frequency, "
                                                     "source * nreceivers + receiver], part 0 Re d or ln|d|, part 1 "
                                                     "Im d or arg d (data_form); reshape to [N, 2, nfrequencies, "
                                                     "nsources, nreceivers]")});
  return layout;
}

SurveyLayout surveyLayout(const SurveySetup& s) {
  SurveyIdentity id;
  id.physics = s.physics;
  id.quantity = s.family->quantity;
  id.units = s.family->units;
  id.family = s.family->name;
  id.familyOptions = formatFamilyOptions(*s.family, s.familyOptions);
  id.seed = std::int64_t(s.seed);
  id.samples = s.samples;
  id.grid = familyGrid(s.familyOptions);
  if (s.physics == "em") return makeEmSurveyLayout(id, *s.em, s.degradation);
  return makeSurveyLayout(id, s.physics == "acoustic" ? &*s.acoustic : nullptr, s.degradation);
}


SurveySample makeSurveySample(const SurveySetup& s, std::size_t index) {
  Field2D model = generateModel(*s.family, s.familyOptions, s.seed, index);
  SurveySample sample;
  sample.model.resize(model.values.size());
  for (std::size_t i = 0; i < model.values.size(); ++i) {
    sample.model[i] = float(model.values[i]);
    model.values[i] = double(sample.model[i]);
  }
  if (s.physics == "acoustic") {
    acoustic::ShotGathers gathers = acoustic::simulateShots(PETSC_COMM_SELF, model, *s.acoustic);
    const acoustic::AcousticConfig& c = *s.acoustic;
    degradeGathers(gathers.data, int(c.sources.size()), c.samplesPerTrace(), int(c.receivers.size()),
                   c.dt * c.recordEvery, s.degradation, s.seed, index);
    sample.data.assign(gathers.data.begin(), gathers.data.end());
  }
  if (s.physics == "em") {
    em::EmConfig config = *s.em;
    em::validateEmConfig(config, model);  // the padding and air height follow this model
    std::vector<double> data = em::realData(em::simulateEm(PETSC_COMM_SELF, model, config), config);
    addNoiseAtSnr(data, s.degradation.snrDb, s.seed, index);
    sample.data.assign(data.begin(), data.end());
  }
  return sample;
}

}  // namespace pairinv::apps
