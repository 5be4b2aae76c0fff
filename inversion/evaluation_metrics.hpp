// Metrics of `pairinv evaluate` (apps/evaluate_command.cpp), PETSc- and LibTorch-free:
//
//   relativeModelError  |q - q_true| / |q_true|                 (Euclidean norms)
//   relativeDataMisfit  |d - b| / |b|                           (d = F(q) by the true PDE)
//   pearsonCorrelation  sample correlation coefficient (NaN when a vector is constant)
//   spearmanCorrelation Pearson correlation of the ranks (ties get their mean rank)
// SSIM: core/image_metrics.hpp; AUROC: core/roc.hpp.
#pragma once

#include <vector>

namespace pairinv::inversion {

double relativeModelError(const std::vector<double>& model, const std::vector<double>& truth);
double relativeDataMisfit(const std::vector<double>& predicted, const std::vector<double>& observed);
double pearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y);
double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace pairinv::inversion
