#include "core/petsc_session.hpp"

#include "core/log.hpp"
#include "core/petsc_check.hpp"

namespace pairinv {

PetscSession::PetscSession(int* argc, char*** argv, const char* help) {
  const PetscErrorCode code = PetscInitialize(argc, argv, nullptr, help);
  if (code) throw Error(concat("PetscInitialize failed with code ", int(code),
                               " (a malformed -options_file or -options_file_yaml?)"));
  PAIRINV_PETSC(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank_);
  MPI_Comm_size(PETSC_COMM_WORLD, &size_);
  setLogRoot(rank_ == 0);
  PetscBool hasHelp = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsHasHelp(nullptr, &hasHelp));
  help_ = hasHelp;
}

PetscSession::~PetscSession() {
  PetscPopErrorHandler();
  PetscFinalize();
}

}  // namespace pairinv
