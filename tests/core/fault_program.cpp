// A PETSc program for test_fault_abort: one rank fails while the others wait in a collective.
//   fault_program internal   rank 1 hits an internal fault (ensure), rank 0 is in MPI_Allreduce
//   fault_program input      every rank finds the same bad input (InputError)
// runPetscProgram must end the job: exit 1 with MPI_Abort for the fault, 2 for bad input.
#include <mpi.h>

#include <cstring>

#include "core/error.hpp"
#include "core/petsc_program.hpp"

int main(int argc, char** argv) {
  const bool internal = argc > 1 && std::strcmp(argv[1], "internal") == 0;
  return pairinv::runPetscProgram(&argc, &argv, "fault_program: see tests/core/test_fault_abort.cpp\n",
                                  "fault_program", [&](const pairinv::PetscSession& session) {
    if (!internal) throw pairinv::InputError("the same bad input on every rank");
    pairinv::ensure(session.rank() != 1, "a fault on rank 1 of ", session.size());
    double x = 1.0, sum = 0.0;
    MPI_Allreduce(&x, &sum, 1, MPI_DOUBLE, MPI_SUM, session.comm());  // rank 1 never arrives
    return 0;
  });
}
