// The PETSc (and MPI) session of a program: PetscInitialize in the constructor, PetscFinalize
// in the destructor. Also sets PETSc's error handler to return codes quietly, so that
// PAIRINV_PETSC can raise exceptions with PETSc's message, and makes only rank 0 log.
#pragma once

#include <petscsys.h>

#include <vector>

namespace pairinv {

class PetscSession {
 public:
  /// `help` is printed by -help (or -h) before the options of each component. PETSc's own
  /// generic list (about 60 options of every PETSc program) is printed only with -help_petsc.
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
  std::vector<char*> args_;  // argv as PETSc sees it (outlives PetscFinalize's use of it)
};

}  // namespace pairinv
