#include "apps/physics.hpp"

#include "apps/acoustic/acoustic_physics.hpp"
#include "apps/em/em_physics.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "meshes/model_io.hpp"

namespace pairinv::apps {

std::unique_ptr<PhysicsApp> PhysicsApp::create(Physics physics) {
  if (physics == Physics::Em) return std::make_unique<EmPhysics>();
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

Field2D ModelArgument::read(const PhysicsApp& physics, bool help) const {
  const bool demo = file.empty() || (help && !std::filesystem::exists(file));
  return demo ? physics.demoModel() : readModel(file, dz, dx);
}

ModelArgument readModelArgument(OptionsBlock& opts, const PhysicsApp& physics, const char* name,
                                const std::string& help) {
  ModelArgument m;
  m.file = opts.string(name, concat(help, " (.npy, .h5, .vti; ", physics.quantity(), ", [nz, nx], row 0 at the "
                                    "top); empty: the built-in demo model").c_str(), "");
  m.dx = opts.real("-model_dx", "Horizontal cell size in m (.npy models)", physics.defaultCellSize(), 1e-9);
  m.dz = opts.real("-model_dz", "Vertical cell size in m (0: same as -model_dx)", 0.0, 0.0);
  if (m.dz == 0.0) m.dz = m.dx;
  return m;
}

}  // namespace pairinv::apps
