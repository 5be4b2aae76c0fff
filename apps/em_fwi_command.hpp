// `pairinv fwi -physics em`: model-space EM inversion of log-conductivity
// (apps/em_fwi_command.cpp). apps/fwi_command.cpp dispatches here when -physics em is given.
#pragma once

#include "core/petsc_session.hpp"

namespace pairinv::apps {

/// Runs the EM inversion command; returns the exit status (errors throw, as for every command).
int runEmFwiCommand(const PetscSession& session);

}  // namespace pairinv::apps
