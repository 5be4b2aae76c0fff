// What a survey is made of: the family and its options, the seed, the physics (apps/physics.hpp;
// none: models only), the noise; how that becomes the survey file's layout and attributes; and
// how one sample is made (model, simulated data, noise), as a pure function of the setup and the
// sample's index.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "apps/data_degradation.hpp"
#include "apps/physics.hpp"
#include "core/survey_file.hpp"
#include "meshes/model_families.hpp"

namespace pairinv::apps {

struct SurveySetup {
  std::shared_ptr<PhysicsApp> physics;  // null: models only (-survey_physics none)
  const ModelFamily* family = nullptr;
  FamilyOptions familyOptions;
  std::uint64_t seed = 0;
  std::size_t samples = 0;
  DataDegradation degradation;  // noise, dead traces and shots (data_degradation.hpp)
};

/// Checks the combination (physics and the family's quantity, degradation of a survey without
/// data) and lets the physics check its options for every model the family can draw
/// (PhysicsApp::prepareSurvey; the acoustic time step is chosen there).
void validateSurveySetup(SurveySetup& setup);

/// What identifies a survey's models in its file (whether made by a family or imported).
struct SurveyIdentity {
  std::string quantity, units;
  std::string family, familyOptions;  // the family's name and formatFamilyOptions text
  std::int64_t seed = 0;
  std::size_t samples = 0;
  Grid2D grid;
};

/// Shapes and attributes of a survey file: the models', and with `physics` the data's too.
SurveyLayout makeSurveyLayout(const SurveyIdentity& identity, const PhysicsApp* physics,
                              const DataDegradation& degradation);

/// Shapes and attributes of the survey file for `setup`.
SurveyLayout surveyLayout(const SurveySetup& setup);

/// One sample as stored: the model (float32, row-major nz x nx) and the data (float32, in the
/// physics' layout; empty for physics none).
struct SurveySample {
  std::vector<float> model, data;
};

/// Sample `index`: the family's model, rounded to float32 and simulated as stored (so that
/// simulating /models[i] again reproduces /data[i]), then degraded as the setup says
/// (data_degradation.hpp). Runs on the calling rank alone.
SurveySample makeSurveySample(const SurveySetup& setup, std::size_t index);

}  // namespace pairinv::apps
