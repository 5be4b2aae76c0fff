// Out-of-distribution (OOD) flags from the cheap quality metrics (no PDE solve):
// thresholds are a chosen percentile of RRE and RMA over the validation set, and a sample is
// flagged when either of its metrics exceeds its threshold. No LibTorch here.
#pragma once

#include <filesystem>
#include <vector>

namespace pairinv::learning {

/// The p-th percentile (0..100) of `values`, linearly interpolated between order statistics
/// (NumPy's default). InputError if `values` is empty.
double percentile(std::vector<double> values, double p);

struct OodThresholds {
  double percentile = 95.0;
  double rre = 0.0, rma = 0.0;

  bool flags(double rre, double rma) const { return rre > this->rre || rma > this->rma; }
};

/// The validation metrics that thresholds are drawn from (stored in RUN_DIR/calibration.csv).
struct ValidationMetrics {
  std::vector<double> rre, rma, dataError;
};

OodThresholds calibrateOod(const ValidationMetrics& validation, double percentile);

/// Writes / reads RUN_DIR/calibration.csv: "rre,rma,data_error" per validation sample.
void writeValidationMetrics(const std::filesystem::path& file, const ValidationMetrics& metrics);
ValidationMetrics readValidationMetrics(const std::filesystem::path& file);

/// Area under the ROC curve of a score meant to be larger on `positives` (OOD) than on
/// `negatives` (in-distribution): P(score_pos > score_neg) + P(equal)/2. 0.5 = no separation.
double auroc(const std::vector<double>& negatives, const std::vector<double>& positives);

}  // namespace pairinv::learning
