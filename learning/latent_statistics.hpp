// Where the training data's latent vectors z_b = E_b(b) lie: their mean m and the inverse of
// their covariance C, shrunk towards a multiple of the identity so that it stays invertible
// with few samples per dimension,
//   C_shrunk = (1 - s) C + s (tr C / L) I,   s = 0.05,
// and the Mahalanobis distance of a latent vector from them, per dimension:
//   d(z) = sqrt((z - m)^T C_shrunk^-1 (z - m) / L),
// the quality score latent_distance (ood_calibration.hpp). Stored with the run
// (RUN_DIR/latent_statistics.pt).
#pragma once

#include <torch/types.h>

#include <filesystem>

namespace pairinv::learning {

class LatentStatistics {
 public:
  LatentStatistics() = default;
  /// From latent vectors z [N, L] (N >= 2).
  static LatentStatistics fit(const torch::Tensor& z);

  /// d(z) for z [B, L] -> [B] (float64, on the CPU).
  torch::Tensor distance(const torch::Tensor& z) const;
  bool empty() const { return !mean_.defined(); }

  void save(const std::filesystem::path& file) const;
  /// InputError naming the file when it is not a latent-statistics file of `latentSize`.
  static LatentStatistics load(const std::filesystem::path& file, std::int64_t latentSize);

 private:
  torch::Tensor mean_, precision_;  // [L], [L, L] float64
};

/// RUN_DIR/latent_statistics.pt
std::filesystem::path latentStatisticsFile(const std::filesystem::path& runDir);

}  // namespace pairinv::learning
