// What the benchmarks share about options: a bench sets its solver's options itself, so a
// user-given one (still unused when the bench checks) would silently change a case.
#pragma once

#include <petscsys.h>

#include <cstring>
#include <string>

#include "core/error.hpp"
#include "core/petsc_check.hpp"

namespace pairinv::bench {

/// InputError naming every option given with `prefix` (e.g. "em_") that no component has read,
/// except those that also start with `allowed` (may be empty); `hint` ends the message.
inline void rejectSolverOptions(const char* prefix, const char* allowed, const char* hint) {
  PetscInt n = 0;
  char** names = nullptr;
  char** values = nullptr;
  PAIRINV_PETSC(PetscOptionsLeftGet(nullptr, &n, &names, &values));
  std::string found;
  for (PetscInt i = 0; i < n; ++i) {
    const bool ours = std::strncmp(names[i], prefix, std::strlen(prefix)) == 0;
    const bool passes = *allowed != '\0' && std::strncmp(names[i], allowed, std::strlen(allowed)) == 0;
    if (ours && !passes) found += concat(found.empty() ? "" : ", ", "-", names[i]);
  }
  PetscOptionsLeftRestore(nullptr, &n, &names, &values);
  require(found.empty(), "the bench sets the solver options itself; remove ", found, " (", hint, ")");
}

}  // namespace pairinv::bench
