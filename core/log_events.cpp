#include "core/log_events.hpp"

#include <array>

#include "core/petsc_check.hpp"

namespace pairinv {

PetscLogEvent logEvent(Event e) {
  constexpr std::size_t count = std::size_t(Event::Count);
  static const std::array<PetscLogEvent, count> events = [] {
    static const char* const names[count] = {
        "PIAcousticFwd", "PIAcousticAdj", "PICheckpointRecomp", "PIEmFactor",  "PIEmSolve", "PINetForward",
        "PINetBackward", "PIOutput",      "PIReadSamples",      "PIOptimStep", "PIValidation",
        "PIGradAllReduce"};
    PetscClassId id = 0;
    PAIRINV_PETSC(PetscClassIdRegister("pairinv", &id));
    std::array<PetscLogEvent, count> registered{};
    for (std::size_t k = 0; k < registered.size(); ++k) PAIRINV_PETSC(PetscLogEventRegister(names[k], id, &registered[k]));
    return registered;
  }();
  return events[std::size_t(e)];
}

}  // namespace pairinv
