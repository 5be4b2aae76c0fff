// Options of one component, read from the PETSc options database (command line, -options_file,
// -options_file_yaml) under the component's prefix, the way PETSc's own *SetFromOptions do:
//
//   OptionsBlock opts(comm, "acoustic_", "Acoustic wave solver");
//   int order = opts.integer("-order", "Spatial order of accuracy (2, 4 or 8)", 4);
//
// reads -acoustic_order and makes -help list it with its help text, its value and its default.
// Values are validated here with messages that name the option and what is allowed. Built on
// PETSc's public PetscOptionsGet* and PetscOptionsHasHelp; the help text is printed here (once
// per prefix and title, on rank 0 of the communicator).
#pragma once

#include <petscsys.h>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"

namespace pairinv {

class OptionsBlock {
 public:
  OptionsBlock(MPI_Comm comm, const std::string& prefix, const std::string& title);
  OptionsBlock(const OptionsBlock&) = delete;
  OptionsBlock& operator=(const OptionsBlock&) = delete;
  ~OptionsBlock() = default;

  PetscInt integer(const char* name, const char* help, PetscInt def,
                   PetscInt lo = PETSC_MIN_INT, PetscInt hi = PETSC_MAX_INT);
  PetscReal real(const char* name, const char* help, PetscReal def,
                 PetscReal lo = PETSC_MIN_REAL, PetscReal hi = PETSC_MAX_REAL);
  bool flag(const char* name, const char* help, bool def);
  std::string string(const char* name, const char* help, const std::string& def);
  /// One of `allowed`; anything else is an InputError listing the choices.
  std::string choice(const char* name, const char* help, const std::string& def,
                     const std::vector<std::string>& allowed);
  /// One of the values of `names`, given by name.
  template <class E, class = std::enable_if_t<std::is_enum_v<E>>>
  E choice(const char* name, const char* help, E def, const EnumNames<E>& names) {
    std::vector<std::string> allowed;
    for (const auto& entry : names) allowed.push_back(entry.second);
    return valueOf(choice(name, help, nameOf(def, names), allowed), names, fullName(name));
  }
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
  /// Throws InputError naming the option for a value PETSc could not parse as `kind`, or
  /// PetscError for any other failure of `call`.
  void readValue(PetscErrorCode code, const char* name, const char* kind, const char* call) const;
  const char* pre() const { return prefix_.empty() ? nullptr : prefix_.c_str(); }
  /// Under -help, one line: "  -prefix_name <now VALUE : default DEFAULT>: help".
  void printHelp(const char* name, const std::string& now, const std::string& def, const char* help) const;

  MPI_Comm comm_;
  std::string prefix_;
  bool help_ = false;  // -help was given and this block's title has not been printed before
  bool lastSet_ = false;
};

/// Throws InputError naming every option given on the command line or in a file that no
/// component read (a misspelt or unknown option must not be silently ignored).
void rejectUnusedOptions();

}  // namespace pairinv
