// Convolutional building blocks shared by every network of learning/: the model and data
// autoencoders and the end-to-end baseline are all made of these.
//
//   ConvBlock   : conv 3x3 (stride 1 or 2 per axis) -> batch norm (optional; over every rank's
//                 batch in data-parallel training, data_parallel.hpp) -> LeakyReLU(0.2)
//   ConvEncoder : [C, H, W] -> stages of ConvBlocks, each halving the axes longer than
//                 min_size -> flatten -> dense -> latent vector [latent]
//   ConvDecoder : latent -> dense -> the encoder's last feature map -> per stage, bilinear
//                 upsampling to the encoder's size at that stage and ConvBlocks -> conv 3x3 to
//                 C channels -> tanh or identity. Sizes need not be powers of two (70 -> 35 ->
//                 18 -> 9 -> 5 and back exactly).
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <array>
#include <vector>

#include "learning/options.hpp"
#include "learning/sample_source.hpp"

namespace pairinv::learning {

class ConvBlockImpl : public torch::nn::Module {
 public:
  ConvBlockImpl(std::int64_t in, std::int64_t out, std::array<std::int64_t, 2> stride, bool batchNorm);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d conv_{nullptr};
  torch::nn::BatchNorm2d norm_{nullptr};
};
TORCH_MODULE(ConvBlock);

/// Spatial sizes through the encoder: sizes[0] is the input, sizes[i + 1] the output of stage
/// i; strides[i] is stage i's stride per axis (2 while the axis is longer than minSize).
struct StagePlan {
  std::vector<std::array<std::int64_t, 2>> sizes, strides;
};
StagePlan planStages(std::int64_t height, std::int64_t width, std::size_t stages, std::int64_t minSize);

class ConvEncoderImpl : public torch::nn::Module {
 public:
  /// Encodes fields of shape `input` = [C, H, W] to options.latent() values.
  ConvEncoderImpl(Shape3 input, const AutoencoderOptions& options);
  /// x [B, C, H, W] -> z [B, latent]
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Sequential stages_;
  torch::nn::Linear dense_{nullptr};
};
TORCH_MODULE(ConvEncoder);

class ConvDecoderImpl : public torch::nn::Module {
 public:
  /// Decodes options.latent() values to fields of shape `output` = [C, H, W].
  ConvDecoderImpl(Shape3 output, const AutoencoderOptions& options);
  /// z [B, latent] -> x [B, C, H, W]
  torch::Tensor forward(const torch::Tensor& z);

 private:
  StagePlan plan_;
  std::vector<std::int64_t> channels_;
  torch::nn::Linear dense_{nullptr};
  std::vector<torch::nn::Sequential> stages_;  // stages_[i] restores the input of encoder stage i
  torch::nn::Conv2d head_{nullptr};
  bool tanh_ = false;
};
TORCH_MODULE(ConvDecoder);

}  // namespace pairinv::learning
