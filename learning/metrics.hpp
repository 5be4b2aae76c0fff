// Per-sample error metrics on batches [B, ...] (tensors on any device; results [B] float).
//
//   relativeError : |x - y| / |y| (Frobenius norms over each sample)
//   MAE, RMSE     : mean |x - y| and sqrt(mean (x - y)^2)
//   SSIM          : structural similarity of images [B, 1, H, W] with values in [0, 1], Gaussian
//                   window 11, sigma 1.5, zero padding, mean over the map (the pytorch_ssim code
//                   that OpenFWI uses), C1 = 0.01^2, C2 = 0.03^2.
// OpenFWI reports MAE and RMSE on models normalised to [-1, 1] and SSIM on (x + 1) / 2; the
// estimation code follows that convention (estimation_run.hpp).
#pragma once

#include <torch/types.h>

namespace pairinv::learning {

torch::Tensor relativeError(const torch::Tensor& estimate, const torch::Tensor& truth);
torch::Tensor meanAbsoluteError(const torch::Tensor& estimate, const torch::Tensor& truth);
torch::Tensor rootMeanSquareError(const torch::Tensor& estimate, const torch::Tensor& truth);
torch::Tensor structuralSimilarity(const torch::Tensor& x, const torch::Tensor& y, std::int64_t window = 11,
                                   double sigma = 1.5);

}  // namespace pairinv::learning
