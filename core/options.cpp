#include "core/options.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <set>
#include <sstream>
#include <utility>

#include "core/petsc_check.hpp"

namespace pairinv {

namespace {

// A component's options are often read more than once in a run (every sample of a survey reads
// the acquisition); -help lists each block once, as PETSc's own blocks do.
bool firstHelpOf(const std::string& prefix, const std::string& title) {
  static std::mutex mutex;
  static std::set<std::pair<std::string, std::string>> printed;
  const std::lock_guard<std::mutex> lock(mutex);
  return printed.insert({prefix, title}).second;
}

template <class T>
std::string text(const T& value) {
  std::ostringstream s;
  s << value;
  return s.str();
}

template <class T>
std::string listText(const std::vector<T>& values) {
  std::string s;
  for (const T& v : values) s += (s.empty() ? "" : ",") + text(v);
  return s.empty() ? "none" : s;
}

}  // namespace

// PETSc returns these codes for a value it cannot parse ("1een" as a real, "maybe" as a flag,
// "4-" as an integer range, too many list entries): bad input, named as such, not an internal
// fault. (Found by fuzz/fuzz_options.cpp.)
void OptionsBlock::readValue(PetscErrorCode code, const char* name, const char* kind, const char* call) const {
  if (code == PETSC_ERR_ARG_OUTOFRANGE || code == PETSC_ERR_ARG_WRONG || code == PETSC_ERR_USER ||
      code == PETSC_ERR_ARG_SIZ) {
    char raw[PETSC_MAX_PATH_LEN] = {};
    PetscBool set = PETSC_FALSE;
    PetscOptionsGetString(nullptr, pre(), name, raw, sizeof(raw), &set);
    throw InputError(concat("option ", fullName(name), " = '", raw, "' is not ", kind));
  }
  if (code) throwPetscError(code, call, __FILE__, __LINE__);
}

OptionsBlock::OptionsBlock(MPI_Comm comm, const std::string& prefix, const std::string& title)
    : comm_(comm), prefix_(prefix) {
  PetscBool help = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsHasHelp(nullptr, &help));
  help_ = help && firstHelpOf(prefix_, title);
  if (help_) PAIRINV_PETSC((*PetscHelpPrintf)(comm_, "----------------------------------------\n%s:\n", title.c_str()));
}

std::string OptionsBlock::fullName(const char* name) const {
  return "-" + prefix_ + std::string(name + 1);
}

void OptionsBlock::printHelp(const char* name, const std::string& now, const std::string& def,
                             const char* help) const {
  if (!help_) return;
  PAIRINV_PETSC((*PetscHelpPrintf)(comm_, "  %s <now %s : default %s>: %s\n", fullName(name).c_str(), now.c_str(),
                                   def.c_str(), help));
}

PetscInt OptionsBlock::integer(const char* name, const char* help, PetscInt def, PetscInt lo,
                               PetscInt hi) {
  PetscInt value = def;
  PetscBool set = PETSC_FALSE;
  readValue(PetscOptionsGetInt(nullptr, pre(), name, &value, &set), name, "an integer", "PetscOptionsGetInt");
  printHelp(name, text(value), text(def), help);
  lastSet_ = set;
  require(value >= lo && value <= hi, "option ", fullName(name), " = ", value, " is out of range [",
          lo, ", ", hi, "]");
  return value;
}

PetscReal OptionsBlock::real(const char* name, const char* help, PetscReal def, PetscReal lo,
                             PetscReal hi) {
  PetscReal value = def;
  PetscBool set = PETSC_FALSE;
  readValue(PetscOptionsGetReal(nullptr, pre(), name, &value, &set), name, "a real number", "PetscOptionsGetReal");
  printHelp(name, text(value), text(def), help);
  lastSet_ = set;
  require(std::isfinite(value), "option ", fullName(name), " must be a finite number");
  require(value >= lo && value <= hi, "option ", fullName(name), " = ", value, " is out of range [",
          lo, ", ", hi, "]");
  return value;
}

bool OptionsBlock::flag(const char* name, const char* help, bool def) {
  PetscBool value = def ? PETSC_TRUE : PETSC_FALSE;
  PetscBool set = PETSC_FALSE;
  readValue(PetscOptionsGetBool(nullptr, pre(), name, &value, &set), name, "true or false", "PetscOptionsGetBool");
  printHelp(name, value ? "true" : "false", def ? "true" : "false", help);
  lastSet_ = set;
  return value;
}

std::string OptionsBlock::string(const char* name, const char* help, const std::string& def) {
  char buffer[PETSC_MAX_PATH_LEN] = {};
  PetscBool set = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsGetString(nullptr, pre(), name, buffer, sizeof(buffer), &set));
  const std::string value = set ? std::string(buffer) : def;
  printHelp(name, value.empty() ? "\"\"" : value, def.empty() ? "\"\"" : def, help);
  lastSet_ = set;
  return value;
}

std::string OptionsBlock::choice(const char* name, const char* help, const std::string& def,
                                 const std::vector<std::string>& allowed) {
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  const std::string helpText = concat(help, " (", list, ")");
  const std::string value = string(name, helpText.c_str(), def);
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
  readValue(PetscOptionsGetRealArray(nullptr, pre(), name, values.data(), &n, &set), name,
            "a comma-separated list of real numbers", "PetscOptionsGetRealArray");
  lastSet_ = set;
  values.resize(set ? std::size_t(n) : 0);
  printHelp(name, listText(set ? values : def), listText(def), help);
  if (!set) {
    requireListValue(name);
    return def;
  }
  for (PetscReal v : values) require(std::isfinite(v), "option ", fullName(name), " has a non-finite entry");
  return values;
}

std::vector<PetscInt> OptionsBlock::intList(const char* name, const char* help,
                                            const std::vector<PetscInt>& def, std::size_t maxCount) {
  std::vector<PetscInt> values(maxCount);
  PetscInt n = PetscInt(maxCount);
  PetscBool set = PETSC_FALSE;
  readValue(PetscOptionsGetIntArray(nullptr, pre(), name, values.data(), &n, &set), name,
            "a comma-separated list of integers", "PetscOptionsGetIntArray");
  lastSet_ = set;
  values.resize(set ? std::size_t(n) : 0);
  printHelp(name, listText(set ? values : def), listText(def), help);
  if (!set) {
    requireListValue(name);
    return def;
  }
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
