// The terms of the training loss (docs/design.md), each a mean squared error over batch and
// elements, and their weighted sum. Names are the keys of the CSV log and of -pae_weight_*.
#pragma once

#include <torch/types.h>

#include <array>

#include "learning/options.hpp"

namespace pairinv::learning {

enum LossTerm : int { kRecQ = 0, kRecB, kFwd, kInv, kPathQ, kPathB, kLossTermCount };

/// "rec_q", "rec_b", "fwd", "inv", "path_q", "path_b"
const char* lossTermName(int term);
double lossWeight(const LossWeights& weights, int term);

struct LossTerms {
  /// Unweighted terms; undefined where not computed (zero weight while training).
  std::array<torch::Tensor, kLossTermCount> terms;
  /// sum of weight * term over the computed terms
  torch::Tensor total;
};

/// mean((a - b)^2)
torch::Tensor meanSquaredError(const torch::Tensor& a, const torch::Tensor& b);

/// Fills `total` from the terms and weights (terms with zero weight do not contribute).
void combineLoss(LossTerms& loss, const LossWeights& weights);

}  // namespace pairinv::learning
