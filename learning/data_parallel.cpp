#include "learning/data_parallel.hpp"

#include <torch/autograd.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <vector>

#include "learning/training_phases.hpp"

namespace pairinv::learning {

namespace {

thread_local Collective* installed = nullptr;  // the thread that trains

}  // namespace

Collective* batchNormCollective() { return installed; }

BatchNormCollectiveScope::BatchNormCollectiveScope(Collective& c) : previous_(installed) { installed = &c; }
BatchNormCollectiveScope::~BatchNormCollectiveScope() { installed = previous_; }

torch::Tensor summedOverRanks(const torch::Tensor& x, Collective& c) {
  torch::Tensor host = x.to(torch::kCPU, /*non_blocking=*/false, /*copy=*/true).contiguous();
  if (host.scalar_type() == torch::kFloat32)
    c.sum(host.data_ptr<float>(), std::size_t(host.numel()));
  else if (host.scalar_type() == torch::kFloat64)
    c.sum(host.data_ptr<double>(), std::size_t(host.numel()));
  else
    ensure(false, "summedOverRanks: float32 or float64 tensors only, got ", host.scalar_type());
  return host.to(x.device());
}

namespace {

/// Per-channel sums over the batch and spatial axes of each of `parts` (float64 accumulation, as
/// LibTorch's CPU batch norm), then `extra`, in one host vector summed over the ranks.
std::vector<double> channelSums(std::initializer_list<torch::Tensor> parts, Collective& c, double extra) {
  std::vector<double> v;
  for (const torch::Tensor& t : parts) {
    const torch::Tensor s = t.sum({0, 2, 3}, false, torch::kFloat64).cpu();
    v.insert(v.end(), s.data_ptr<double>(), s.data_ptr<double>() + s.numel());
  }
  v.push_back(extra);
  c.sum(v.data(), v.size());
  return v;
}

torch::Tensor perChannel(const std::vector<double>& v, std::size_t first, std::int64_t channels,
                         const torch::Tensor& like) {
  return torch::from_blob(const_cast<double*>(v.data() + first), {channels}, torch::kFloat64)
      .to(like.options())
      .view({1, channels, 1, 1});
}

/// Training-mode batch norm with statistics over every rank's batch. Forward: one all-reduce
/// of the per-channel sums of x and x^2 and of the element count (float64: the variance
/// E[x^2] - m^2 loses nothing to cancellation at float32 data), then LibTorch's fused
/// normalisation with those statistics. Backward: the standard batch-norm gradient
///   dx = w invstd (dy - (sum dy + xhat sum dy xhat) / n),
/// its two sums taken over all ranks (one all-reduce); dw, db stay this rank's (the gradient
/// all-reduce sums them). Two collectives per layer and step.
class SyncBatchNormFunction : public torch::autograd::Function<SyncBatchNormFunction> {
 public:
  /// `runningMean`, `runningVar` and `batches` (the module's buffers; undefined: not tracked)
  /// are updated as torch::nn::BatchNorm2d does: momentum (< 0: the cumulative average),
  /// unbiased variance.
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& weight, const torch::Tensor& bias, torch::Tensor runningMean,
                               torch::Tensor runningVar, torch::Tensor batches, std::int64_t collective,
                               double momentum, double eps) {
    auto& c = *reinterpret_cast<Collective*>(collective);
    const std::int64_t channels = x.size(1);
    const auto C = std::size_t(channels);
    std::vector<double> sums = channelSums({x, x * x}, c, double(x.numel() / std::max<std::int64_t>(channels, 1)));
    const double n = sums[2 * C];
    ensure(n > 0, "syncBatchNorm: an empty global batch");
    std::vector<double> stats(2 * C);  // mean, then the biased variance
    for (std::size_t k = 0; k < C; ++k) {
      stats[k] = sums[k] / n;
      stats[C + k] = std::max(sums[C + k] / n - stats[k] * stats[k], 0.0);
    }
    const torch::Tensor mean = perChannel(stats, 0, channels, x).view({channels});
    const torch::Tensor var = perChannel(stats, C, channels, x).view({channels});
    torch::Tensor y = x.numel() == 0 ? x.clone()
                                     : at::batch_norm(x, weight, bias, mean, var, /*training=*/false, 0.0, eps, false);
    if (runningMean.defined()) {
      batches.add_(1);
      const double m = momentum >= 0 ? momentum : 1.0 / double(batches.item<std::int64_t>());
      const double unbiased = n / std::max(n - 1.0, 1.0);
      runningMean.mul_(1.0 - m).add_(mean.to(runningMean.options()), m);
      runningVar.mul_(1.0 - m).add_(var.to(runningVar.options()), m * unbiased);
    }
    ctx->save_for_backward({x, weight, mean, var});
    ctx->saved_data["collective"] = collective;
    ctx->saved_data["eps"] = eps;
    ctx->saved_data["n"] = n;
    return y;
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &x = saved[0], &weight = saved[1], &mean = saved[2], &var = saved[3];
    auto& c = *reinterpret_cast<Collective*>(ctx->saved_data["collective"].toInt());
    const double eps = ctx->saved_data["eps"].toDouble(), n = ctx->saved_data["n"].toDouble();
    const torch::Tensor dy = grads[0].contiguous();
    const std::int64_t channels = x.size(1);
    // Evaluation-mode backward: dx0 = w invstd dy, dw = sum dy xhat, db = sum dy (this rank's).
    torch::Tensor dx, dw, db;
    if (x.numel() > 0) {
      std::tie(dx, dw, db) = at::native_batch_norm_backward(dy, x, weight, mean, var, {}, {}, false, eps,
                                                            {true, true, true});
    } else {
      dx = torch::zeros_like(x);
      dw = torch::zeros({channels}, weight.options());
      db = torch::zeros({channels}, weight.options());
    }
    std::vector<double> sums(2 * std::size_t(channels));  // sum dy, then sum dy xhat, over the ranks
    const torch::Tensor local = torch::cat({db, dw}).to(torch::kFloat64).cpu().contiguous();
    std::copy(local.data_ptr<double>(), local.data_ptr<double>() + local.numel(), sums.begin());
    c.sum(sums.data(), sums.size());
    // dx = dx0 - k1 - (x - mean) k2 = dx0 - (k1 - mean k2) - x k2, with
    // k1 = w invstd sum_dy / n and k2 = w invstd^2 sum_dy_xhat / n.
    const torch::Tensor w = weight.to(torch::kFloat64).cpu().contiguous();
    const torch::Tensor m = mean.to(torch::kFloat64).cpu().contiguous(), v = var.to(torch::kFloat64).cpu().contiguous();
    std::vector<double> k(2 * std::size_t(channels));
    for (std::int64_t j = 0; j < channels; ++j) {
      const double invstd = 1.0 / std::sqrt(v.data_ptr<double>()[j] + eps), wj = w.data_ptr<double>()[j];
      const double k1 = wj * invstd * sums[std::size_t(j)] / n;
      const double k2 = wj * invstd * invstd * sums[std::size_t(channels + j)] / n;
      k[std::size_t(j)] = k1 - m.data_ptr<double>()[j] * k2;
      k[std::size_t(channels + j)] = k2;
    }
    if (x.numel() > 0) dx.sub_(perChannel(k, 0, channels, x)).addcmul_(x, perChannel(k, std::size_t(channels), channels, x), -1.0);
    return {dx, dw, db, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(),
            torch::Tensor()};
  }
};

}  // namespace

