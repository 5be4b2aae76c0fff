// Statistics of a score that separates two classes, PETSc- and LibTorch-free: the one home of
// percentiles, AUROC and true-positive rates for learning/ (the calibrated OOD flag) and
// inversion/ (the evaluation report).
//
//   percentile(v, p)          NumPy's default: linear interpolation between order statistics
//   auroc(neg, pos)           P(score_pos > score_neg) + P(equal) / 2, by ranks (Mann-Whitney U)
//   truePositiveRate(neg, pos, fpr)  the share of pos above the (1 - fpr) quantile of neg
#pragma once

#include <vector>

namespace pairinv {

/// The p-th percentile (0..100) of `values`. InputError if `values` is empty or p is outside.
double percentile(std::vector<double> values, double p);

/// Area under the ROC curve of a score meant to be larger on `positives` than on `negatives`.
/// 0.5: no separation. InputError if a class is empty.
double auroc(const std::vector<double>& negatives, const std::vector<double>& positives);

/// The fraction of `positives` above the threshold that flags a fraction `fpr` of `negatives`.
double truePositiveRate(const std::vector<double>& negatives, const std::vector<double>& positives, double fpr);

}  // namespace pairinv
