// pairinv: PDE solvers and paired autoencoders for inverse problems.
//
// Usage: pairinv COMMAND [options]      (pairinv COMMAND -help lists the command's options;
//                                        pairinv -version prints the versions)
//
// Sample runs:
//   pairinv forward -output out/forward -acoustic_snapshot_every 50
//   pairinv forward -model model.npy -acoustic_preset openfwi -output out/openfwi
//   mpiexec -n 2 pairinv forward -acoustic_order 8 -acoustic_free_surface -output out/order8
//
// Steps: 1. take the command word off the argument list (a command with networks is handed to
// pairinv-learn, see apps/CMakeLists.txt); 2. start PETSc and MPI; 3. run the command; errors
// print one message and exit non-zero (exit 2 for bad input).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "core/error.hpp"
#include "core/petsc_program.hpp"
#include "core/petsc_session.hpp"

namespace {

using Command = int (*)(const pairinv::PetscSession&);
struct CommandEntry {
  const char* name;
  Command run;  // null: the command runs in pairinv-learn (apps/CMakeLists.txt)
  const char* summary;
};
#ifdef PAIRINV_ALL_COMMANDS
#define PAIRINV_LEARNING(command) &pairinv::apps::command
#else
#define PAIRINV_LEARNING(command) nullptr
#endif
const CommandEntry kCommands[] = {
    {"forward", &pairinv::apps::runForward, "simulate data for a model: gathers (.npy, HDF5, SEG-Y), VTK and figures"},
    {"invert", PAIRINV_LEARNING(runInvert),
     "latent-space inversion of a survey sample from the learned estimate (LSI)"},
    {"repair", PAIRINV_LEARNING(runRepair),
     "estimate a survey, flag the estimates that cannot be trusted, repair those by LSI"},
    {"fwi", &pairinv::apps::runFwi, "full-waveform inversion with TAO (L-BFGS), history and ParaView output"},
    {"survey", &pairinv::apps::runSurvey,
     "make a training set of (model, data) pairs from a model family (HDF5, resumable)"},
    {"openfwi", &pairinv::apps::runOpenfwi, "import OpenFWI .npy files into a survey file, or export one to .npy"},
    {"train", PAIRINV_LEARNING(runTrain),
     "train a paired autoencoder (or end-to-end baseline) on a survey (LibTorch)"},
    {"estimate", PAIRINV_LEARNING(runEstimate),
     "learned and linear-baseline estimates, quality scores and the OOD flag from a trained run"},
    {"evaluate", PAIRINV_LEARNING(runEvaluate),
     "evaluation report: PAE, LSI, FWI, end-to-end and linear baselines; OOD detection; repair of flagged samples"},
};
#undef PAIRINV_LEARNING

/// Runs the same command line in pairinv-learn, the program beside this one; returns only if
/// that fails (an installation fault: exit 1).
int handOverToLearningProgram(char** argv) {
  std::vector<char> self(4096, '\0');
  const ssize_t n = readlink("/proc/self/exe", self.data(), self.size() - 1);
  const std::filesystem::path learn =
      (n > 0 ? std::filesystem::path(self.data()).parent_path() : std::filesystem::path(".")) / "pairinv-learn";
  execv(learn.c_str(), argv);
  std::cerr << "pairinv: error: cannot run " << learn << " for 'pairinv " << argv[1] << "': " << std::strerror(errno)
            << " (it is built and installed with pairinv)\n";
  return 1;
}

std::string overview() {
  std::string text =
      "pairinv: PDE solvers (PETSc) and paired autoencoders for inverse problems.\n"
      "Usage: pairinv COMMAND [options]; pairinv COMMAND -help lists that command's options;\n"
      "pairinv -version prints the versions of pairinv and of the libraries it was built with.\n"
      "Commands:\n";
  for (const CommandEntry& c : kCommands) text += pairinv::concat("  ", c.name, std::string(10 - std::strlen(c.name), ' '), c.summary, "\n");
  return text + "Options may also come from -options_file FILE or -options_file_yaml FILE.\n";
}

/// The header of `pairinv COMMAND -help`, before the command's option blocks.
std::string commandHelp(const CommandEntry& c) {
  return pairinv::concat("pairinv ", c.name, ": ", c.summary, "\nUsage: pairinv ", c.name,
                         " [options]. Options by component, as -name <now VALUE : default VALUE>: meaning.\n"
                         "Options may also come from -options_file FILE or -options_file_yaml FILE (every output\n"
                         "holds an options.yaml that reruns it). PETSc's generic options: -help_petsc.\n");
}

bool isOneOf(const char* arg, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (std::strcmp(arg, n) == 0) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  // 1. The command word (or the overview, or the versions).
  if (argc < 2 || isOneOf(argv[1], {"-help", "--help", "-h"})) {
    std::cout << overview();
    return argc < 2 ? 2 : 0;
  }
  if (isOneOf(argv[1], {"-version", "--version"})) {
    std::cout << pairinv::apps::versionLine() << '\n';
    return 0;
  }
  const std::string name = argv[1];
  const CommandEntry* command = nullptr;
  for (const CommandEntry& c : kCommands)
    if (name == c.name) command = &c;
  if (command == nullptr) {
    std::cerr << "pairinv: error: unknown command '" << name << "'\n" << overview();
    return 2;
  }
  if (command->run == nullptr) return handOverToLearningProgram(argv);
  for (int i = 1; i + 1 < argc; ++i) argv[i] = argv[i + 1];
  --argc;

  // 2. PETSc and MPI, then 3. the command; errors become the exit status (2: bad input).
  const std::string help = commandHelp(*command);
  return pairinv::runPetscProgram(&argc, &argv, help.c_str(), "pairinv " + name, command->run);
}
