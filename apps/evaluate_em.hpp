// The EM table of `pairinv evaluate` (an EM test survey, physics em): rows PAE estimate, LSI
// (EmLsiData), LSI + polish (with -lsi_polish_iterations), EM FWI with LSI's budget, EM FWI with
// -evaluate_fwi_iterations, end-to-end baseline. Model error: RMS over the true model's earth
// cells of log10(sigma / sigma_true), in decades (as pairinv fwi -physics em); data misfit
// |F(sigma) - b| / |b| on the real data layout, by the EM solver on the survey's mesh for that
// sample; SSIM on log10 sigma over the same earth cells (the air is fixed and known), mapped from
// the evaluated true models' earth range to [0, 1]. The FWI rows start from a half-space of the
// geometric mean of the truth's earth under its air (emHalfSpaceStart, as pairinv fwi -physics em
// -fwi_initial halfspace) or, with -evaluate_fwi_start smooth, from the truth's earth ln sigma
// smoothed over -evaluate_fwi_smoothing metres (emSmoothStart).
#pragma once

#include <mpi.h>

#include "apps/evaluate_support.hpp"
#include "inversion/em_fwi.hpp"

namespace pairinv::apps {

void evaluateEm(MPI_Comm comm, const EvaluateSetup& setup, const inversion::EmFwiSettings& fwi);

}  // namespace pairinv::apps
