// The trained decoder of a paired autoencoder as the LatentModel of latent-space inversion:
// where the PDE gradient meets the network's vector-Jacobian product. Built with LibTorch only.
#pragma once

#include <filesystem>
#include <memory>

#include "inversion/latent_inversion.hpp"
#include "learning/latent_decoder.hpp"

namespace pairinv::inversion {

class LearnedLatentModel : public LatentModel {
 public:
  explicit LearnedLatentModel(std::unique_ptr<learning::LatentDecoder> decoder) : decoder_(std::move(decoder)) {}

  std::size_t latentSize() const override { return std::size_t(decoder_->latentSize()); }
  std::vector<double> decode(const std::vector<double>& z) const override { return decoder_->decode(z); }
  std::vector<double> vjp(const std::vector<double>& z, const std::vector<double>& g) const override {
    return decoder_->decoderVjp(z, g);
  }
  const learning::LatentDecoder& decoder() const { return *decoder_; }

 private:
  std::unique_ptr<learning::LatentDecoder> decoder_;
};

}  // namespace pairinv::inversion
