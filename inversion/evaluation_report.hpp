// The output of `pairinv evaluate` (apps/evaluate_command.cpp), PETSc- and LibTorch-free:
//
//   DIR/report.md         the methods table (means over the evaluated samples), the detection
//                         table (the estimate's error on each set, the AUROC of every quality
//                         score and of the flag against the in-distribution set, the share each
//                         set gets flagged), the repair of flagged out-of-distribution samples,
//                         the scores' correlations with the true errors, links to the figures
//   DIR/methods.csv       method, samples, model_error, data_misfit, ssim, pde_solves, seconds,
//                         mae, rmse (means)
//   DIR/samples.csv       method, sample, and the same columns per sample
//   DIR/quality.csv       set, sample, every score, flag_statistic, flagged, model_error, data_misfit
//                         (of the PAE estimate)
//   DIR/correlations.csv  set, metric, against, samples, pearson, spearman
//   DIR/ood.csv           set, score, auroc, tpr_at_fpr (each OOD set against the in-distribution
//                         set; score "flag" is the calibrated flag's statistic)
//   DIR/flagged_repair.csv  method, set, sample, model_error, data_misfit, pde_solves, seconds
//   DIR/solves_to_fwi_misfit.csv  sample, target_misfit, path_final_misfit, path_solves,
//                         fwi_solves: PDE solves of LSI (+ polish) and of FWI to reach the long
//                         FWI's final misfit (only when computed: solves_to_misfit.hpp)
//   DIR/*.png             histograms of model error and data misfit per method, of each score per
//                         set; scatter plots of RRE, RMA and the PCA residual against the true
//                         model error
// Every file is written atomically.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "inversion/solves_to_misfit.hpp"

namespace pairinv::inversion {

/// One row of the methods table; the vectors hold one value per evaluated sample. mae and rmse
/// are OpenFWI's conventions (models mapped to [-1, 1]); empty where not computed.
struct MethodResults {
  std::string name;         // e.g. "PAE estimate", "LSI (10 it.)"
  std::string description;  // one line for the report
  std::vector<double> modelError, dataMisfit, ssim, pdeSolves, seconds, mae, rmse;
};

/// The PAE estimates of one data set with their quality scores and flag, and their true errors.
struct QualityResults {
  std::string name;  // "in-distribution" (the test set; the detection's negatives) or an OOD set's name
  std::vector<std::size_t> samples;
  std::vector<std::string> scoreNames;      // the scores the run computes
  std::vector<std::vector<double>> scores;  // one vector per name
  std::vector<double> flagStatistic, flagged;
  std::vector<double> modelError, dataMisfit;
  const std::vector<double>* score(const std::string& name) const;
};

/// The repair of flagged OOD samples: rows estimate, LSI, LSI + polish, FWI at the repair's PDE
/// budget from the same start; `sets` and `samples` name each sample's set and index.
struct FlaggedRepair {
  std::vector<std::string> sets;
  std::vector<std::size_t> samples;
  std::vector<MethodResults> rows;
  std::size_t flaggedCount = 0, oodCount = 0;  // over the OOD sets' metric samples
};

struct EvaluationResults {
  std::string title;                 // e.g. "pairinv evaluate: acoustic"
  std::vector<std::string> notes;    // bullet lines under the title (inputs, settings)
  /// What the model_error column measures (EM: RMS of log10(sigma / sigma_true) in decades).
  std::string modelErrorDefinition = "relative model error |q - q_true| / |q_true|";
  std::string modelErrorLabel = "relative model error";  // the same, short, for the figures' axes
  std::vector<std::size_t> samples;  // survey indices of the methods table's samples
  std::vector<MethodResults> methods;
  /// The in-distribution set first, then each OOD set.
  std::vector<QualityResults> quality;
  std::string flag;         // the calibrated flag, as learning describes it
  double flagFpr = 0.05;    // its validation false-positive rate (also the TPR's operating point)
  std::optional<FlaggedRepair> flaggedRepair;
  /// PDE solves to reach the converged FWI's misfit; unset: solvesToMisfitSkipped says why.
  std::optional<SolvesToMisfit> solvesToMisfit;
  std::string solvesToMisfitSkipped;
};

/// Writes report.md, the CSV tables and the PNG figures into `dir` (which must exist).
void writeEvaluationReport(const std::filesystem::path& dir, const EvaluationResults& results);

/// The mean of the finite values (NaN if there are none).
double finiteMean(const std::vector<double>& values);

}  // namespace pairinv::inversion
