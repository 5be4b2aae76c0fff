// One autoencoder (encoder E, decoder D) for fields of shape [C, H, W]:
//   the model autoencoder (E_q, D_q) takes models [1, nz, nx];
//   the data autoencoder (E_b, D_b) takes seismic data [nshots, nt, nrec] (shots as channels,
//   as InversionNet does) or EM data laid out as [2 * nfrequencies (real, imaginary parts),
//   nsources, nreceivers]: any [C, H, W] layout works.
#pragma once

#include "learning/conv_blocks.hpp"

namespace pairinv::learning {

class AutoencoderImpl : public torch::nn::Module {
 public:
  AutoencoderImpl(Shape3 shape, const AutoencoderOptions& options);

  /// x [B, C, H, W] -> z [B, latent]
  torch::Tensor encode(const torch::Tensor& x) { return encoder_->forward(x); }
  /// z [B, latent] -> x [B, C, H, W]
  torch::Tensor decode(const torch::Tensor& z) { return decoder_->forward(z); }
  /// D(E(x))
  torch::Tensor forward(const torch::Tensor& x) { return decode(encode(x)); }

  Shape3 shape() const { return shape_; }
  std::int64_t latentSize() const { return latent_; }

 private:
  Shape3 shape_;
  std::int64_t latent_;
  ConvEncoder encoder_{nullptr};
  ConvDecoder decoder_{nullptr};
};
TORCH_MODULE(Autoencoder);

}  // namespace pairinv::learning
