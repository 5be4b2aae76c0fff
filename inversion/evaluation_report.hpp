// The output of `pairinv evaluate` (apps/evaluate_command.cpp), PETSc- and LibTorch-free:
//
//   DIR/report.md         the methods table (means over the evaluated samples), the quality
//                         metrics' correlations and OOD AUROC with their sample counts, links
//                         to the figures
//   DIR/methods.csv       method, samples, model_error, data_misfit, ssim, pde_solves, seconds (means)
//   DIR/samples.csv       method, sample, model_error, data_misfit, ssim, pde_solves, seconds
//   DIR/quality.csv       set, sample, rre, rma, model_error, data_misfit (of the PAE estimate)
//   DIR/correlations.csv  set, metric, against, samples, pearson, spearman
//   DIR/ood.csv           score, auroc (only with an OOD set)
//   DIR/solves_to_fwi_misfit.csv  sample, target_misfit, path_final_misfit, path_solves,
//                         fwi_solves: PDE solves of LSI (+ polish) and of FWI to reach the long
//                         FWI's final misfit (only when computed: solves_to_misfit.hpp)
//   DIR/*.png             histograms of model error and data misfit per method, of RRE and RMA
//                         per set; scatter plots of RRE and RMA against model error and data misfit
// Every file is written atomically.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "inversion/solves_to_misfit.hpp"

namespace pairinv::inversion {

/// One row of the methods table; the vectors hold one value per evaluated sample.
struct MethodResults {
  std::string name;         // e.g. "PAE estimate", "LSI (10 it.)"
  std::string description;  // one line for the report
  std::vector<double> modelError, dataMisfit, ssim, pdeSolves, seconds;
};

/// The PAE estimate's quality metrics against its true errors, on one data set.
struct QualityResults {
  std::string name;  // "in-distribution", "OOD" (the AUROC's positives: the set named "OOD")
  std::vector<std::size_t> samples;
  std::vector<double> rre, rma, modelError, dataMisfit;
};

struct EvaluationResults {
  std::string title;                 // e.g. "pairinv evaluate: acoustic"
  std::vector<std::string> notes;    // bullet lines under the title (inputs, settings)
  /// What the model_error column measures (EM: RMS of log10(sigma / sigma_true) in decades).
  std::string modelErrorDefinition = "relative model error |q - q_true| / |q_true|";
  std::vector<std::size_t> samples;  // survey indices of the methods table's samples
  std::vector<MethodResults> methods;
  std::vector<QualityResults> quality;
  bool hasOod = false;
  double aurocRre = 0, aurocRma = 0;  // OOD (positive) against in-distribution, when hasOod
  /// PDE solves to reach the converged FWI's misfit; unset: solvesToMisfitSkipped says why.
  std::optional<SolvesToMisfit> solvesToMisfit;
  std::string solvesToMisfitSkipped;
};

/// Writes report.md, the CSV tables and the PNG figures into `dir` (which must exist).
void writeEvaluationReport(const std::filesystem::path& dir, const EvaluationResults& results);

/// The mean of the finite values (NaN if there are none).
double finiteMean(const std::vector<double>& values);

}  // namespace pairinv::inversion
