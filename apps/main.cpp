// pairinv: PDE solvers and paired autoencoders for inverse problems.
//
// Usage: pairinv COMMAND [options]      (pairinv COMMAND -help lists the command's options)
//
// Sample runs:
//   pairinv forward -output out/forward -acoustic_snapshot_every 50
//   pairinv forward -model model.npy -acoustic_preset openfwi -output out/openfwi
//   mpiexec -n 2 pairinv forward -acoustic_order 8 -acoustic_free_surface -output out/order8
//
// Steps: 1. take the command word off the argument list; 2. start PETSc and MPI;
// 3. run the command; errors print one message and exit non-zero (exit 2 for bad input).
#include <cstring>
#include <iostream>
#include <map>
#include <string>

#include "apps/commands.hpp"
#include "core/error.hpp"
#include "core/petsc_program.hpp"
#include "core/petsc_session.hpp"

namespace {

const char* kHelp =
    "pairinv: PDE solvers (PETSc) and paired autoencoders for inverse problems.\n"
    "Usage: pairinv COMMAND [options]; pairinv COMMAND -help lists that command's options.\n"
    "Commands:\n"
    "  forward   simulate data for a model: gathers (.npy, HDF5), VTK and PNG quick-looks\n"
    "  invert    latent-space inversion of a survey sample from the learned estimate (LSI)\n"
    "  repair    estimate a survey, flag the estimates that cannot be trusted, repair those by LSI\n"
    "  fwi       full-waveform inversion with TAO (L-BFGS), history and ParaView output\n"
    "  survey    make a training set of (model, data) pairs from a model family (HDF5, resumable)\n"
    "  openfwi   import OpenFWI .npy files into a survey file, or export one to .npy\n"
    "  train     train a paired autoencoder (or end-to-end baseline) on a survey (LibTorch)\n"
    "  estimate  learned and linear-baseline estimates, quality scores and the OOD flag from a trained run\n"
    "  evaluate  evaluation report: PAE, LSI, FWI, end-to-end and linear baselines; OOD detection; repair of flagged samples\n"
    "Options may also come from -options_file FILE or -options_file_yaml FILE.\n";

using Command = int (*)(const pairinv::PetscSession&);
const std::map<std::string, Command> kCommands = {
    {"forward", &pairinv::apps::runForward},
    {"fwi", &pairinv::apps::runFwi},
    {"invert", &pairinv::apps::runInvert},
    {"survey", &pairinv::apps::runSurvey},
    {"openfwi", &pairinv::apps::runOpenfwi},
    {"train", &pairinv::apps::runTrain},
    {"estimate", &pairinv::apps::runEstimate},
    {"evaluate", &pairinv::apps::runEvaluate},
    {"repair", &pairinv::apps::runRepair},
};

}  // namespace

int main(int argc, char** argv) {
  // 1. The command word.
  if (argc < 2 || std::strcmp(argv[1], "-help") == 0 || std::strcmp(argv[1], "--help") == 0 ||
      std::strcmp(argv[1], "-h") == 0) {
    std::cout << kHelp;
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
  const auto command = kCommands.find(name);
  if (command == kCommands.end()) {
    std::cerr << "pairinv: error: unknown command '" << name << "'\n" << kHelp;
    return 2;
  }
  for (int i = 1; i + 1 < argc; ++i) argv[i] = argv[i + 1];
  --argc;

  // 2. PETSc and MPI, then 3. the command; errors become the exit status (2: bad input).
  return pairinv::runPetscProgram(&argc, &argv, kHelp, "pairinv " + name, command->second);
}
