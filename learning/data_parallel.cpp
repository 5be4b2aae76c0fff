#include "learning/data_parallel.hpp"

#include <torch/autograd.h>

#include "learning/training_phases.hpp"

namespace pairinv::learning {

namespace {

thread_local Collective* installed = nullptr;  // the thread that trains

/// In place on a contiguous host copy; returns the summed tensor on x's device.
torch::Tensor reduced(const torch::Tensor& x, Collective& c) {
  torch::Tensor host = x.to(torch::kCPU, /*non_blocking=*/false, /*copy=*/true).contiguous();
  if (host.scalar_type() == torch::kFloat32)
    c.sum(host.data_ptr<float>(), std::size_t(host.numel()));
  else if (host.scalar_type() == torch::kFloat64)
    c.sum(host.data_ptr<double>(), std::size_t(host.numel()));
  else
    ensure(false, "allReduceSum: float32 or float64 tensors only, got ", host.scalar_type());
  return host.to(x.device());
}

class AllReduceSum : public torch::autograd::Function<AllReduceSum> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, std::int64_t collective) {
    ctx->saved_data["collective"] = collective;
    return reduced(x, *reinterpret_cast<Collective*>(collective));
  }
  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grads) {
    auto* c = reinterpret_cast<Collective*>(ctx->saved_data["collective"].toInt());
    return {reduced(grads[0], *c), torch::Tensor()};
  }
};

}  // namespace

Collective* batchNormCollective() { return installed; }

BatchNormCollectiveScope::BatchNormCollectiveScope(Collective& c) : previous_(installed) { installed = &c; }
BatchNormCollectiveScope::~BatchNormCollectiveScope() { installed = previous_; }

torch::Tensor allReduceSum(const torch::Tensor& x, Collective& c) {
  return AllReduceSum::apply(x, reinterpret_cast<std::int64_t>(&c));
}

namespace {

/// Per-channel sums over the batch and spatial axes, in float64 (as LibTorch's CPU batch norm
/// accumulates), followed by `extra`; summed over the ranks.
torch::Tensor channelSums(const torch::Tensor& x, Collective& c, std::vector<double> extra = {}) {
  const std::vector<std::int64_t> axes{0, 2, 3};
  torch::Tensor local = torch::cat({x.sum(axes, false, torch::kFloat64).cpu(),
                                    torch::tensor(extra, torch::kFloat64)});
  c.sum(local.data_ptr<double>(), std::size_t(local.numel()));
  return local;
}

/// Training-mode batch norm with statistics over every rank's batch. Forward: the global mean,
/// then the global variance about it (two passes, float64 sums), then LibTorch's fused
/// normalisation with those statistics. Backward: the standard batch-norm gradient
///   dx = w invstd (dy - (sum dy + xhat sum dy xhat) / n),
/// its two sums taken over all ranks (one all-reduce); dw, db are this rank's (the gradient
/// all-reduce sums them). Three collectives per layer and step.
class SyncBatchNormFunction : public torch::autograd::Function<SyncBatchNormFunction> {
 public:
  /// `runningMean`, `runningVar` and `batches` (the module's buffers) are updated as
  /// torch::nn::BatchNorm2d does: momentum (< 0: the cumulative average), unbiased variance.
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& weight, const torch::Tensor& bias, torch::Tensor runningMean,
                               torch::Tensor runningVar, torch::Tensor batches, std::int64_t collective,
                               double momentum, double eps) {
    auto& c = *reinterpret_cast<Collective*>(collective);
    const std::int64_t channels = x.size(1);
    const torch::Tensor first = channelSums(x, c, {double(x.numel() / std::max<std::int64_t>(channels, 1))});
    const double n = first[channels].item<double>();
    ensure(n > 0, "syncBatchNorm: an empty global batch");
    const torch::Tensor mean64 = first.narrow(0, 0, channels) / n;
    const torch::Tensor mean = mean64.to(x.options());
    const torch::Tensor var64 = channelSums((x - mean.view({1, channels, 1, 1})).square(), c) / n;
    const torch::Tensor var = var64.to(x.options());
    torch::Tensor y = x.numel() == 0 ? x.clone()
                                     : at::batch_norm(x, weight, bias, mean, var, /*training=*/false, 0.0, eps, false);
    if (runningMean.defined()) {
      batches.add_(1);
      const double m = momentum >= 0 ? momentum : 1.0 / double(batches.item<std::int64_t>());
      runningMean.mul_(1.0 - m).add_(mean64.to(runningMean.options()), m);
      runningVar.mul_(1.0 - m).add_((var64 * (n / std::max(n - 1.0, 1.0))).to(runningVar.options()), m);
    }
    ctx->save_for_backward({x, weight, mean, var});
    ctx->saved_data["collective"] = collective;
    ctx->saved_data["eps"] = eps;
    ctx->saved_data["n"] = n;
    ctx->saved_data["var64"] = var64;
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
    torch::Tensor dx0, dw, db;
    if (x.numel() > 0) {
      std::tie(dx0, dw, db) = at::native_batch_norm_backward(dy, x, weight, mean, var, {}, {}, false, eps,
                                                             {true, true, true});
    } else {
      dx0 = torch::zeros_like(x);
      dw = torch::zeros({channels}, x.options());
      db = torch::zeros({channels}, x.options());
    }
    torch::Tensor sums = torch::cat({db.to(torch::kFloat64).cpu(), dw.to(torch::kFloat64).cpu()});
    c.sum(sums.data_ptr<double>(), std::size_t(sums.numel()));
    const torch::Tensor invstd = torch::rsqrt(ctx->saved_data["var64"].toTensor() + eps);
    const torch::Tensor w = weight.to(torch::kFloat64).cpu();
    const torch::Tensor sumDy = sums.narrow(0, 0, channels), sumDyXhat = sums.narrow(0, channels, channels);
    // dx = dx0 - k1 - (x - mean) k2, k1 = w invstd sum_dy / n, k2 = w invstd^2 sum_dy_xhat / n.
    const auto perChannel = [&](const torch::Tensor& v) { return v.to(x.options()).view({1, channels, 1, 1}); };
    const torch::Tensor k1 = perChannel(w * invstd * sumDy / n), k2 = perChannel(w * invstd * invstd * sumDyXhat / n);
    torch::Tensor dx = dx0 - k1 - (x - mean.view({1, channels, 1, 1})) * k2;
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
