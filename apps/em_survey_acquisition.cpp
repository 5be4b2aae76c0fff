#include "apps/em_survey_acquisition.hpp"

#include "apps/survey_acquisition.hpp"

#include "core/error.hpp"
#include "core/hdf5_io.hpp"

namespace pairinv::apps {

namespace {

std::vector<em::Point> points(const std::vector<double>& x, const std::vector<double>& z) {
  std::vector<em::Point> p;
  for (std::size_t i = 0; i < x.size() && i < z.size(); ++i) p.push_back({x[i], z[i]});
  return p;
}

template <typename T>
T parseName(const std::string& text, const std::vector<std::pair<const char*, T>>& names, const char* attribute,
            const std::filesystem::path& survey) {
  for (const auto& [name, value] : names)
    if (text == name) return value;
  throw InputError(concat("'", survey.string(), "': unknown ", attribute, " '", text, "'"));
}

}  // namespace

std::string surveyPhysics(const std::filesystem::path& survey) {
  require(std::filesystem::exists(survey), "survey file '", survey.string(), "' does not exist");
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  require(h5.hasAttribute("/", "physics"), "'", survey.string(),
          "' is not a pairinv survey (no physics attribute; see docs/survey_format.md)");
  return h5.readStringAttribute("/", "physics");
}

EmSurveySampleProblem readEmSurveySample(const std::filesystem::path& survey, std::size_t index) {
  require(surveyPhysics(survey) == "em", "'", survey.string(), "' is not an EM survey (physics em)");
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  require(h5.hasDataset("/data"), "'", survey.string(), "' holds no /data");
  EmSurveySampleProblem p;
  p.truth = readSurveyTruth(h5, survey, index, p.surveySize);

  em::EmConfig& c = p.config;
  c.frequencies = h5.readDoubleVectorAttribute("/", "frequencies");
  c.polarisation = parseName<em::Polarisation>(h5.readStringAttribute("/", "polarisation"),
                                               {{"e", em::Polarisation::E}, {"h", em::Polarisation::H}},
                                               "polarisation", survey);
  c.source = parseName<em::SourceKind>(h5.readStringAttribute("/", "source"),
                                       {{"mt", em::SourceKind::PlaneWave}, {"line", em::SourceKind::LineCurrent}},
                                       "source", survey);
  c.datum = parseName<em::DatumKind>(h5.readStringAttribute("/", "datum"),
                                     {{"field", em::DatumKind::Field}, {"impedance", em::DatumKind::Impedance}},
                                     "datum", survey);
  c.form = parseName<em::RealForm>(h5.readStringAttribute("/", "data_form"),
                                   {{"realimag", em::RealForm::RealImag}, {"logamp_phase", em::RealForm::LogAmpPhase}},
                                   "data_form", survey);
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
  const std::size_t nsrc = std::size_t(c.sourceCount()), nrec = c.receivers.size();
  require(data.shape.size() == 3 && data.shape[0] == 2 && data.shape[1] == c.frequencies.size() &&
              data.shape[2] == nsrc * nrec,
          "'", survey.string(), "': /data does not match the EM acquisition in its attributes");
  p.observed = data.data;  // [part][frequency][source * nrec + receiver] is the real layout
  return p;
}

}  // namespace pairinv::apps
