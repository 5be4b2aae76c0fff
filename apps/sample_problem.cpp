#include "apps/sample_problem.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/segy_file.hpp"
#include "core/survey_file.hpp"
#include "inversion/acoustic_fwi.hpp"
#include "inversion/em_fwi.hpp"
#include "inversion/tao_driver.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

Physics surveyPhysicsOf(const fs::path& survey) {
  const std::optional<Physics> physics = surveyPhysics(survey);
  require(physics.has_value(), "'", survey.string(), "' holds no data to invert (physics none: models only)");
  return *physics;
}

Physics inputPhysics(const fs::path& input) {
  if (input.empty() || !fs::exists(input) || isSegyFile(input)) return Physics::Acoustic;  // SEG-Y: seismic
  return surveyPhysicsOf(input);
}

std::unique_ptr<SampleProblem> SampleProblem::read(const fs::path& survey, std::size_t index) {
  readSurveyInfo(survey);  // shapes against the attributes, floating-point datasets
  return PhysicsApp::create(surveyPhysicsOf(survey))->readSample(survey, index);
}

FwiOptions readFwiOptions(MPI_Comm comm, Physics physics, bool stages) {
  FwiOptions o;
  PhysicsApp::create(physics)->readSampleFwiOptions(comm, stages, o);
  inversion::probeTaoOptions(comm);
  return o;
}

ModelQuality measureModel(inversion::LsiDataTerm& data, const Field2D& q, const Field2D* truth) {
  double solves = 0.0;
  const double j = data.objective(q, solves);
  return {std::sqrt(2.0 * j) / data.dataNorm(), truth ? data.modelError(q, *truth) : NAN};
}

const Field2D& SampleProblem::knownTruth() const {
  ensure(truth_.has_value(), "a sample without a true model where one is needed (unchecked at the door)");
  return *truth_;
}

Field2D fieldOn(const Grid2D& grid, const double* values) {
  Field2D f(grid);
  f.values.assign(values, values + grid.size());
  return f;
}

void requireFiniteSample(const std::vector<double>& values, const fs::path& survey, const std::string& dataset,
                         std::size_t index) {
  for (double v : values)
    require(std::isfinite(v), "'", survey.string(), "': ", dataset, " sample ", index, " holds ", v,
            " (every value must be finite)");
}

SurveyModel readSurveyModel(const Hdf5File& h5, const std::filesystem::path& survey, std::size_t index) {
  SurveyModel m;
  m.surveySize = std::size_t(h5.readInt64Attribute("/", "survey_size"));
  require(index < m.surveySize, "sample ", index, " is out of range: '", survey.string(), "' holds ", m.surveySize,
          " samples");
  Grid2D& g = m.grid;
  g.nz = int(h5.readInt64Attribute("/", "nz")), g.nx = int(h5.readInt64Attribute("/", "nx"));
  g.dz = h5.readDoubleAttribute("/", "dz"), g.dx = h5.readDoubleAttribute("/", "dx");
  require(g.nz > 0 && g.nx > 0 && g.dz > 0 && g.dx > 0, "'", survey.string(), "': the grid attributes nz, nx, dz, dx "
          "must be positive");
  if (!h5.hasDataset("/models")) return m;  // field data
  const Hdf5Array model = h5.readDatasetSlice("/models", index);
  require(model.data.size() == g.size(), "'", survey.string(), "': /models does not match nz x nx");
  requireFiniteSample(model.data, survey, "/models", index);
  m.truth = Field2D(g);
  m.truth->values = model.data;
  return m;
}

}  // namespace pairinv::apps
