// The acoustic table of `pairinv evaluate` (apps/evaluate_command.cpp reads the options): rows
// PAE estimate, LSI, LSI + polish (with -lsi_polish_iterations), FWI with LSI's budget, FWI with
// -evaluate_fwi_iterations per stage, end-to-end baseline. Model error |q - q_true| / |q_true|;
// data misfit |F(q) - b| / |b| with the survey's own acquisition; SSIM on velocities mapped from
// the evaluated true models' [min, max] to [0, 1]. The FWI rows start from the 1D linear velocity
// gradient between the true model's minimum and maximum (as pairinv fwi -fwi_initial gradient:
// one top and one bottom velocity, which a survey would know) or, with -evaluate_fwi_start
// smooth, from the true model smoothed over -evaluate_fwi_smoothing metres.
#pragma once

#include <mpi.h>

#include "apps/evaluate_support.hpp"
#include "inversion/acoustic_fwi.hpp"

namespace pairinv::apps {

void evaluateAcoustic(MPI_Comm comm, const EvaluateSetup& setup, const inversion::FwiSettings& fwi);

}  // namespace pairinv::apps
