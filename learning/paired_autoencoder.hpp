// The paired autoencoder of docs/design.md: a model autoencoder (E_q, D_q), a data
// autoencoder (E_b, D_b) and linear latent maps M : z_q -> z_b, M_dag : z_b -> z_q.
//
//   estimate           q_hat = D_q(M_dag E_b(b))       (likelihood-free, no PDE solve)
//   surrogate forward  F(q) ~ D_b(M E_q(q))
//   RRE  = |D_b(M E_q(q_hat)) - b| / |b|              (normalised data space)
//   RMA  = |D_q(E_q(q_hat)) - q_hat| / |q_hat|        (physical model units)
//   data-autoencoder error = |D_b(E_b(b)) - b| / |b|  (normalised data space)
// Large RRE/RMA flag out-of-distribution data. RRE is measured on the normalised data the
// networks see, because undoing the log transform would let a few large samples dominate;
// RMA in physical units, because normalised models straddle zero.
#pragma once

#include "learning/autoencoder.hpp"
#include "learning/inverse_network.hpp"
#include "learning/latent_maps.hpp"
#include "learning/metrics.hpp"
#include "learning/normalization.hpp"

namespace pairinv::learning {

/// Estimates and quality metrics for a batch of (normalised) data; tensors per sample [B].
struct PairedAssessment {
  torch::Tensor estimate;   // q_hat, normalised [B, 1, nz, nx]
  torch::Tensor surrogate;  // D_b(M E_q(q_hat)), normalised [B, ns, nt, nr]
  torch::Tensor rre, rma, dataError;
  torch::Tensor latent;  // z_b = E_b(b) [B, latent]
};

class PairedAutoencoderImpl : public InverseNetworkImpl {
 public:
  PairedAutoencoderImpl(Shape3 modelShape, Shape3 dataShape, const AutoencoderOptions& model,
                        const AutoencoderOptions& data, bool mapBias = false);

  torch::Tensor encodeModel(const torch::Tensor& q) { return modelAe_->encode(q); }
  torch::Tensor decodeModel(const torch::Tensor& z) { return modelAe_->decode(z); }
  torch::Tensor encodeData(const torch::Tensor& b) { return dataAe_->encode(b); }
  torch::Tensor decodeData(const torch::Tensor& z) { return dataAe_->decode(z); }
  torch::Tensor mapForward(const torch::Tensor& zq) { return forwardMap_->forward(zq); }
  torch::Tensor mapInverse(const torch::Tensor& zb) { return inverseMap_->forward(zb); }

  /// D_q(M_dag E_b(b))
  torch::Tensor estimate(const torch::Tensor& b) override { return decodeModel(mapInverse(encodeData(b))); }
  /// D_b(M E_q(q))
  torch::Tensor surrogateForward(const torch::Tensor& q) { return decodeData(mapForward(encodeModel(q))); }

  LossTerms losses(const torch::Tensor& q, const torch::Tensor& b, const LossWeights& weights,
                   bool allTerms) override;
  std::string architecture() const override { return "paired"; }
  PairedAutoencoderImpl* paired() override { return this; }

  /// Sets M and M_dag to least-squares fits on encoded pairs zq [N, lq], zb [N, lb].
  void fitMaps(const torch::Tensor& zq, const torch::Tensor& zb, double rcond);
  void setMapsTrainable(bool trainable);
  /// The parameters of the two autoencoders (without the maps).
  std::vector<torch::Tensor> autoencoderParameters() const;
  std::vector<torch::Tensor> mapParameters() const;

  /// Estimate and quality metrics (no gradients); uses the network in its current mode, so
  /// call eval() first. `stats` puts RMA in physical units.
  PairedAssessment assess(const torch::Tensor& b, const NormalizationStats& stats);

  Autoencoder modelAutoencoder() const { return modelAe_; }
  Autoencoder dataAutoencoder() const { return dataAe_; }
  LatentMap forwardMap() const { return forwardMap_; }
  LatentMap inverseMap() const { return inverseMap_; }

 private:
  Autoencoder modelAe_{nullptr}, dataAe_{nullptr};
  LatentMap forwardMap_{nullptr}, inverseMap_{nullptr};
};
TORCH_MODULE(PairedAutoencoder);

}  // namespace pairinv::learning
