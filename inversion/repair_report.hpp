// The output of `pairinv repair` (apps/repair_command.cpp), PETSc- and LibTorch-free:
//
//   DIR/summary.csv  one row per repaired sample: sample, flag_statistic, then model_error and
//                    data_misfit of the learned estimate, of LSI and of the final model (after the
//                    polish, or LSI's), lsi_pde_solves, polish_pde_solves, seconds, then
//                    baseline_model_error and baseline_data_misfit of the run's linear
//                    baseline (NaN for a run without one); model errors are NaN for field
//                    data (a survey without /models)
//   DIR/report.md    the flag, the samples flagged and repaired, and a table of means
//                    (linear baseline, estimate, LSI, final) with the ratio of each to the
//                    estimate's
// Written atomically.
#pragma once

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace pairinv::inversion {

struct RepairRow {
  std::size_t sample = 0;
  double flagStatistic = 0.0;
  double estimateError = 0.0, estimateMisfit = 0.0;
  double lsiError = 0.0, lsiMisfit = 0.0;
  double finalError = 0.0, finalMisfit = 0.0;
  double lsiSolves = 0.0, polishSolves = 0.0, seconds = 0.0;
  double baselineError = NAN, baselineMisfit = NAN;  // the linear baseline's estimate

  static std::vector<std::string> columns();
  std::vector<double> values() const;
  static RepairRow fromValues(const std::vector<double>& v);
};

struct RepairSummary {
  std::string run, input, flag;  // the flag: OodDetector::describe()
  std::string baseline;           // the linear baseline (LinearBaseline::describe()); "": none
  std::string modelErrorDefinition = "relative model error |q - q_true| / |q_true|";
  bool truthKnown = true;  // false: field data (no true models; model errors are NaN, shown n/a)
  std::size_t samplesEstimated = 0, samplesFlagged = 0;
  int lsiIterations = 0, polishIterations = 0;
  double alpha = 0.0;
  std::vector<RepairRow> rows;
};

void writeRepairReport(const std::filesystem::path& dir, const RepairSummary& summary);

}  // namespace pairinv::inversion
