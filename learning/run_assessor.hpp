// A trained run as estimates and quality scores see it: the network (paired or end-to-end),
// its record, and the parts fitted after training that some scores need, the linear baseline
// (RUN_DIR/linear_baseline.pt) and the training latents' statistics
// (RUN_DIR/latent_statistics.pt). One call gives, for a batch of normalised data, the learned
// estimate, the baseline's estimate and every quality score the run can compute
// (ood_calibration.hpp). Used by the trainer's calibration and by `pairinv estimate`.
#pragma once

#include <torch/types.h>

#include <array>
#include <filesystem>
#include <optional>

#include "learning/checkpoint.hpp"
#include "learning/latent_statistics.hpp"
#include "learning/linear_baseline.hpp"
#include "learning/ood_calibration.hpp"
#include "learning/paired_autoencoder.hpp"

namespace pairinv::learning {

struct BatchAssessment {
  torch::Tensor estimate;          // q_hat, normalised [B, 1, nz, nx]
  torch::Tensor surrogate;         // D_b(M E_q(q_hat)), normalised (paired networks only)
  torch::Tensor baselineEstimate;  // the linear baseline's, normalised (runs with a baseline)
  std::array<torch::Tensor, kQualityScoreCount> scores;  // [B] float64 on the CPU; undefined if unavailable
};

class RunAssessor {
 public:
  /// Loads RUN_DIR/best.pt and, when present, the baseline and latent statistics.
  RunAssessor(const std::filesystem::path& runDir, torch::Device device);
  /// A network already in memory (the trainer's best), with the run's fitted parts.
  RunAssessor(TrainedNetwork network, std::optional<LinearBaseline> baseline, std::optional<LatentStatistics> latent);

  /// No gradients; the network in eval mode.
  BatchAssessment assess(const torch::Tensor& normalisedData) const;

  const RunRecord& record() const { return trained_.record; }
  PairedAutoencoderImpl* paired() const { return paired_; }
  const InverseNetworkImpl& network() const { return *trained_.network; }
  const LinearBaseline* baseline() const { return baseline_ ? &*baseline_ : nullptr; }
  bool has(QualityScore score) const;
  /// The scores this run computes, in their order.
  std::vector<QualityScore> availableScores() const;

 private:
  TrainedNetwork trained_;
  PairedAutoencoderImpl* paired_ = nullptr;
  std::optional<LinearBaseline> baseline_;
  std::optional<LatentStatistics> latent_;
};

/// The run's OOD flag calibrated on its validation scores (RUN_DIR/calibration.csv): at `scores`
/// (comma-separated names; empty: those chosen at training) and false-positive rate `fpr` (0: the
/// training's). InputError for a score the run cannot compute.
OodDetector calibratedFlag(const RunAssessor& run, const std::filesystem::path& runDir, const std::string& scores,
                           double fpr);

}  // namespace pairinv::learning
