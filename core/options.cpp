#include "core/options.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/petsc_check.hpp"

namespace pairinv {

OptionsBlock::OptionsBlock(MPI_Comm comm, const std::string& prefix, const std::string& title)
    : prefix_(prefix) {
  // Mirrors PetscOptionsBegin(): one pass (count = 1) when options are not being published.
  std::memset(&items_, 0, sizeof(items_));
  items_.count = 1;
  PAIRINV_PETSC(PetscOptionsBegin_Private(&items_, comm, prefix_.empty() ? nullptr : prefix_.c_str(),
                                          title.c_str(), nullptr));
}

OptionsBlock::~OptionsBlock() {
  if (!ended_) PetscOptionsEnd_Private(&items_);
}

std::string OptionsBlock::fullName(const char* name) const {
  return "-" + prefix_ + std::string(name + 1);
}

PetscInt OptionsBlock::integer(const char* name, const char* help, PetscInt def, PetscInt lo,
                               PetscInt hi) {
  PetscInt value = def;
  PetscBool set = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsInt_Private(&items_, name, help, nullptr, def, &value, &set,
                                        PETSC_MIN_INT, PETSC_MAX_INT));
  lastSet_ = set;
  require(value >= lo && value <= hi, "option ", fullName(name), " = ", value, " is out of range [",
          lo, ", ", hi, "]");
  return value;
}

PetscReal OptionsBlock::real(const char* name, const char* help, PetscReal def, PetscReal lo,
                             PetscReal hi) {
  PetscReal value = def;
  PetscBool set = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsReal_Private(&items_, name, help, nullptr, def, &value, &set));
  lastSet_ = set;
  require(std::isfinite(value), "option ", fullName(name), " must be a finite number");
  require(value >= lo && value <= hi, "option ", fullName(name), " = ", value, " is out of range [",
          lo, ", ", hi, "]");
  return value;
}

bool OptionsBlock::flag(const char* name, const char* help, bool def) {
  PetscBool value = def ? PETSC_TRUE : PETSC_FALSE;
  PetscBool set = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsBool_Private(&items_, name, help, nullptr, value, &value, &set));
  lastSet_ = set;
  return value;
}

std::string OptionsBlock::string(const char* name, const char* help, const std::string& def) {
  char buffer[PETSC_MAX_PATH_LEN] = {};
  std::strncpy(buffer, def.c_str(), sizeof(buffer) - 1);
  PetscBool set = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsString_Private(&items_, name, help, nullptr, def.c_str(), buffer,
                                           sizeof(buffer), &set));
  lastSet_ = set;
  return buffer;
}

std::string OptionsBlock::choice(const char* name, const char* help, const std::string& def,
                                 const std::vector<std::string>& allowed) {
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  const std::string text = concat(help, " (", list, ")");
  const std::string value = string(name, text.c_str(), def);
  require(std::find(allowed.begin(), allowed.end(), value) != allowed.end(), "option ",
          fullName(name), " = '", value, "' is not one of: ", list);
  return value;
}

// PETSc reports a list option given without a value as "not set"; that must not fall back to
// the default silently.
void OptionsBlock::requireListValue(const char* name) const {
  PetscBool present = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsHasName(nullptr, nullptr, fullName(name).c_str(), &present));
  require(!present, "option ", fullName(name), " needs a comma-separated list of values");
}

std::vector<PetscReal> OptionsBlock::realList(const char* name, const char* help,
                                              const std::vector<PetscReal>& def,
                                              std::size_t maxCount) {
  std::vector<PetscReal> values(maxCount);
  PetscInt n = PetscInt(maxCount);
  PetscBool set = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsRealArray_Private(&items_, name, help, nullptr, values.data(), &n, &set));
  lastSet_ = set;
  if (!set) {
    requireListValue(name);
    return def;
  }
  values.resize(std::size_t(n));
  for (PetscReal v : values) require(std::isfinite(v), "option ", fullName(name), " has a non-finite entry");
  return values;
}

std::vector<PetscInt> OptionsBlock::intList(const char* name, const char* help,
                                            const std::vector<PetscInt>& def, std::size_t maxCount) {
  std::vector<PetscInt> values(maxCount);
  PetscInt n = PetscInt(maxCount);
  PetscBool set = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsIntArray_Private(&items_, name, help, nullptr, values.data(), &n, &set));
  lastSet_ = set;
  if (!set) {
    requireListValue(name);
    return def;
  }
  values.resize(std::size_t(n));
  return values;
}

void rejectUnusedOptions() {
  PetscInt n = 0;
  char** names = nullptr;
  char** values = nullptr;
  PAIRINV_PETSC(PetscOptionsLeftGet(nullptr, &n, &names, &values));
  std::string unused;
  for (PetscInt i = 0; i < n; ++i) unused += concat(unused.empty() ? "" : ", ", "-", names[i]);
  const PetscInt count = n;  // PetscOptionsLeftRestore resets n
  PetscOptionsLeftRestore(nullptr, &n, &names, &values);
  require(count == 0, "unknown or unused option", count > 1 ? "s " : " ", unused,
          " (run with -help to list the options of this command)");
}

}  // namespace pairinv
