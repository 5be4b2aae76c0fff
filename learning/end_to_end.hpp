// The end-to-end baseline: an InversionNet-style encoder-decoder b -> q built from the same
// blocks as the paired autoencoder (the data encoder, a latent bottleneck of the model's
// latent size, the model decoder), trained on |q_hat - q|^2 (the path_q loss term).
#pragma once

#include "learning/conv_blocks.hpp"
#include "learning/inverse_network.hpp"

namespace pairinv::learning {

class EndToEndImpl : public InverseNetworkImpl {
 public:
  EndToEndImpl(Shape3 modelShape, Shape3 dataShape, const AutoencoderOptions& model, const AutoencoderOptions& data);
  torch::Tensor estimate(const torch::Tensor& b) override { return decoder_->forward(encoder_->forward(b)); }
  LossTerms losses(const torch::Tensor& q, const torch::Tensor& b, const LossWeights& weights,
                   bool allTerms) override;
  std::string architecture() const override { return "end_to_end"; }

 private:
  ConvEncoder encoder_{nullptr};
  ConvDecoder decoder_{nullptr};
};
TORCH_MODULE(EndToEnd);

}  // namespace pairinv::learning
