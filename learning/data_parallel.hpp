// The pieces of data-parallel training (trainer.hpp): batch norm over the global batch, the
// gradient all-reduce, and the training step that uses both.
//
// Batch normalisation whose statistics span the whole global batch of a data-parallel run.
//
// In training mode a batch-norm layer normalises each channel c by the mean and variance over
// the batch and the spatial axes. With the global batch split over N ranks, per-rank
// statistics would make the network (and the loss curve) depend on N. Here each channel's
//   mean  m_c = sum_ranks sum_(n,h,w) x / n,
//   var   v_c = sum_ranks sum_(n,h,w) x^2 / n - m_c^2   (float64 sums of float32 data: the
//                                                      difference loses ~1e-16 m_c^2 / v_c)
// are reduced over the ranks, so every rank normalises by the statistics of the global batch,
// as one process would (LibTorch's fused kernel does the normalisation). The global loss is the
// sum of the ranks' losses, so the gradient needs the global sums of dy and dy xhat:
//   dx = w invstd (dy - (sum dy + xhat sum dy xhat) / n)
// with one all-reduce of both; dw and db stay this rank's (the gradient all-reduce sums them).
// Two collectives per layer and step (one in each pass). Running statistics are updated as
// torch::nn::BatchNorm2d does (momentum, unbiased variance) and are the same on every rank.
//
// Training installs its collective with BatchNormCollectiveScope; ConvBlock (conv_blocks.hpp)
// uses syncBatchNorm while one with more than one rank is installed and the block is training.
// Evaluation mode reads the running statistics and communicates nothing.
#pragma once

#include <torch/nn/modules/batchnorm.h>
#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include "core/collective.hpp"
#include "learning/inverse_network.hpp"
#include "learning/losses.hpp"

namespace pairinv::learning {

/// The collective installed for training's batch norm on this thread (nullptr: none).
Collective* batchNormCollective();

class BatchNormCollectiveScope {
 public:
  explicit BatchNormCollectiveScope(Collective& c);
  ~BatchNormCollectiveScope();
  BatchNormCollectiveScope(const BatchNormCollectiveScope&) = delete;
  BatchNormCollectiveScope& operator=(const BatchNormCollectiveScope&) = delete;

 private:
  Collective* previous_;
};

/// The sum over the ranks of x (any shape; float32 or float64, on any device: CUDA passes
/// through host memory), the same on every rank. Not differentiable.
torch::Tensor summedOverRanks(const torch::Tensor& x, Collective& c);

/// Training-mode batch norm of x [B, C, H, W] with statistics over every rank's batch (B may be
/// 0 on some ranks), using and updating `bn`'s parameters and running statistics.
torch::Tensor syncBatchNorm(torch::nn::BatchNorm2dImpl& bn, const torch::Tensor& x, Collective& c);

/// Sums the gradients of an optimiser's parameters over the ranks through one flat float32
/// buffer (allocated on first use, then reused; pinned when the gradients are on a GPU).
class GradientReducer {
 public:
  explicit GradientReducer(Collective& ranks) : ranks_(ranks) {}
  void sum(torch::optim::Optimizer& optimizer);
  Collective& ranks() const { return ranks_; }

 private:
  Collective& ranks_;
  torch::Tensor buffer_;
};

/// One optimisation step of a rank holding part (q, b) of a batch of `globalSize` samples:
/// zero_grad, the losses (means over this rank's part), the backward pass of its share
/// n / globalSize of the batch's mean loss, the gradients summed over the ranks, the optimiser's
/// step. Returns the losses of the part. On one rank: the plain step, bit for bit. Each phase is
/// timed for the training profiler (training_phases.hpp).
LossTerms trainingStep(InverseNetworkImpl& network, torch::optim::Optimizer& optimizer, GradientReducer& reducer,
                       const torch::Tensor& q, const torch::Tensor& b, std::int64_t globalSize,
                       const LossWeights& weights);

}  // namespace pairinv::learning
