// The one body of `pairinv evaluate` for every physics (apps/sample_problem.hpp), in steps:
//
//   1. the methods table on the first K in-distribution test samples: the PAE estimate, LSI, LSI +
//      polish, FWI with LSI's budget of PDE solves and FWI with a large budget (both from what a
//      survey would know), the end-to-end network and the linear baseline (PCA + ridge);
//   2. detection: every quality score and the calibrated flag of the PAE estimates of the test
//      set and of each OOD set, with the estimates' true errors (one forward modelling each);
//   3. repair of flagged OOD samples: the estimate, LSI, LSI + polish, and FWI from the estimate
//      with the repair's PDE budget;
//   4. PDE solves to reach the converged FWI's misfit; 5. the report (inversion/evaluation_report.hpp).
#pragma once

#include <mpi.h>

#include <filesystem>
#include <vector>

#include "apps/sample_repair.hpp"

namespace pairinv::apps {

struct EvaluateSetup {
  std::filesystem::path run, baselineRun, input, output;
  std::vector<std::filesystem::path> ood;  // OOD sets (-ood, comma-separated)
  std::size_t samples = 4;                 // K: the first K samples of -input fill the methods table
  std::size_t metricSamples = 0;           // -evaluate_metric_samples (0: all of each set)
  std::size_t repairSamples = 4;           // flagged OOD samples to repair (-evaluate_repair_samples)
  int fwiIterations = 50;
  FwiStart fwiStart = FwiStart::Gradient;
  double smoothing = 100.0;  // -evaluate_fwi_smoothing, with FwiStart::Smooth
  RepairSettings repair;     // LSI, its polish (repair.lsi.polishIterations > 0 adds "LSI + polish")
  std::filesystem::path work() const { return output / "runs"; }
};

/// Checks the sets (sizes, physics, the run's model size) before writing, then evaluates.
void runEvaluation(MPI_Comm comm, const EvaluateSetup& setup);

}  // namespace pairinv::apps
