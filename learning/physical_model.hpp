// Normalised models back to physical units in LibTorch (differentiable, for the decoder's
// vector-Jacobian product): u = s (x + 1) + umin, q = u ("linear") or q = 10^u ("log10"); see
// normalization.hpp.
#pragma once

#include <torch/torch.h>

#include "learning/normalization.hpp"

namespace pairinv::learning {

inline torch::Tensor physicalModel(const torch::Tensor& x, const NormalizationStats& stats) {
  const double s = stats.modelScale();
  const torch::Tensor u = x * s + (s + stats.model_min);
  return stats.model_log10 ? torch::pow(10.0, u) : u;
}

}  // namespace pairinv::learning
