#include "learning/autoencoder.hpp"

namespace pairinv::learning {

AutoencoderImpl::AutoencoderImpl(Shape3 shape, const AutoencoderOptions& options)
    : shape_(shape), latent_(options.latent()) {
  encoder_ = register_module("encoder", ConvEncoder(shape, options));
  decoder_ = register_module("decoder", ConvDecoder(shape, options));
}

}  // namespace pairinv::learning
