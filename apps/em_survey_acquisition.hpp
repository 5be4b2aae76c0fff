// Reading one sample of an EM survey file back as a problem for the true EM solver: the model
// grid, the acquisition (EmConfig rebuilt from the file's attributes, exactly as the survey ran
// it), the true conductivity and the observed data. The EM sibling of survey_acquisition.hpp,
// used by `pairinv invert` and `pairinv evaluate`.
//
// The survey chose the mesh (padding distance, air height) per sample for its true model; the
// configuration returned is validated at that model, so the mesh is the survey's and stays
// fixed for every model an inversion tries (what the EM gradient requires).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "meshes/grid2d.hpp"
#include "solvers/em/em_config.hpp"

namespace pairinv::apps {

struct EmSurveySampleProblem {
  em::EmConfig config;            // validated for the true model
  Field2D truth;                  // conductivity of the sample, S/m
  std::vector<double> observed;   // real layout [part][frequency][source][receiver]
  std::size_t surveySize = 0;
  std::int64_t frequencyCount() const { return std::int64_t(config.frequencies.size()); }
};

/// The `physics` attribute of a survey file ("acoustic", "em", "none"). InputError for a missing
/// file or a file that is not a pairinv survey.
std::string surveyPhysics(const std::filesystem::path& survey);

/// Reads sample `index` of an EM survey (docs/survey_format.md). InputError for a missing file, a
/// survey without EM data or an index out of range.
EmSurveySampleProblem readEmSurveySample(const std::filesystem::path& survey, std::size_t index);

}  // namespace pairinv::apps
