// The linear baseline that a learned estimate has to beat, fitted on the training split of the
// same survey and stored with the run (RUN_DIR/linear_baseline.pt):
//
//   data      x = s b                         raw data at the run's time stride, one global scale
//                                             s = 1 / max |b| over the training samples
//   PCA       x ~ mu + V^T c,  c = V (x - mu) V [k, D]: the k leading principal directions of
//                                             the training data (the first `pcaSamples` of them)
//   ridge     q' ~ q0 + W^T c                 q' the model normalised as the networks see it
//                                             (normalization.hpp), W = (C^T C + lambda I)^-1 C^T (Q' - q0)
//                                             over every training sample; q' is clipped to
//                                             [-1, 1], the training models' range (as the
//                                             networks' tanh output is), so an estimate is
//                                             always a model the PDE can run on
//   residual  r(b) = |x - mu - V^T c| / |x|   the relative PCA reconstruction residual: an OOD
//                                             score that needs no network
//
// k and lambda are chosen on the validation split (the mean relative model error in physical
// units), never on the test split. lambda is searched relative to the largest eigenvalue of
// C^T C, so the grid does not depend on the data's units.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "learning/normalization.hpp"
#include "learning/sample_source.hpp"

namespace pairinv::learning {

struct LinearBaselineFit {
  std::int64_t components = 0;  // k
  double ridge = 0.0;           // lambda
  double relativeRidge = 0.0;   // lambda / largest eigenvalue of C^T C
  double validationModelError = 0.0;
  std::int64_t pcaSamples = 0, trainingSamples = 0;
};

class LinearBaseline {
 public:
  LinearBaseline() = default;

  /// q' (normalised models, [B, 1, nz, nx]) for raw data b [B, ns, nt, nr].
  torch::Tensor estimate(const torch::Tensor& rawData) const;
  /// The relative PCA residual of each sample of raw data b [B, ...] -> [B] (float64).
  torch::Tensor residual(const torch::Tensor& rawData) const;

  const LinearBaselineFit& fit() const { return fit_; }
  /// "PCA k + ridge lambda" for tables and logs.
  std::string describe() const;
  bool empty() const { return !components_.defined(); }

  void save(const std::filesystem::path& file) const;
  /// InputError naming the file when it is missing or not a baseline of a run with these shapes.
  static LinearBaseline load(const std::filesystem::path& file, Shape3 modelShape, Shape3 dataShape);

  /// Fits on `source` (raw samples; models normalised with `stats`). `componentChoices` and
  /// `relativeRidgeChoices` are the search grid; components above the PCA's rank are skipped.
  /// InputError without training or validation samples.
  static LinearBaseline fitOn(SampleSource& source, const Split& split, const NormalizationStats& stats,
                              std::int64_t pcaSamples, const std::vector<std::int64_t>& componentChoices,
                              const std::vector<double>& relativeRidgeChoices);

 private:
  torch::Tensor coefficients(const torch::Tensor& rawData) const;  // [B, k], float64

  double scale_ = 1.0;
  torch::Tensor mean_;        // [D] float64
  torch::Tensor components_;  // [k, D] float64, orthonormal rows
  torch::Tensor weights_;     // [k, M] float64
  torch::Tensor modelMean_;   // [M] float64
  Shape3 modelShape_{}, dataShape_{};
  LinearBaselineFit fit_;
};

/// RUN_DIR/linear_baseline.pt
std::filesystem::path linearBaselineFile(const std::filesystem::path& runDir);

/// The default search grid: 4 ... 256 components, lambda / lambda_max from 1e-8 to 1 in half decades.
std::vector<std::int64_t> defaultBaselineComponents();
std::vector<double> defaultBaselineRidges();

}  // namespace pairinv::learning
