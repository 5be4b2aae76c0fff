#include "apps/command_record.hpp"

#include <petscsys.h>
#include <petscversion.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/petsc_check.hpp"
#include "pairinv_git_commit.h"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

/// A token of PetscOptionsGetAll's text that starts an option: "-name", not a negative number.
bool isKey(const std::string& token) {
  return token.size() > 1 && token[0] == '-' && !std::isdigit(static_cast<unsigned char>(token[1])) &&
         token[1] != '.';
}

std::string yamlQuoted(const std::string& value) {
  std::string q = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + '"';
}

}  // namespace

std::string versionLine() {
  return concat("pairinv ", PAIRINV_VERSION, " (git ", PAIRINV_GIT_COMMIT, "), PETSc ", PETSC_VERSION_MAJOR, ".",
                PETSC_VERSION_MINOR, ".", PETSC_VERSION_SUBMINOR, ", LibTorch ", PAIRINV_TORCH_VERSION, ", VTK ",
                PAIRINV_VTK_VERSION);
}

fs::path recordFile(const fs::path& output, bool outputIsFolder) {
  if (outputIsFolder) return output / "options.yaml";
  return output.parent_path() / (output.stem().string() + "_options.yaml");
}

std::string optionsAsYaml() {
  char* all = nullptr;
  PAIRINV_PETSC(PetscOptionsGetAll(nullptr, &all));
  std::istringstream in(all ? all : "");
  std::vector<std::string> tokens;
  for (std::string t; in >> t;) tokens.push_back(t);
  PAIRINV_PETSC(PetscFree(all));

  std::ostringstream yaml;
  for (std::size_t i = 0; i < tokens.size();) {
    const std::string key = tokens[i++].substr(1);
    std::string value;
    for (; i < tokens.size() && !isKey(tokens[i]); ++i) value += (value.empty() ? "" : " ") + tokens[i];
    if (key == "help" || key == "h" || key == "help_petsc" || key == "version") continue;
    yaml << key << ':' << (value.empty() ? "" : " " + yamlQuoted(value)) << '\n';
  }
  return yaml.str();
}

void writeCommandRecord(MPI_Comm comm, const std::string& command, const fs::path& output, bool outputIsFolder) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (rank != 0) return;
  const std::string options = optionsAsYaml();
  const fs::path file = recordFile(output, outputIsFolder);
  std::ostringstream text;
  text << "# " << versionLine() << "\n# ran in: " << fs::current_path().string() << "\n# rerun there: pairinv "
       << command << " -options_file_yaml " << file.string() << "\n" << options;
  writeAtomically(file, [&](const fs::path& tmp) {
    std::ofstream out(tmp);
    out << text.str();
    out.close();
    require(bool(out), "cannot write '", file.string(), "' (disk full?)");
  });
}

}  // namespace pairinv::apps
