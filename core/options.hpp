// Options of one component, read from the PETSc options database (command line, -options_file,
// -options_file_yaml) under the component's prefix, the way PETSc's own *SetFromOptions do:
//
//   OptionsBlock opts(comm, "acoustic_", "Acoustic wave solver");
//   int order = opts.integer("-order", "Spatial order of accuracy (2, 4 or 8)", 4);
//
// reads -acoustic_order and makes -help list it with its help text and default. Values are
// validated here with messages that name the option and what is allowed.
#pragma once

#include <petscsys.h>

#include <string>
#include <vector>

namespace pairinv {

class OptionsBlock {
 public:
  OptionsBlock(MPI_Comm comm, const std::string& prefix, const std::string& title);
  OptionsBlock(const OptionsBlock&) = delete;
  OptionsBlock& operator=(const OptionsBlock&) = delete;
  ~OptionsBlock();  // ends the block; never throws

  PetscInt integer(const char* name, const char* help, PetscInt def,
                   PetscInt lo = PETSC_MIN_INT, PetscInt hi = PETSC_MAX_INT);
  PetscReal real(const char* name, const char* help, PetscReal def,
                 PetscReal lo = PETSC_MIN_REAL, PetscReal hi = PETSC_MAX_REAL);
  bool flag(const char* name, const char* help, bool def);
  std::string string(const char* name, const char* help, const std::string& def);
  /// One of `allowed`; anything else is an InputError listing the choices.
  std::string choice(const char* name, const char* help, const std::string& def,
                     const std::vector<std::string>& allowed);
  /// Comma-separated lists. An unset option returns `def`.
  std::vector<PetscReal> realList(const char* name, const char* help,
                                  const std::vector<PetscReal>& def, std::size_t maxCount = 4096);
  std::vector<PetscInt> intList(const char* name, const char* help,
                                const std::vector<PetscInt>& def, std::size_t maxCount = 4096);

  /// Whether the last option read was given by the user (not defaulted).
  bool lastWasSet() const { return lastSet_; }
  /// The full option name, e.g. "-acoustic_order", for messages.
  std::string fullName(const char* name) const;

 private:
  void requireListValue(const char* name) const;

  PetscOptionItems items_{};
  std::string prefix_;
  bool lastSet_ = false;
  bool ended_ = false;
};

/// Throws InputError naming every option given on the command line or in a file that no
/// component read (a misspelt or unknown option must not be silently ignored).
void rejectUnusedOptions();

}  // namespace pairinv
