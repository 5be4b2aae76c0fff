#include "apps/physics.hpp"

#include <cmath>

#include "apps/acoustic/acoustic_physics.hpp"
#include "apps/acoustic3d/acoustic3d_physics.hpp"
#include "apps/em/em_physics.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/npy.hpp"
#include "meshes/model3d_io.hpp"
#include "meshes/model_io.hpp"

namespace pairinv::apps {

std::unique_ptr<PhysicsApp> PhysicsApp::create(Physics physics) {
  if (physics == Physics::Em) return std::make_unique<EmPhysics>();
  if (physics == Physics::Acoustic3D) return std::make_unique<Acoustic3DPhysics>();
  return std::make_unique<AcousticPhysics>();
}

std::optional<Physics> surveyPhysics(const std::filesystem::path& survey) {
  require(std::filesystem::exists(survey), "survey file '", survey.string(), "' does not exist");
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  require(h5.hasAttribute("/", "physics"), "'", survey.string(),
          "' is not a pairinv survey (no physics attribute; see docs/survey_format.md)");
  const std::string physics = h5.readStringAttribute("/", "physics");
  if (physics == "none") return std::nullopt;  // models only
  return valueOf(physics, kPhysicsNames, concat("the physics attribute of '", survey.string(), "'"));
}

ModelGrid gridOf(const Model& model) {
  if (const auto* f = std::get_if<Field3D>(&model)) return f->grid;
  return std::get<Field2D>(model).grid;
}

const Field2D& plane(const Model& model) {
  const auto* f = std::get_if<Field2D>(&model);
  ensure(f != nullptr, "a 3D model where a 2D one was expected");
  return *f;
}

const Field3D& volume(const Model& model) {
  const auto* f = std::get_if<Field3D>(&model);
  ensure(f != nullptr, "a 2D model where a 3D one was expected");
  return *f;
}

const Grid2D& planeGrid(const ModelGrid& grid) {
  const auto* g = std::get_if<Grid2D>(&grid);
  ensure(g != nullptr, "a 3D grid where a 2D one was expected");
  return *g;
}

const Grid3D& volumeGrid(const ModelGrid& grid) {
  const auto* g = std::get_if<Grid3D>(&grid);
  ensure(g != nullptr, "a 2D grid where a 3D one was expected");
  return *g;
}

std::string shapeText(const Model& model) {
  if (const auto* f = std::get_if<Field3D>(&model)) return concat(f->grid.nz, " x ", f->grid.ny, " x ", f->grid.nx);
  const Field2D& f = std::get<Field2D>(model);
  return concat(f.grid.nz, " x ", f.grid.nx);
}

void requireValidModel(const Model& model, const std::string& what) {
  const std::vector<double>& values = std::visit([](const auto& f) -> const std::vector<double>& { return f.values; },
                                                 model);
  for (std::size_t i = 0; i < values.size(); ++i)
    require(std::isfinite(values[i]) && values[i] > 0, what, " has the value ", values[i], " at index ", i,
            "; values must be positive and finite");
}

Model ModelArgument::read(MPI_Comm comm, const PhysicsApp& physics, bool help) const {
  const bool demo = file.empty() || (help && !std::filesystem::exists(file));
  if (demo) return physics.demoModel(comm);
  return readOther(physics, file);
}

Model ModelArgument::readOther(const PhysicsApp& physics, const std::string& other) const {
  if (physics.dimensions() == 3) return readModel3D(other, dz, dy, dx);
  const std::vector<std::size_t> shape = modelFileShape(other);
  require(!isShape3D(shape), "model file '", other, "' holds a 3D model of shape ", shapeString(shape), "; -physics ",
          physics.name(), " takes 2D models (nz, nx): use -physics acoustic3d for 3D acoustics");
  return readModel(other, dz, dx);
}

ModelArgument readModelArgument(OptionsBlock& opts, const PhysicsApp& physics, const char* name,
                                const std::string& help) {
  ModelArgument m;
  m.file = opts.string(name, concat(help, " (.npy, .h5, .vti; ", physics.quantity(), ", ",
                                    physics.dimensions() == 3 ? "[nz, ny, nx], plane 0" : "[nz, nx], row 0",
                                    " at the top); empty: the built-in demo model").c_str(), "");
  m.dx = opts.real("-model_dx", "Horizontal cell size in m (.npy models)", physics.defaultCellSize(), 1e-9);
  m.dy = opts.real("-model_dy", "Cell size along y in m (.npy models of 3D physics; 0: same as -model_dx)", 0.0, 0.0);
  require(physics.dimensions() == 3 || !opts.lastWasSet(), "-model_dy applies to 3D models (-physics acoustic3d); ",
          "-physics ", physics.name(), " takes 2D models");
  m.dz = opts.real("-model_dz", "Vertical cell size in m (0: same as -model_dx)", 0.0, 0.0);
  if (m.dz == 0.0) m.dz = m.dx;
  if (m.dy == 0.0) m.dy = m.dx;
  return m;
}

}  // namespace pairinv::apps
