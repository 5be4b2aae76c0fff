#include "learning/latent_maps.hpp"

#include <torch/nn/init.h>

#include "core/error.hpp"

namespace pairinv::learning {

LatentMapImpl::LatentMapImpl(std::int64_t in, std::int64_t out, bool bias) {
  linear_ = register_module("linear", torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(bias)));
}

void LatentMapImpl::setWeight(const torch::Tensor& w) {
  require(w.dim() == 2 && w.size(0) == linear_->weight.size(0) && w.size(1) == linear_->weight.size(1),
          "latent map: weight of shape ", w.sizes(), " does not fit ", linear_->weight.sizes());
  torch::NoGradGuard noGrad;
  linear_->weight.copy_(w);
  if (linear_->bias.defined()) linear_->bias.zero_();
}

void LatentMapImpl::setTrainable(bool trainable) {
  for (auto& p : parameters()) p.set_requires_grad(trainable);
}

}  // namespace pairinv::learning
