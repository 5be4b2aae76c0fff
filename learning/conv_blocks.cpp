#include "learning/conv_blocks.hpp"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/upsampling.h>

#include "core/error.hpp"
#include "learning/data_parallel.hpp"

namespace F = torch::nn::functional;

namespace {
constexpr std::array<std::int64_t, 2> kUnitStride{1, 1};
}  // namespace

namespace pairinv::learning {

ConvBlockImpl::ConvBlockImpl(std::int64_t in, std::int64_t out, std::array<std::int64_t, 2> stride, bool batchNorm) {
  conv_ = register_module(
      "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride({stride[0], stride[1]}).padding(1).bias(!batchNorm)));
  if (batchNorm) norm_ = register_module("norm", torch::nn::BatchNorm2d(out));
}

torch::Tensor ConvBlockImpl::forward(const torch::Tensor& x) {
  torch::Tensor y = conv_->forward(x);
  if (norm_) {
    Collective* ranks = batchNormCollective();
    y = ranks && ranks->size() > 1 && is_training() ? syncBatchNorm(*norm_, y, *ranks) : norm_->forward(y);
  }
  return F::leaky_relu(y, F::LeakyReLUFuncOptions().negative_slope(0.2).inplace(true));
}

StagePlan planStages(std::int64_t height, std::int64_t width, std::size_t stages, std::int64_t minSize) {
  StagePlan plan;
  std::array<std::int64_t, 2> size{height, width};
  plan.sizes.push_back(size);
  for (std::size_t s = 0; s < stages; ++s) {
    std::array<std::int64_t, 2> stride{};
    for (int a = 0; a < 2; ++a) {
      stride[a] = size[a] > minSize ? 2 : 1;
      size[a] = (size[a] + stride[a] - 1) / stride[a];  // conv 3x3, padding 1: ceil(n / stride)
    }
    plan.strides.push_back(stride);
    plan.sizes.push_back(size);
  }
  return plan;
}

namespace {
void checkOptions(Shape3 shape, const AutoencoderOptions& o) {
  require(shape[0] >= 1 && shape[1] >= 1 && shape[2] >= 1, "network: empty field shape");
  require(!o.channels().empty(), "network: no stages (empty channel list)");
  require(o.latent() >= 1 && o.convs_per_stage() >= 1, "network: latent size and convolutions per stage must be >= 1");
}
}  // namespace

ConvEncoderImpl::ConvEncoderImpl(Shape3 input, const AutoencoderOptions& o) {
  checkOptions(input, o);
  const StagePlan plan = planStages(input[1], input[2], o.channels().size(), o.min_size());
  const bool bn = o.norm() == Norm::Batch;
  std::int64_t in = input[0];
  for (std::size_t s = 0; s < o.channels().size(); ++s) {
    const std::int64_t out = o.channels()[s];
    stages_->push_back(ConvBlock(in, out, plan.strides[s], bn));
    for (std::int64_t k = 1; k < o.convs_per_stage(); ++k) stages_->push_back(ConvBlock(out, out, kUnitStride, bn));
    in = out;
  }
  register_module("stages", stages_);
  const auto& last = plan.sizes.back();
  dense_ = register_module("dense", torch::nn::Linear(in * last[0] * last[1], o.latent()));
}

torch::Tensor ConvEncoderImpl::forward(const torch::Tensor& x) {
  return dense_->forward(stages_->forward(x).flatten(1));
}

ConvDecoderImpl::ConvDecoderImpl(Shape3 output, const AutoencoderOptions& o)
    : plan_(planStages(output[1], output[2], o.channels().size(), o.min_size())), channels_(o.channels()) {
  checkOptions(output, o);
  const bool bn = o.norm() == Norm::Batch;
  const auto& last = plan_.sizes.back();
  dense_ = register_module("dense", torch::nn::Linear(o.latent(), channels_.back() * last[0] * last[1]));
  const std::size_t n = channels_.size();
  stages_.resize(n);
  for (std::size_t s = n; s-- > 0;) {
    const std::int64_t in = channels_[s], out = channels_[s == 0 ? 0 : s - 1];
    torch::nn::Sequential stage;
    stage->push_back(ConvBlock(in, out, kUnitStride, bn));
    for (std::int64_t k = 1; k < o.convs_per_stage(); ++k) stage->push_back(ConvBlock(out, out, kUnitStride, bn));
    stages_[s] = register_module("stage" + std::to_string(s), stage);
  }
  head_ = register_module("head", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels_[0], output[0], 3).padding(1)));
  tanh_ = o.output() == Activation::Tanh;
}

torch::Tensor ConvDecoderImpl::forward(const torch::Tensor& z) {
  const auto& last = plan_.sizes.back();
  torch::Tensor x = F::leaky_relu(dense_->forward(z), F::LeakyReLUFuncOptions().negative_slope(0.2))
                        .view({z.size(0), channels_.back(), last[0], last[1]});
  for (std::size_t s = stages_.size(); s-- > 0;) {
    const auto& size = plan_.sizes[s];
    if (x.size(2) != size[0] || x.size(3) != size[1])
      x = F::interpolate(x, F::InterpolateFuncOptions()
                                .size(std::vector<std::int64_t>{size[0], size[1]})
                                .mode(torch::kBilinear)
                                .align_corners(false));
    x = stages_[s]->forward(x);
  }
  x = head_->forward(x);
  return tanh_ ? torch::tanh(x) : x;
}

}  // namespace pairinv::learning
