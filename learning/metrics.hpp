// Per-sample error metrics on batches [B, ...] (tensors on any device; results [B] float).
//
//   relativeError : |x - y| / |y| (Frobenius norms over each sample)
//   MAE, RMSE     : mean |x - y| and sqrt(mean (x - y)^2)
// OpenFWI reports MAE and RMSE on models normalised to [-1, 1] and SSIM on (x + 1) / 2; the
// estimation code follows that convention (estimation_run.hpp) with core's one SSIM
// (core/image_metrics.hpp, data range [-1, 1]: the run's training range).
#pragma once

#include <torch/types.h>

namespace pairinv::learning {

torch::Tensor relativeError(const torch::Tensor& estimate, const torch::Tensor& truth);
torch::Tensor meanAbsoluteError(const torch::Tensor& estimate, const torch::Tensor& truth);
torch::Tensor rootMeanSquareError(const torch::Tensor& estimate, const torch::Tensor& truth);

}  // namespace pairinv::learning
