#include "learning/metrics.hpp"

#include <torch/nn/functional/conv.h>

#include "core/error.hpp"

namespace F = torch::nn::functional;

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

torch::Tensor structuralSimilarity(const torch::Tensor& x, const torch::Tensor& y, std::int64_t window, double sigma) {
  checkPair(x, y);
  require(x.dim() == 4 && x.size(1) == 1, "SSIM: expected images [B, 1, H, W], got ", x.sizes());
  const auto opts = torch::TensorOptions().dtype(x.dtype()).device(x.device());
  torch::Tensor g = torch::arange(window, opts) - double(window / 2);
  g = torch::exp(-g.square() / (2 * sigma * sigma));
  g = g / g.sum();
  const torch::Tensor w = g.unsqueeze(1).matmul(g.unsqueeze(0)).view({1, 1, window, window});
  auto filter = [&](const torch::Tensor& t) { return F::conv2d(t, w, F::Conv2dFuncOptions().padding(window / 2)); };
  const torch::Tensor mx = filter(x), my = filter(y);
  const torch::Tensor sxx = filter(x * x) - mx * mx, syy = filter(y * y) - my * my, sxy = filter(x * y) - mx * my;
  const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
  const torch::Tensor map = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2));
  return map.flatten(1).mean(1);
}

}  // namespace pairinv::learning
