// Metrics of `pairinv evaluate` (apps/evaluate_command.cpp), PETSc- and LibTorch-free:
//
//   relativeModelError  |q - q_true| / |q_true|                 (Euclidean norms)
//   relativeDataMisfit  |d - b| / |b|                           (d = F(q) by the true PDE)
//   structuralSimilarity  SSIM of two nz x nx images, after mapping [lo, hi] to [0, 1]: Gaussian
//                       window 11, sigma 1.5, zero padding, mean over the map, C1 = 0.01^2,
//                       C2 = 0.03^2 (the pytorch_ssim code that OpenFWI uses; learning/metrics.hpp
//                       computes the same on tensors, but needs LibTorch headers)
//   maskedStructuralSimilarity  the same over the cells where `mask` is true only: cells outside
//                       the mask count as the zero padding beyond the image's border (they add
//                       nothing to the windows, whatever their values) and the mean runs over the
//                       mask. An all-true mask gives structuralSimilarity; a mask of the rows below
//                       a band of air rows gives the SSIM of those rows alone (the EM earth).
//   pearsonCorrelation  sample correlation coefficient (NaN when a vector is constant)
//   spearmanCorrelation Pearson correlation of the ranks (ties get their mean rank)
//   auroc               area under the ROC curve of `scores` for separating positives (label
//                       true) from negatives: the probability that a random positive scores above
//                       a random negative, ties counting one half (Mann-Whitney U / (n+ n-)).
#pragma once

#include <vector>

namespace pairinv::inversion {

double relativeModelError(const std::vector<double>& model, const std::vector<double>& truth);
double relativeDataMisfit(const std::vector<double>& predicted, const std::vector<double>& observed);
/// Throws InputError when the sizes differ from nz * nx or hi <= lo.
double structuralSimilarity(const std::vector<double>& a, const std::vector<double>& b, int nz, int nx, double lo,
                            double hi, int window = 11, double sigma = 1.5);
/// Throws InputError as structuralSimilarity, or when `mask` has another size or no true cell.
double maskedStructuralSimilarity(const std::vector<double>& a, const std::vector<double>& b,
                                  const std::vector<bool>& mask, int nz, int nx, double lo, double hi,
                                  int window = 11, double sigma = 1.5);
double pearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y);
double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);
/// NaN when there are no positives or no negatives.
double auroc(const std::vector<double>& scores, const std::vector<bool>& positive);

}  // namespace pairinv::inversion
