#include "learning/metrics.hpp"

#include "core/error.hpp"

namespace pairinv::learning {

namespace {
void checkPair(const torch::Tensor& a, const torch::Tensor& b) {
  require(a.sizes() == b.sizes() && a.dim() >= 2, "metrics: shapes ", a.sizes(), " and ", b.sizes(), " differ");
}
}  // namespace

torch::Tensor relativeError(const torch::Tensor& estimate, const torch::Tensor& truth) {
  checkPair(estimate, truth);
  const torch::Tensor d = (estimate - truth).flatten(1).norm(2, 1);
  return d / truth.flatten(1).norm(2, 1).clamp_min(1e-30);
}

torch::Tensor meanAbsoluteError(const torch::Tensor& estimate, const torch::Tensor& truth) {
  checkPair(estimate, truth);
  return (estimate - truth).abs().flatten(1).mean(1);
}

torch::Tensor rootMeanSquareError(const torch::Tensor& estimate, const torch::Tensor& truth) {
  checkPair(estimate, truth);
  return (estimate - truth).square().flatten(1).mean(1).sqrt();
}

}  // namespace pairinv::learning
