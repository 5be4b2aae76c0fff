// The body of a PETSc program's main() (the pairinv app and the benchmarks): exceptions in the
// library, one try/catch here, and the exit status scripts can rely on.
#pragma once

#include <functional>
#include <string>

#include "core/petsc_session.hpp"

namespace pairinv {

/// Opens the session, runs `program` and turns exceptions into the exit status, with the message
/// prefixed by `name`: 2 for bad input (InputError, found alike on every rank, so rank 0 reports
/// it), 1 for anything else (reported by the rank that hit it, then MPI_Abort: other ranks may be
/// stranded in a collective).
int runPetscProgram(int* argc, char*** argv, const char* help, const std::string& name,
                    const std::function<int(const PetscSession&)>& program);

}  // namespace pairinv
