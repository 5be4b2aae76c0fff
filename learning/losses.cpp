#include "learning/losses.hpp"

#include "core/error.hpp"

namespace pairinv::learning {

const char* lossTermName(int term) {
  static const char* names[kLossTermCount] = {"rec_q", "rec_b", "fwd", "inv", "path_q", "path_b"};
  require(term >= 0 && term < kLossTermCount, "unknown loss term ", term);
  return names[term];
}

double lossWeight(const LossWeights& w, int term) {
  switch (term) {
    case kRecQ: return w.rec_q();
    case kRecB: return w.rec_b();
    case kFwd: return w.fwd();
    case kInv: return w.inv();
    case kPathQ: return w.path_q();
    case kPathB: return w.path_b();
    default: throw Error(concat("unknown loss term ", term));
  }
}

torch::Tensor meanSquaredError(const torch::Tensor& a, const torch::Tensor& b) { return torch::mse_loss(a, b); }

void combineLoss(LossTerms& loss, const LossWeights& weights) {
  torch::Tensor total;
  for (int t = 0; t < kLossTermCount; ++t) {
    const double w = lossWeight(weights, t);
    if (w == 0.0 || !loss.terms[t].defined()) continue;
    const torch::Tensor term = w == 1.0 ? loss.terms[t] : w * loss.terms[t];  // no multiply-by-one node
    total = total.defined() ? total + term : term;
  }
  require(total.defined(), "loss: no term with a non-zero weight was computed");
  loss.total = total;
}

}  // namespace pairinv::learning
