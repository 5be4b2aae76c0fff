// The EM table of `pairinv evaluate` (an EM test survey, physics em): rows PAE estimate, LSI
// (EmLsiData), EM FWI with LSI's budget, EM FWI with -evaluate_fwi_iterations, end-to-end
// baseline. Model error: RMS over the true model's earth cells of log10(sigma / sigma_true), in
// decades (as pairinv fwi -physics em); data misfit |F(sigma) - b| / |b| on the real data layout,
// by the EM solver on the survey's mesh for that sample; SSIM on log10 sigma. FWI starts from the
// truth's earth ln sigma smoothed over -evaluate_fwi_smoothing metres (emSmoothStart).
#pragma once

#include <mpi.h>

#include "apps/evaluate_support.hpp"
#include "inversion/em_fwi.hpp"

namespace pairinv::apps {

void evaluateEm(MPI_Comm comm, const EvaluateSetup& setup, const inversion::EmFwiSettings& fwi);

}  // namespace pairinv::apps
