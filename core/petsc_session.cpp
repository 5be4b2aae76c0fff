#include "core/petsc_session.hpp"

#include <string>

#include "core/log.hpp"
#include "core/log_events.hpp"
#include "core/petsc_check.hpp"

namespace pairinv {

PetscSession::PetscSession(int* argc, char*** argv, const char* help) {
  // -help without -help_petsc is hidden from PetscInitialize, which would print PETSc's generic
  // options first, and set again right after it, so that every component lists its own.
  bool wantsHelp = false, petscHelp = false;
  for (int i = 0; i < *argc; ++i) {
    const std::string arg = (*argv)[i];
    wantsHelp = wantsHelp || arg == "-help" || arg == "-h" || arg == "--help";
    petscHelp = petscHelp || arg == "-help_petsc";
  }
  for (int i = 0; i < *argc; ++i) {
    const std::string arg = (*argv)[i];
    if (!(wantsHelp && !petscHelp && (arg == "-help" || arg == "-h" || arg == "--help"))) args_.push_back((*argv)[i]);
  }
  static char helpFlag[] = "-help";
  if (petscHelp && !wantsHelp) args_.push_back(helpFlag);
  args_.push_back(nullptr);
  *argc = int(args_.size()) - 1;
  *argv = args_.data();
  const PetscErrorCode code = PetscInitialize(argc, argv, nullptr, help);
  if (code) throw Error(concat("PetscInitialize failed with code ", int(code),
                               " (a malformed -options_file or -options_file_yaml?)"));
  PAIRINV_PETSC(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank_);
  MPI_Comm_size(PETSC_COMM_WORLD, &size_);
  setLogRoot(rank_ == 0);
  logEvent(Event::Output);  // registers pairinv's log events, in the same order on every rank
  if (wantsHelp && !petscHelp) {
    PAIRINV_PETSC(PetscOptionsSetValue(nullptr, "-help", nullptr));
    PAIRINV_PETSC(PetscPrintf(PETSC_COMM_WORLD, "%s", help));
  }
  PetscBool hasHelp = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsHasName(nullptr, nullptr, "-help_petsc", &hasHelp));  // marks it used
  PAIRINV_PETSC(PetscOptionsHasHelp(nullptr, &hasHelp));
  help_ = hasHelp;
}

PetscSession::~PetscSession() {
  PetscPopErrorHandler();
  PetscFinalize();
}

}  // namespace pairinv
