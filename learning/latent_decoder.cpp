#include "learning/latent_decoder.hpp"

#include <torch/autograd.h>

#include "core/error.hpp"
#include "learning/checkpoint.hpp"
#include "learning/device.hpp"
#include "learning/paired_autoencoder.hpp"
#include "learning/physical_model.hpp"
#include "learning/sample_source.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

struct LatentDecoder::Impl {
  TrainedNetwork trained;
  PairedAutoencoderImpl* paired = nullptr;
  torch::Device device{torch::kCPU};
  torch::Dtype dtype = torch::kFloat64;

  torch::Tensor toTensor(const std::vector<double>& v, std::vector<std::int64_t> shape) const {
    return torch::tensor(v, torch::kFloat64).view(shape).to(device, dtype);
  }
  static std::vector<double> toVector(const torch::Tensor& t) {
    const torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
  }
  torch::Tensor physical(const torch::Tensor& x) const { return physicalModel(x, trained.record.stats); }
  /// Raw data [nshots, nsamples, nrec] as the network takes them, [1, nshots, nt, nrec].
  torch::Tensor dataTensor(const std::vector<double>& b, std::int64_t nsamples) const;
  void checkLatent(const std::vector<double>& z) const {
    require(std::int64_t(z.size()) == paired->modelAutoencoder()->latentSize(), "latent decoder: z has ", z.size(),
            " values, the network's latent size is ", paired->modelAutoencoder()->latentSize());
  }
  std::int64_t modelSize() const { return shapeSize(trained.record.modelShape); }
};

LatentDecoder::LatentDecoder(const fs::path& runDir, const std::string& device, bool doublePrecision,
                             std::int64_t threads)
    : impl_(std::make_unique<Impl>()) {
  impl_->device = resolveDevice(device, "latent decoder device");
  configureThreads(threads);
  impl_->trained = loadTrainedNetwork(runDir, impl_->device);
  impl_->paired = impl_->trained.network->paired();
  require(impl_->paired != nullptr, "'", runDir.string(), "' holds a ", nameOf(impl_->trained.record.options.architecture(), kArchitectureNames),
          " network; latent-space inversion needs a paired autoencoder (-pae_architecture paired)");
  impl_->dtype = doublePrecision ? torch::kFloat64 : torch::kFloat32;
  impl_->trained.network->to(impl_->dtype);
}

LatentDecoder::LatentDecoder(LatentDecoder&&) noexcept = default;
LatentDecoder& LatentDecoder::operator=(LatentDecoder&&) noexcept = default;
LatentDecoder::~LatentDecoder() = default;

std::int64_t LatentDecoder::latentSize() const { return impl_->paired->modelAutoencoder()->latentSize(); }
std::int64_t LatentDecoder::nz() const { return impl_->trained.record.modelShape[1]; }
std::int64_t LatentDecoder::nx() const { return impl_->trained.record.modelShape[2]; }
std::array<std::int64_t, 3> LatentDecoder::dataShape() const { return impl_->trained.record.dataShape; }
std::int64_t LatentDecoder::timeStride() const { return impl_->trained.record.options.time_stride(); }

std::vector<double> LatentDecoder::decode(const std::vector<double>& z) const {
  impl_->checkLatent(z);
  torch::NoGradGuard noGrad;
  return Impl::toVector(impl_->physical(impl_->paired->decodeModel(impl_->toTensor(z, {1, latentSize()}))));
}

std::vector<double> LatentDecoder::decoderVjp(const std::vector<double>& z, const std::vector<double>& g) const {
  impl_->checkLatent(z);
  require(std::int64_t(g.size()) == impl_->modelSize(), "latent decoder: the model-space vector has ", g.size(),
          " values, expected nz * nx = ", impl_->modelSize());
  torch::AutoGradMode enable(true);
  torch::Tensor zt = impl_->toTensor(z, {1, latentSize()}).requires_grad_(true);
  const torch::Tensor q = impl_->physical(impl_->paired->decodeModel(zt));
  const torch::Tensor gt = impl_->toTensor(g, q.sizes().vec());
  const auto grads = torch::autograd::grad({q}, {zt}, {gt});
  return Impl::toVector(grads[0]);
}

std::vector<double> LatentDecoder::normalizedModel(const std::vector<double>& q) const {
  require(std::int64_t(q.size()) == impl_->modelSize(), "latent decoder: the model has ", q.size(),
          " values, expected nz * nx = ", impl_->modelSize());
  std::vector<float> normalized(q.begin(), q.end());
  impl_->trained.record.stats.normalizeModel(normalized.data(), normalized.size());
  return std::vector<double>(normalized.begin(), normalized.end());
}

bool LatentDecoder::modelLog10() const { return impl_->trained.record.stats.model_log10; }

std::vector<double> LatentDecoder::encode(const std::vector<double>& q) const {
  require(std::int64_t(q.size()) == impl_->modelSize(), "latent decoder: the model has ", q.size(),
          " values, expected nz * nx = ", impl_->modelSize());
  std::vector<float> normalized(q.begin(), q.end());
  impl_->trained.record.stats.normalizeModel(normalized.data(), normalized.size());
  torch::NoGradGuard noGrad;
  const Shape3 m = impl_->trained.record.modelShape;
  return Impl::toVector(impl_->paired->encodeModel(
      impl_->toTensor(std::vector<double>(normalized.begin(), normalized.end()), {1, m[0], m[1], m[2]})));
}

torch::Tensor LatentDecoder::Impl::dataTensor(const std::vector<double>& b, std::int64_t nsamples) const {
  const Shape3 d = trained.record.dataShape;
  const std::vector<float> sub = networkInput(b.data(), b.size(), nsamples, d, trained.record.options.time_stride(),
                                              trained.record.stats, "latent decoder");
  return toTensor(std::vector<double>(sub.begin(), sub.end()), {1, d[0], d[1], d[2]});
}

std::vector<double> LatentDecoder::encodeData(const std::vector<double>& b, std::int64_t nsamples) const {
  torch::NoGradGuard noGrad;
  return Impl::toVector(impl_->paired->encodeData(impl_->dataTensor(b, nsamples)));
}

std::vector<double> LatentDecoder::estimateLatent(const std::vector<double>& b, std::int64_t nsamples) const {
  torch::NoGradGuard noGrad;
  return Impl::toVector(impl_->paired->mapInverse(impl_->paired->encodeData(impl_->dataTensor(b, nsamples))));
}

std::vector<double> LatentDecoder::estimateModel(const std::vector<double>& b, std::int64_t nsamples) const {
  return decode(estimateLatent(b, nsamples));
}

}  // namespace pairinv::learning
