// The subcommands of the `pairinv` program. Each reads its options from the PETSc options
// database, validates everything before writing anything, and throws on errors.
#pragma once

#include "core/petsc_session.hpp"

namespace pairinv::apps {

int runForward(const PetscSession& session);

}  // namespace pairinv::apps
