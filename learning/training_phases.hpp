// Where training's time goes, for a profiler that the caller plugs in: `pairinv train` maps the
// phases to PETSc log events (apps/train_command.cpp), so that -log_view shows them beside the
// PDE solvers'. PETSc-free: without a profiler a phase costs a branch.
//
//   { PhaseScope p(TrainingPhase::Forward);  ... }   // timed between construction and destruction
#pragma once

namespace pairinv::learning {

enum class TrainingPhase {
  ReadSamples,    // waiting for the next batch of samples (survey I/O, normalisation)
  Forward,        // the networks' forward pass and losses
  Backward,       // backpropagation
  OptimizerStep,  // the optimiser's update
  Validation,     // an epoch's validation pass
  AllReduce,      // data-parallel training: summing the gradients over the ranks
  Checkpoint,     // writing the checkpoint, the best network and the log
};

class PhaseProfiler {
 public:
  virtual ~PhaseProfiler() = default;
  virtual void begin(TrainingPhase phase) = 0;
  virtual void end(TrainingPhase phase) = 0;
};

/// The process's profiler (nullptr: none). The caller keeps it alive while training runs.
void setPhaseProfiler(PhaseProfiler* profiler);
PhaseProfiler* phaseProfiler();

class PhaseScope {
 public:
  explicit PhaseScope(TrainingPhase phase) : phase_(phase), profiler_(phaseProfiler()) {
    if (profiler_) profiler_->begin(phase_);
  }
  ~PhaseScope() {
    if (profiler_) profiler_->end(phase_);
  }
  PhaseScope(const PhaseScope&) = delete;
  PhaseScope& operator=(const PhaseScope&) = delete;

 private:
  TrainingPhase phase_;
  PhaseProfiler* profiler_;
};

}  // namespace pairinv::learning
