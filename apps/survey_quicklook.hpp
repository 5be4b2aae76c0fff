// Looking at a finished survey file: PNG contact sheets of its first models and gathers, and
// VTK image data of chosen samples for ParaView. Files go beside the survey, named after it:
//   F.h5 -> F_models.png, F_gathers.png, F_vtk/sample_000012.vti, F_segy/sample_000012.sgy
#pragma once

#include <filesystem>
#include <vector>

namespace pairinv::apps {

/// F_models.png: the first `count` models tiled (one colour scale for all; log10 for
/// conductivity); F_gathers.png:
/// the middle shot of the first `count` samples' data, tiled (absent for models-only files).
/// Returns the files written.
std::vector<std::filesystem::path> writeSurveyContactSheets(const std::filesystem::path& survey, int count);

/// F_segy/sample_NNNNNN.sgy for each index: the sample's gathers (acoustic survey) with the
/// acquisition from the survey's attributes in the trace headers (core/segy_file.hpp). Returns
/// the files written.
std::vector<std::filesystem::path> writeSurveySegy(const std::filesystem::path& survey,
                                                   const std::vector<std::size_t>& indices);

/// F_vtk/sample_NNNNNN.vti for each index, with the model as point data named after the
/// survey's quantity attribute ("velocity", "conductivity"). Returns the files written.
std::vector<std::filesystem::path> writeSurveyVtk(const std::filesystem::path& survey,
                                                  const std::vector<std::size_t>& indices);

}  // namespace pairinv::apps
