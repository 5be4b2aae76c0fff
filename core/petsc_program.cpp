#include "core/petsc_program.hpp"

#include <exception>
#include <iostream>

#include "core/error.hpp"
#include "core/petsc_check.hpp"

namespace pairinv {

int runPetscProgram(int* argc, char*** argv, const char* help, const std::string& name,
                    const std::function<int(const PetscSession&)>& program) {
  try {
    PetscSession session(argc, argv, help);  // outlives every PETSc object of the program
    try {
      // The command's own log stage, so that -log_view separates it from PETSc's start-up.
      PetscLogStage stage;
      PAIRINV_PETSC(PetscLogStageRegister(name.c_str(), &stage));
      PAIRINV_PETSC(PetscLogStagePush(stage));
      const int status = program(session);
      PAIRINV_PETSC(PetscLogStagePop());
      return status;
    } catch (const std::exception& e) {
      const bool input = dynamic_cast<const InputError*>(&e) != nullptr;
      if (session.rank() == 0 || !input) std::cerr << name << ": error: " << e.what() << std::endl;
      if (!input && session.size() > 1) MPI_Abort(session.comm(), 1);
      return input ? 2 : 1;
    }
  } catch (const std::exception& e) {
    std::cerr << name << ": error: " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace pairinv
