// Full-waveform inversion in 3D: the 2D FWI of acoustic_fwi.hpp (the same -fwi_ options, TAO
// driver, frequency stages, bounds, parametrisations, output and resuming) over a velocity
// volume, with the exact adjoint of solvers/acoustic3d (binomial checkpointing). Iterates go
// out as iterations/model_NNNN.vti volumes in models.pvd; models.png shows the x-z section
// through the middle of y.
#pragma once

#include <mpi.h>

#include "inversion/acoustic_fwi.hpp"
#include "solvers/acoustic3d/simulation3d.hpp"

namespace pairinv::inversion {

struct Fwi3DProblem {
  acoustic3d::Acoustic3DConfig config;  // validated; the acquisition of `observed`
  acoustic::ShotGathers observed;       // full data on every rank
  Field3D initial;                      // starting velocity
  const Field3D* truth = nullptr;       // for the model error, when known
};

/// Runs (or resumes) the inversion and returns the final velocity on every rank.
Field3D runAcousticFwi3D(MPI_Comm comm, const FwiSettings& settings, const Fwi3DProblem& problem);

}  // namespace pairinv::inversion
