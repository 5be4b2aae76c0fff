// Structural similarity (SSIM) of two model images, PETSc- and LibTorch-free: the one SSIM of
// pairinv, for `pairinv estimate` (estimates.h5), `pairinv evaluate` (report.md) and any caller.
//
// Convention (OpenFWI's, from the pytorch_ssim code it uses): both images are mapped from the
// data range [lo, hi] to [0, 1]; local means, variances and the covariance come from an 11 x 11
// Gaussian window (sigma 1.5, normalised) with zero padding at the borders; C1 = 0.01^2,
// C2 = 0.03^2; SSIM is the mean of the map over every cell. pairinv's callers use the run's
// training range of the model quantity as [lo, hi] (the networks' normalisation: velocity, or
// log10 conductivity), so a value does not depend on the test set it is part of.
//
// ssimMap gives the map itself; its mean over the cells at least 5 from every border is
// scikit-image's structural_similarity(x, y, gaussian_weights=True, sigma=1.5,
// use_sample_covariance=False, data_range=1) of the mapped images (tests/core/test_image_metrics).
#pragma once

#include <vector>

namespace pairinv {

/// The SSIM map of two nz x nx images (row-major) after mapping [lo, hi] to [0, 1]. InputError
/// when the sizes differ from nz * nx or hi <= lo.
std::vector<double> ssimMap(const std::vector<double>& a, const std::vector<double>& b, int nz, int nx, double lo,
                            double hi);

/// The mean of ssimMap.
double structuralSimilarity(const std::vector<double>& a, const std::vector<double>& b, int nz, int nx, double lo,
                            double hi);

}  // namespace pairinv