torch::Tensor syncBatchNorm(torch::nn::BatchNorm2dImpl& bn, const torch::Tensor& x, Collective& c) {
  ensure(x.dim() == 4, "syncBatchNorm: input of rank 4 expected, got ", x.dim());
  const auto& o = bn.options;
  ensure(o.affine(), "syncBatchNorm: affine batch norm expected");
  const bool track = o.track_running_stats();
  return SyncBatchNormFunction::apply(x, bn.weight, bn.bias, track ? bn.running_mean : torch::Tensor(),
                                      track ? bn.running_var : torch::Tensor(),
                                      track ? bn.num_batches_tracked : torch::Tensor(),
                                      reinterpret_cast<std::int64_t>(&c), o.momentum() ? *o.momentum() : -1.0, o.eps());
}

void GradientReducer::sum(torch::optim::Optimizer& optimizer) {
  if (ranks_.size() == 1) return;
  std::vector<torch::Tensor> grads;
  std::int64_t count = 0;
  for (auto& group : optimizer.param_groups())
    for (auto& p : group.params())
      if (p.grad().defined()) {  // the same parameters on every rank: the graphs are the same
        ensure(p.grad().scalar_type() == torch::kFloat32, "data-parallel training: float32 gradients expected");
        grads.push_back(p.grad());
        count += p.numel();
      }
  if (grads.empty()) return;
  if (!buffer_.defined() || buffer_.numel() != count)
    buffer_ = torch::empty({count}, torch::TensorOptions().dtype(torch::kFloat32).pinned_memory(grads[0].is_cuda()));
  std::int64_t offset = 0;
  for (const auto& g : grads) {
    buffer_.narrow(0, offset, g.numel()).copy_(g.reshape({-1}));
    offset += g.numel();
  }
  ranks_.sum(buffer_.data_ptr<float>(), std::size_t(count));
  offset = 0;
  for (auto& g : grads) {
    g.copy_(buffer_.narrow(0, offset, g.numel()).view(g.sizes()));
    offset += g.numel();
  }
}

LossTerms trainingStep(InverseNetworkImpl& network, torch::optim::Optimizer& optimizer, GradientReducer& reducer,
                       const torch::Tensor& q, const torch::Tensor& b, std::int64_t globalSize,
                       const LossWeights& weights) {
  optimizer.zero_grad();
  LossTerms loss = [&] {
    PhaseScope phase(TrainingPhase::Forward);
    return network.losses(q, b, weights, false);
  }();
  {
    PhaseScope phase(TrainingPhase::Backward);
    // A rank with no samples still takes part in batch norm's collectives, with a zero share.
    const bool alone = reducer.ranks().size() == 1;
    (alone ? loss.total : loss.total * (double(q.size(0)) / double(globalSize))).backward();
  }
  {
    PhaseScope phase(TrainingPhase::AllReduce);
    reducer.sum(optimizer);
  }
  {
    PhaseScope phase(TrainingPhase::OptimizerStep);
    optimizer.step();
  }
  return loss;
}

}  // namespace pairinv::learning
