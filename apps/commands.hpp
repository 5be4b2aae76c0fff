// The subcommands of the `pairinv` program. Each reads its options from the PETSc options
// database, validates everything before writing anything, and throws on errors.
#pragma once

#include "core/petsc_session.hpp"

namespace pairinv::apps {

int runForward(const PetscSession& session);
int runFwi(const PetscSession& session);      // apps/fwi_command.cpp
int runInvert(const PetscSession& session);   // apps/invert_command.cpp
int runSurvey(const PetscSession& session);   // apps/survey_command.cpp
int runOpenfwi(const PetscSession& session);  // apps/openfwi_command.cpp
int runTrain(const PetscSession& session);    // apps/train_command.cpp
int runEstimate(const PetscSession& session); // apps/estimate_command.cpp
int runEvaluate(const PetscSession& session); // apps/evaluate_command.cpp
int runRepair(const PetscSession& session);   // apps/repair_command.cpp

}  // namespace pairinv::apps
