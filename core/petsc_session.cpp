#include "core/petsc_session.hpp"

#include <cstdlib>
#include <string>

#include "core/log.hpp"
#include "core/log_events.hpp"
#include "core/petsc_check.hpp"

namespace pairinv {

PetscSession::PetscSession(int* argc, char*** argv, const char* help) {
  // A process that no launcher started (no mpiexec variables) is an MPI singleton: Open MPI
  // need not start its runtime daemon nor probe network transports, which takes 0.4 s of a
  // short command's start. Settings already in the environment win.
  if (!std::getenv("OMPI_COMM_WORLD_SIZE") && !std::getenv("PMIX_RANK") && !std::getenv("PMI_RANK")) {
    setenv("OMPI_MCA_ess_singleton_isolated", "1", 0);
    setenv("OMPI_MCA_btl", "self,vader", 0);
    setenv("OMPI_MCA_pml", "ob1", 0);
  }
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
