// The PETSc (and MPI) session of a program: PetscInitialize in the constructor, PetscFinalize
// in the destructor. Also sets PETSc's error handler to return codes quietly, so that
// PAIRINV_PETSC can raise exceptions with PETSc's message, and makes only rank 0 log.
#pragma once

#include <petscsys.h>

namespace pairinv {

class PetscSession {
 public:
  /// `help` is printed by -help before the options of each component.
  PetscSession(int* argc, char*** argv, const char* help);
  PetscSession(const PetscSession&) = delete;
  PetscSession& operator=(const PetscSession&) = delete;
  ~PetscSession();

  MPI_Comm comm() const { return PETSC_COMM_WORLD; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// True when -help or -h was given: components print their options, then the app exits.
  bool helpRequested() const { return help_; }

 private:
  int rank_ = 0, size_ = 1;
  bool help_ = false;
};

}  // namespace pairinv
