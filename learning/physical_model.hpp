// Normalised models and data back to physical units in LibTorch (models differentiably, for the
// decoder's vector-Jacobian product): u = s (x + 1) + umin, q = u ("linear") or q = 10^u
// ("log10"); data t = (x + 1) (tmax - tmin) / 2 + tmin, b = sign(t) expm1(|t|) / k (log
// transforms) or b = t. See normalization.hpp.
#pragma once

#include <torch/torch.h>

#include "learning/normalization.hpp"

namespace pairinv::learning {

inline torch::Tensor physicalModel(const torch::Tensor& x, const NormalizationStats& stats) {
  const double s = stats.modelScale();
  const torch::Tensor u = x * s + (s + stats.model_min);
  return stats.model_log10 ? torch::pow(10.0, u) : u;
}

/// x holds whole samples' data, sample-major (any shape): per-channel ranges repeat per sample.
inline torch::Tensor physicalData(const torch::Tensor& x, const NormalizationStats& stats) {
  torch::Tensor t;
  if (stats.perChannel()) {
    const auto channels = std::int64_t(stats.channel_min.size());
    const auto opts = torch::TensorOptions().dtype(torch::kFloat64).device(x.device());
    std::vector<double> half(stats.channel_min.size());
    for (std::size_t c = 0; c < half.size(); ++c)
      half[c] = 0.5 * stats.dataRangeAt(c * std::size_t(stats.channel_size));
    const torch::Tensor lo = torch::tensor(stats.channel_min, opts).view({1, channels, 1});
    const torch::Tensor a = torch::tensor(half, opts).view({1, channels, 1});
    t = ((x.to(torch::kFloat64).reshape({-1, channels, stats.channel_size}) + 1.0) * a + lo).reshape(x.sizes());
  } else {
    t = (x.to(torch::kFloat64) + 1.0) * (0.5 * stats.dataRange()) + stats.data_min;
  }
  return stats.data_log ? torch::sign(t) * torch::expm1(t.abs()) / stats.log_scale : t;
}

}  // namespace pairinv::learning
