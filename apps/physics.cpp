#include "apps/physics.hpp"

#include "apps/acoustic/acoustic_physics.hpp"
#include "apps/em/em_physics.hpp"

namespace pairinv::apps {

std::unique_ptr<PhysicsApp> PhysicsApp::create(Physics physics) {
  if (physics == Physics::Em) return std::make_unique<EmPhysics>();
  return std::make_unique<AcousticPhysics>();
}

}  // namespace pairinv::apps
