// The linear latent maps of the paired autoencoder: M : z_q -> z_b (forward, surrogate
// physics) and M_dag : z_b -> z_q (inverse). Each is a dense matrix (optionally with a bias),
// either trained with the networks or set from a least-squares fit (least_squares_maps.hpp).
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

namespace pairinv::learning {

class LatentMapImpl : public torch::nn::Module {
 public:
  LatentMapImpl(std::int64_t in, std::int64_t out, bool bias = false);
  /// z [B, in] -> [B, out]
  torch::Tensor forward(const torch::Tensor& z) { return linear_->forward(z); }
  /// The matrix [out, in].
  torch::Tensor weight() const { return linear_->weight; }
  /// Sets the matrix (and zeroes the bias); `w` is [out, in], any device or dtype.
  void setWeight(const torch::Tensor& w);
  /// Whether the optimiser may change the map.
  void setTrainable(bool trainable);

 private:
  torch::nn::Linear linear_{nullptr};
};
TORCH_MODULE(LatentMap);

}  // namespace pairinv::learning
