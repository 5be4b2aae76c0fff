// What the trainer and the estimators need of a learned inverse map b -> q: the loss terms on
// a batch and the estimate. Implemented by the paired autoencoder and by the end-to-end
// baseline. All tensors are normalised (normalization.hpp): q [B, 1, nz, nx], b [B, ns, nt, nr].
#pragma once

#include <torch/nn/module.h>

#include <memory>
#include <string>

#include "learning/losses.hpp"
#include "learning/options.hpp"
#include "learning/sample_source.hpp"

namespace pairinv::learning {

class PairedAutoencoderImpl;

class InverseNetworkImpl : public torch::nn::Module {
 public:
  /// Loss terms on a batch. With allTerms false only terms of non-zero weight are computed
  /// (training); with true every term the network has (validation, logging).
  virtual LossTerms losses(const torch::Tensor& q, const torch::Tensor& b, const LossWeights& weights,
                           bool allTerms) = 0;
  /// q_hat for data b.
  virtual torch::Tensor estimate(const torch::Tensor& b) = 0;
  /// "paired" or "end_to_end" (TrainRunOptions::architecture).
  virtual std::string architecture() const = 0;
  /// The paired autoencoders with their latent maps (what LSI, the least-squares maps and the
  /// RRE/RMA scores need); null for networks without them (the end-to-end baseline).
  virtual PairedAutoencoderImpl* paired() { return nullptr; }
};

/// The network of options.architecture() for the given shapes, with weights drawn from
/// LibTorch's generator (seed it first for reproducible weights).
std::shared_ptr<InverseNetworkImpl> makeInverseNetwork(const TrainRunOptions& options, Shape3 modelShape,
                                                       Shape3 dataShape);

}  // namespace pairinv::learning
