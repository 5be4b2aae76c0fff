#include "learning/end_to_end.hpp"

namespace pairinv::learning {

EndToEndImpl::EndToEndImpl(Shape3 modelShape, Shape3 dataShape, const AutoencoderOptions& model,
                           const AutoencoderOptions& data) {
  AutoencoderOptions encoderOptions = data;
  encoderOptions.latent(model.latent());
  encoder_ = register_module("encoder", ConvEncoder(dataShape, encoderOptions));
  decoder_ = register_module("decoder", ConvDecoder(modelShape, model));
}

LossTerms EndToEndImpl::losses(const torch::Tensor& q, const torch::Tensor& b, const LossWeights& w, bool) {
  LossTerms loss;
  loss.terms[kPathQ] = meanSquaredError(estimate(b), q);
  combineLoss(loss, LossWeights().rec_q(0).rec_b(0).fwd(0).inv(0).path_q(w.path_q()).path_b(0));
  return loss;
}

}  // namespace pairinv::learning
