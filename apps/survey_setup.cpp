#include "apps/survey_setup.hpp"

#include "core/error.hpp"

namespace pairinv::apps {

void validateSurveySetup(SurveySetup& s) {
  ensure(s.family != nullptr, "survey without a model family");
  require(s.samples >= 1, "-survey_samples must be at least 1 (the number of samples to make)");
  validateFamilyOptions(*s.family, s.familyOptions);
  if (!s.physics) return;
  if (s.family->quantity != s.physics->familyQuantity()) {
    std::string fits;  // the physics that simulates the family's models
    for (const auto& [physics, name] : kPhysicsNames)
      if (PhysicsApp::create(physics)->familyQuantity() == s.family->quantity) fits = concat("use -survey_physics ", name, ", or ");
    throw InputError(concat("family ", s.family->name, " draws ", s.family->quantity, " models, which -survey_physics ",
                            s.physics->name(), " cannot simulate; ", fits,
                            "use -survey_physics none to make the models only"));
  }
  s.physics->prepareSurvey(*s.family, s.familyOptions, s.seed, s.degradation);
}

namespace {

/// The shapes and attributes every survey file has (no data yet, no layout attribute).
SurveyLayout identityLayout(const SurveyIdentity& id, const PhysicsApp* physics) {
  SurveyLayout layout;
  layout.samples = id.samples;
  layout.nz = id.grid.nz, layout.nx = id.grid.nx;
  using I = std::int64_t;
  layout.attributes = {
      {"format_version", I(1)},
      {"pairinv_version", std::string(PAIRINV_VERSION)},
      {"physics", std::string(physics ? physics->name() : "none")},
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

void addDegradationAttributes(SurveyLayout& layout, const DataDegradation& d) {
  layout.attributes.push_back({"noise_snr", d.snrDb});
  layout.attributes.push_back({"noise_band", std::vector<double>{d.band[0], d.band[1]}});
  layout.attributes.push_back({"dead_trace_fraction", d.deadTraceFraction});
  layout.attributes.push_back({"dead_shots", std::int64_t(d.deadShots)});
  layout.attributes.push_back({"noise_relative", d.relativeNoise});
  layout.attributes.push_back({"static_shift", d.staticShift});
  layout.attributes.push_back({"missing_band", std::vector<double>{d.missingBand[0], d.missingBand[1]}});
  layout.attributes.push_back({"degradation", d.describe()});
}

}  // namespace

SurveyLayout makeSurveyLayout(const SurveyIdentity& id, const PhysicsApp* physics, const DataDegradation& degradation) {
  SurveyLayout layout = identityLayout(id, physics);
  if (!physics) {
    layout.attributes.push_back({"layout", std::string("models[sample, 1, z, x]; no data (physics none)")});
    return layout;
  }
  layout.hasData = true;
  const std::string dataLayout = physics->describeSurveyData(layout);
  addDegradationAttributes(layout, degradation);
  layout.attributes.push_back({"layout", dataLayout});
  return layout;
}

SurveyLayout surveyLayout(const SurveySetup& s) {
  SurveyIdentity id;
  id.quantity = s.family->quantity;
  id.units = s.family->units;
  id.family = s.family->name;
  id.familyOptions = formatFamilyOptions(*s.family, s.familyOptions);
  id.seed = std::int64_t(s.seed);
  id.samples = s.samples;
  id.grid = familyGrid(s.familyOptions);
  return makeSurveyLayout(id, s.physics.get(), s.degradation);
}

SurveySample makeSurveySample(const SurveySetup& s, std::size_t index) {
  Field2D model = generateModel(*s.family, s.familyOptions, s.seed, index);
  SurveySample sample;
  sample.model.resize(model.values.size());
  for (std::size_t i = 0; i < model.values.size(); ++i) {
    sample.model[i] = float(model.values[i]);
    model.values[i] = double(sample.model[i]);
  }
  if (s.physics) sample.data = s.physics->simulateSample(model, s.degradation, s.seed, index);
  return sample;
}

}  // namespace pairinv::apps
