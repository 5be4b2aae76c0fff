// Reading one sample of an acoustic survey file back as a problem for the true PDE: the model
// grid, the acquisition (AcousticConfig rebuilt from the file's attributes, exactly as the
// survey ran it), the true model and the observed data. Used by `pairinv invert`.
#pragma once

#include <filesystem>

#include "solvers/acoustic/acoustic_config.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace pairinv {
class Hdf5File;
}

namespace pairinv::apps {

/// The true model of sample `index` of an open survey file `h5` (named `survey` in messages) on
/// the grid of its nz, nx, dz, dx attributes; `surveySize` receives the number of samples.
/// InputError for an index out of range or /models not matching the grid. Both physics use it.
Field2D readSurveyTruth(const Hdf5File& h5, const std::filesystem::path& survey, std::size_t index,
                        std::size_t& surveySize);

struct SurveySampleProblem {
  acoustic::AcousticConfig config;  // validated for the true model
  Field2D truth;                    // velocity of the sample
  acoustic::ShotGathers observed;   // the sample's data [shots, samples, receivers]
  std::size_t surveySize = 0;
};

/// Reads sample `index` of an acoustic survey (the layout of docs/survey_format.md). InputError
/// for a missing file, a survey without data, a non-acoustic survey or an index out of range.
SurveySampleProblem readSurveySample(const std::filesystem::path& survey, std::size_t index);

}  // namespace pairinv::apps
