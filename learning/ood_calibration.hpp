// Quality scores of a learned estimate and the calibrated out-of-distribution (OOD) flag. No
// LibTorch here.
//
// Scores (large = suspicious), none of which needs a PDE solve:
//   rre              |D_b(M E_q(q_hat)) - b| / |b|      the method's relative residual estimate
//   rma              |D_q(E_q(q_hat)) - q_hat| / |q_hat| the method's model-autoencoder error
//   data_error       |D_b(E_b(b)) - b| / |b|            the data autoencoder's own residual
//   latent_distance  sqrt((z - m)^T C^-1 (z - m) / L)    z = E_b(b) against the training latents
//                                                       (mean m, shrunk covariance C, L = dim z)
//   pca_residual     the linear baseline's relative PCA residual of the raw data
//                                                       (linear_baseline.hpp)
// rre, rma and data_error are measured on the data the networks see (normalised), rma in
// physical model units.
//
// The flag combines chosen scores into one statistic calibrated on the validation split:
//   s_j -> z_j = (log s_j - median_j) / (1.4826 MAD_j)   median and MAD of log s_j on validation
//   T = max_j z_j,  flagged when T > tau,  tau = the (1 - fpr) quantile of T on validation,
// so that a fraction fpr of in-distribution samples is flagged (achieved on validation up to
// the quantile's interpolation; test data show the achieved rate).
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/roc.hpp"

namespace pairinv::learning {

// percentile, auroc and truePositiveRate live in core/roc.hpp.
using pairinv::auroc;
using pairinv::percentile;
using pairinv::truePositiveRate;

enum class QualityScore { Rre = 0, Rma, DataError, LatentDistance, PcaResidual };
inline constexpr std::size_t kQualityScoreCount = 5;

/// "rre", "rma", "data_error", "latent_distance", "pca_residual".
const char* qualityScoreName(QualityScore score);
/// All scores in their order.
std::array<QualityScore, kQualityScoreCount> allQualityScores();
/// Parses a comma-separated list of score names; InputError naming `option` and the choices.
std::vector<QualityScore> parseQualityScores(const std::string& list, const std::string& option);
/// "pca_residual,rre" for a list.
std::string qualityScoreList(const std::vector<QualityScore>& scores);

/// Per-sample values of every score (a score the network cannot compute stays empty).
struct ValidationMetrics {
  std::vector<double> rre, rma, dataError, latentDistance, pcaResidual;

  std::vector<double>& operator[](QualityScore s);
  const std::vector<double>& operator[](QualityScore s) const;
};

/// The method's own flag: RRE or RMA above its validation percentile.
struct OodThresholds {
  double percentile = 95.0;
  double rre = 0.0, rma = 0.0;

  bool flags(double rre, double rma) const { return rre > this->rre || rma > this->rma; }
};
OodThresholds calibrateOod(const ValidationMetrics& validation, double percentile);

/// The calibrated flag over chosen scores (see the top of this file).
struct OodDetector {
  std::vector<QualityScore> scores;
  std::vector<double> center, spread;  // median and 1.4826 MAD of log(score) on validation
  double threshold = 0.0;              // tau
  double fpr = 0.05;                   // the false-positive rate it was calibrated for

  /// T for one sample; `values[j]` is the value of scores[j].
  double statistic(const std::vector<double>& values) const;
  bool flags(const std::vector<double>& values) const { return statistic(values) > threshold; }
  /// "pca_residual at 5% validation false-positive rate (T > 1.83)".
  std::string describe() const;
};

/// InputError when a chosen score has no validation values (a run trained before the score
/// existed, or an architecture without it) or fpr is not in (0, 1).
OodDetector calibrateDetector(const ValidationMetrics& validation, const std::vector<QualityScore>& scores, double fpr);

/// Writes / reads RUN_DIR/calibration.csv: one column per score (nan where a score is missing),
/// one row per validation sample. Files of the older "rre,rma,data_error" layout still read.
void writeValidationMetrics(const std::filesystem::path& file, const ValidationMetrics& metrics);
ValidationMetrics readValidationMetrics(const std::filesystem::path& file);

}  // namespace pairinv::learning
