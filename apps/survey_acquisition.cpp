#include "apps/survey_acquisition.hpp"

#include <sstream>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"

namespace pairinv::apps {

namespace {

acoustic::AbsorbingSides parseSides(const std::string& text) {
  acoustic::AbsorbingSides s{false, false, false, false};
  std::stringstream in(text);
  for (std::string side; std::getline(in, side, ',');) {
    if (side == "top") s.top = true;
    if (side == "bottom") s.bottom = true;
    if (side == "left") s.left = true;
    if (side == "right") s.right = true;
  }
  return s;
}

std::vector<acoustic::GridPoint> points(const std::vector<std::int64_t>& z, const std::vector<std::int64_t>& x) {
  std::vector<acoustic::GridPoint> p;
  for (std::size_t i = 0; i < x.size(); ++i) p.push_back({int(z[i]), int(x[i])});
  return p;
}

}  // namespace

Field2D readSurveyTruth(const Hdf5File& h5, const std::filesystem::path& survey, std::size_t index,
                        std::size_t& surveySize) {
  surveySize = std::size_t(h5.readInt64Attribute("/", "survey_size"));
  require(index < surveySize, "sample ", index, " is out of range: '", survey.string(), "' holds ", surveySize,
          " samples");
  Grid2D g;
  g.nz = int(h5.readInt64Attribute("/", "nz")), g.nx = int(h5.readInt64Attribute("/", "nx"));
  g.dz = h5.readDoubleAttribute("/", "dz"), g.dx = h5.readDoubleAttribute("/", "dx");
  const Hdf5Array model = h5.readDatasetSlice("/models", index);
  require(model.data.size() == g.size(), "'", survey.string(), "': /models does not match nz x nx");
  Field2D truth(g);
  truth.values = model.data;
  return truth;
}

SurveySampleProblem readSurveySample(const std::filesystem::path& survey, std::size_t index) {
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  require(h5.hasAttribute("/", "physics") && h5.readStringAttribute("/", "physics") == "acoustic" &&
              h5.hasDataset("/data"),
          "'", survey.string(), "' is not an acoustic survey with data (see docs/survey_format.md)");
  SurveySampleProblem p;
  p.truth = readSurveyTruth(h5, survey, index, p.surveySize);

  acoustic::AcousticConfig& c = p.config;
  const auto attribute = [&](const char* name) { return concat("the attribute ", name, " of '", survey.string(), "'"); };
  c.preset = valueOf(h5.readStringAttribute("/", "preset"), acoustic::kPresetNames, attribute("preset"));
  c.dt = h5.readDoubleAttribute("/", "solver_dt");
  c.autoDt = false;
  c.nt = int(h5.readInt64Attribute("/", "nt"));
  c.recordEvery = int(h5.readInt64Attribute("/", "record_every"));
  c.order = int(h5.readInt64Attribute("/", "order"));
  c.boundary = valueOf(h5.readStringAttribute("/", "boundary"), acoustic::kBoundaryNames, attribute("boundary"));
  c.padCells = int(h5.readInt64Attribute("/", "absorbing_width"));
  c.absorbing = parseSides(h5.readStringAttribute("/", "absorbing_sides"));
  c.freeSurface = h5.readInt64Attribute("/", "free_surface") != 0;
  c.pmlReflection = h5.readDoubleAttribute("/", "pml_reflection");
  c.pmlFrequency = h5.readDoubleAttribute("/", "pml_frequency");
  c.wavelet = valueOf(h5.readStringAttribute("/", "wavelet"), acoustic::kWaveletNames, attribute("wavelet"));
  c.peakFrequency = h5.readDoubleAttribute("/", "peak_frequency");
  c.delay = h5.readDoubleAttribute("/", "wavelet_delay");
  c.waveletFile = h5.readStringAttribute("/", "wavelet_file");
  c.scaling = valueOf(h5.readStringAttribute("/", "source_scaling"), acoustic::kSourceScalingNames,
                      attribute("source_scaling"));
  c.sources = points(h5.readInt64VectorAttribute("/", "source_iz"), h5.readInt64VectorAttribute("/", "source_ix"));
  c.receivers = points(h5.readInt64VectorAttribute("/", "receiver_iz"), h5.readInt64VectorAttribute("/", "receiver_ix"));
  acoustic::validateAcousticConfig(c, p.truth);

  const Hdf5Array data = h5.readDatasetSlice("/data", index);
  require(data.shape.size() == 3 && data.shape[0] == c.sources.size() &&
              data.shape[1] == std::size_t(c.samplesPerTrace()) && data.shape[2] == c.receivers.size(),
          "'", survey.string(), "': /data does not match the acquisition in its attributes");
  p.observed = {int(data.shape[0]), int(data.shape[1]), int(data.shape[2]), data.data};
  return p;
}

}  // namespace pairinv::apps
