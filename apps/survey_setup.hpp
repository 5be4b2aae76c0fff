// What a survey is made of: the family and its options, the seed, the physics and its
// configuration, the noise; how that becomes the survey file's layout and attributes; and how
// one sample is made (model, simulated data, noise), as a pure function of the setup and the
// sample's index.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "apps/data_degradation.hpp"
#include "apps/survey_file.hpp"
#include "meshes/model_families.hpp"
#include "solvers/acoustic/acoustic_config.hpp"
#include "solvers/em/em_config.hpp"

namespace pairinv::apps {

struct SurveySetup {
  std::string physics = "acoustic";  // "acoustic", "em" or "none" (models only)
  const ModelFamily* family = nullptr;
  FamilyOptions familyOptions;
  std::uint64_t seed = 0;
  std::size_t samples = 0;
  std::optional<acoustic::AcousticConfig> acoustic;  // validated for every model of the family
  /// Not validated: each sample validates a copy for its own model, so that the mesh's padding
  /// follows the model (em_config.hpp); the automatic distances stay 0 here and in the file.
  std::optional<em::EmConfig> em;
  DataDegradation degradation;  // noise, dead traces and shots (data_degradation.hpp)
};

/// Checks the combination (physics and the family's quantity, solver options that a survey
/// cannot use) and validates the acoustic configuration for every model the family can draw:
/// one time step must suit all samples, so it is chosen for the family's value range. The EM
/// configuration is checked against the family's sample 0 (positions, polarisation and air).
void validateSurveySetup(SurveySetup& setup);

/// The root attributes describing an acoustic configuration (also used for imported data).
std::vector<SurveyAttribute> acousticAttributes(const acoustic::AcousticConfig& config);

/// The root attributes describing an EM configuration (positions in metres, z depth).
std::vector<SurveyAttribute> emAttributes(const em::EmConfig& config);

/// What identifies a survey's models in its file (whether made by a family or imported).
struct SurveyIdentity {
  std::string physics, quantity, units;
  std::string family, familyOptions;  // the family's name and formatFamilyOptions text
  std::int64_t seed = 0;
  std::size_t samples = 0;
  Grid2D grid;
};

/// Shapes and attributes of a survey file: with `config` (physics acoustic) the data's too.
SurveyLayout makeSurveyLayout(const SurveyIdentity& identity, const acoustic::AcousticConfig* config,
                              const DataDegradation& degradation);

/// The same for physics em: /data holds [2, nfreq, nsrc * nrec] per sample, the real layout
/// [part][frequency][source][receiver] of solvers/em/em_data.hpp.
SurveyLayout makeEmSurveyLayout(const SurveyIdentity& identity, const em::EmConfig& config,
                                const DataDegradation& degradation);

/// Shapes and attributes of the survey file for `setup`.
SurveyLayout surveyLayout(const SurveySetup& setup);

/// One sample as stored: the model (float32, row-major nz x nx) and the data (float32,
/// acoustic [shot][time sample][receiver], em [part][frequency][source][receiver]; empty for
/// physics none).
struct SurveySample {
  std::vector<float> model, data;
};

/// Sample `index`: the family's model, rounded to float32 and simulated as stored (so that
/// simulating /models[i] again reproduces /data[i]), then degraded as the setup says
/// (data_degradation.hpp; EM data take white noise only). Runs on the calling rank alone.
SurveySample makeSurveySample(const SurveySetup& setup, std::size_t index);


}  // namespace pairinv::apps
