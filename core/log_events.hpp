// PETSc log events of pairinv's work, so that -log_view says where the time goes: wave
// propagation forward and adjoint, checkpoint recomputation, EM factorisation and solves, the
// learned decoder's forward and backward passes in LSI, training's phases (reading samples, the
// networks' forward and backward passes, optimiser steps, validation), and output. Each command also runs
// in its own log stage ("pairinv forward", ...; core/petsc_program.cpp).
//
//   { LogEvent e(Event::AcousticForward);  ... }   // timed between construction and destruction
//
// Registered under the class "pairinv"; with logging off the cost is a branch.
#pragma once

#include <petscsys.h>

namespace pairinv {

enum class Event {
  AcousticForward,      // time stepping of the wave equation (data, or the gradient's forward pass)
  AcousticAdjoint,      // the adjoint (backward) time stepping of a gradient
  CheckpointRecompute,  // forward steps recomputed from a checkpoint during the adjoint
  EmFactorise,          // sparse LU of the EM system, one per frequency
  EmSolve,              // forward and adjoint EM solves with a factorisation
  NetworkForward,       // the learned decoder D_q(z) (LSI); the networks' losses (training)
  NetworkBackward,      // its vector-Jacobian product (LSI's gradient); backpropagation (training)
  Output,               // writing iterates, state, figures, data and checkpoints
  ReadSamples,          // training: waiting for the next batch of survey samples
  OptimizerStep,        // training: the optimiser's update of the weights
  Validation,           // training: the validation pass of an epoch
  GradientAllReduce,    // data-parallel training: summing the gradients over the ranks
  Count
};

/// The PETSc event of `e`. All are registered on the first call, which PetscSession makes on
/// every rank right after PetscInitialize, so that the ranks agree on the events' numbers.
PetscLogEvent logEvent(Event e);

class LogEvent {
 public:
  explicit LogEvent(Event e) : event_(logEvent(e)) { PetscLogEventBegin(event_, 0, 0, 0, 0); }
  ~LogEvent() { PetscLogEventEnd(event_, 0, 0, 0, 0); }
  LogEvent(const LogEvent&) = delete;
  LogEvent& operator=(const LogEvent&) = delete;

 private:
  PetscLogEvent event_;
};

}  // namespace pairinv
