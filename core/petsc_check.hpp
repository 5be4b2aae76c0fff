// A throwing PETSc error check. PETSc's error handler is set (by PetscSession) to return codes
// quietly, so PAIRINV_PETSC(call) turns a failing call into a pairinv::PetscError that carries
// PETSc's own message and the call that failed.
#pragma once

#include <petscsys.h>

#include "core/error.hpp"

namespace pairinv {

class PetscError : public Error {
 public:
  using Error::Error;
};

/// Throws PetscError for a non-zero code; `call` and `where` go into the message.
void throwPetscError(PetscErrorCode code, const char* call, const char* file, int line);

}  // namespace pairinv

#define PAIRINV_PETSC(call)                                                          \
  do {                                                                               \
    const PetscErrorCode pairinv_petsc_code_ = (call);                               \
    if (pairinv_petsc_code_) ::pairinv::throwPetscError(pairinv_petsc_code_, #call, __FILE__, __LINE__); \
  } while (0)
