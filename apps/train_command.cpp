// pairinv train: train a paired autoencoder (or the end-to-end baseline) on a survey file.
//
// Sample runs:
//   pairinv train -input survey.h5 -output runs/quick                      (quick-start preset, CPU)
//   pairinv train -input openfwi.h5 -output runs/gpu -pae_preset openfwi -pae_device cuda
//   pairinv train -input survey.h5 -output runs/e2e -pae_architecture end_to_end
//   pairinv train -input survey.h5 -output runs/quick -pae_epochs 60      (continues runs/quick)
//   mpiexec -n 4 pairinv train -input survey.h5 -output runs/dp           (data-parallel, 4 ranks)
//   mpiexec -n 2 pairinv train -input openfwi.h5 -output runs/gpus -pae_preset openfwi -pae_device cuda
//                                                                        (one GPU per rank)
// (tests/learning/train_smoke.cmake runs the first with the tiny preset; data_parallel.cmake
// compares 1 and 2 ranks.)
//
// Writes RUN_DIR/checkpoint.pt (every epoch; a rerun resumes it, on any number of ranks),
// best.pt, log.csv, options.txt, calibration.csv and summary.txt (learning/trainer.hpp).
// Under mpiexec the ranks split every batch and sum their gradients with MPI_Allreduce
// (core/mpi_collective.hpp); -pae_threads 0 shares a node's cores among its ranks.
#include <filesystem>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "core/error.hpp"

#ifdef PAIRINV_HAVE_LEARNING
#include "apps/pae_options.hpp"
#include "core/mpi_collective.hpp"
#include "core/options.hpp"
#include "core/log_events.hpp"
#include "learning/training_phases.hpp"
#include "learning/training_run.hpp"
#endif

namespace fs = std::filesystem;

namespace pairinv::apps {

#ifdef PAIRINV_HAVE_LEARNING
namespace {

/// Training's phases as pairinv's PETSc log events (core/log_events.hpp).
class PetscTrainingProfiler : public learning::PhaseProfiler {
 public:
  void begin(learning::TrainingPhase phase) override { PetscLogEventBegin(event(phase), 0, 0, 0, 0); }
  void end(learning::TrainingPhase phase) override { PetscLogEventEnd(event(phase), 0, 0, 0, 0); }

 private:
  static PetscLogEvent event(learning::TrainingPhase phase) {
    switch (phase) {
      case learning::TrainingPhase::ReadSamples: return logEvent(Event::ReadSamples);
      case learning::TrainingPhase::Forward: return logEvent(Event::NetworkForward);
      case learning::TrainingPhase::Backward: return logEvent(Event::NetworkBackward);
      case learning::TrainingPhase::OptimizerStep: return logEvent(Event::OptimizerStep);
      case learning::TrainingPhase::Validation: return logEvent(Event::Validation);
      case learning::TrainingPhase::AllReduce: return logEvent(Event::GradientAllReduce);
      case learning::TrainingPhase::Checkpoint: return logEvent(Event::Output);
    }
    return logEvent(Event::Output);
  }
};

/// Installs a profiler for the life of the object.
struct ProfilerInstalled {
  explicit ProfilerInstalled(learning::PhaseProfiler* p) { learning::setPhaseProfiler(p); }
  ~ProfilerInstalled() { learning::setPhaseProfiler(nullptr); }
  ProfilerInstalled(const ProfilerInstalled&) = delete;
  ProfilerInstalled& operator=(const ProfilerInstalled&) = delete;
};

}  // namespace
#endif

int runTrain(const PetscSession& session) {
#ifdef PAIRINV_HAVE_LEARNING
  // 1. Options: everything is read and checked before anything is written.
  fs::path input, output;
  {
    OptionsBlock opts(session.comm(), "", "pairinv train: train a paired autoencoder on a survey");
    input = opts.string("-input", "Survey file (HDF5: /models [N,1,nz,nx], /data [N,nshots,nsamples,nrec])", "");
    output = opts.string("-output", "Run folder (checkpoints, logs, the trained networks)", "out/train");
  }
  learning::TrainRunOptions options = readTrainOptions(session.comm());
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  require(!input.empty(), "-input SURVEY.h5 is required (a file made by pairinv survey or pairinv openfwi)");
  require(fs::exists(input), "-input: '", input.string(), "' does not exist");
  learning::validate(options);

  // 2. Training (progress lines per epoch; rank 0 writes the run folder as it goes), its
  //    phases timed as PETSc log events for -log_view; the ranks share every batch.
  PetscTrainingProfiler profiler;
  const ProfilerInstalled installed(&profiler);
  MpiCollective ranks(session.comm());
  learning::trainFromSurvey(input, output, options, ranks);
  writeCommandRecord(session.comm(), "train", output, true);
  return 0;
#else
  (void)session;
  throw InputError("pairinv was built without LibTorch (PAIRINV_WITH_TORCH=OFF): train is not available");
#endif
}

}  // namespace pairinv::apps
