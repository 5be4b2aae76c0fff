#include "apps/sample_problem.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"
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
  return input.empty() || !fs::exists(input) ? Physics::Acoustic : surveyPhysicsOf(input);
}

std::unique_ptr<SampleProblem> SampleProblem::read(const fs::path& survey, std::size_t index) {
  return PhysicsApp::create(surveyPhysicsOf(survey))->readSample(survey, index);
}

FwiOptions readFwiOptions(MPI_Comm comm, Physics physics, bool stages) {
  FwiOptions o;
  PhysicsApp::create(physics)->readSampleFwiOptions(comm, stages, o);
  inversion::probeTaoOptions(comm);
  return o;
}

ModelQuality measureModel(inversion::LsiDataTerm& data, const Field2D& q, const Field2D& truth) {
  double solves = 0.0;
  const double j = data.objective(q, solves);
  return {std::sqrt(2.0 * j) / data.dataNorm(), data.modelError(q, truth)};
}

Field2D fieldOn(const Grid2D& grid, const double* values) {
  Field2D f(grid);
  f.values.assign(values, values + grid.size());
  return f;
}

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

}  // namespace pairinv::apps
