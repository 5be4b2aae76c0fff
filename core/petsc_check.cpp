#include "core/petsc_check.hpp"

namespace pairinv {

void throwPetscError(PetscErrorCode code, const char* call, const char* file, int line) {
  const char* generic = nullptr;
  char* specific = nullptr;
  PetscErrorMessage(code, &generic, &specific);
  std::string message = concat("PETSc error ", int(code));
  if (generic) message += concat(" (", generic, ")");
  if (specific && *specific) message += concat(": ", specific);
  message += concat("\n  in ", call, " at ", file, ":", line);
  throw PetscError(message);
}

}  // namespace pairinv
