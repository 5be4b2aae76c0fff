#include "learning/paired_autoencoder.hpp"

#include "learning/least_squares_maps.hpp"
#include "learning/physical_model.hpp"

namespace pairinv::learning {

PairedAutoencoderImpl::PairedAutoencoderImpl(Shape3 modelShape, Shape3 dataShape, const AutoencoderOptions& model,
                                             const AutoencoderOptions& data, bool mapBias) {
  modelAe_ = register_module("model_autoencoder", Autoencoder(modelShape, model));
  dataAe_ = register_module("data_autoencoder", Autoencoder(dataShape, data));
  forwardMap_ = register_module("forward_map", LatentMap(model.latent(), data.latent(), mapBias));
  inverseMap_ = register_module("inverse_map", LatentMap(data.latent(), model.latent(), mapBias));
}

LossTerms PairedAutoencoderImpl::losses(const torch::Tensor& q, const torch::Tensor& b, const LossWeights& w,
                                        bool all) {
  LossTerms loss;
  const torch::Tensor zq = encodeModel(q), zb = encodeData(b);
  auto want = [&](int term) { return all || lossWeight(w, term) != 0.0; };
  if (want(kRecQ)) loss.terms[kRecQ] = meanSquaredError(decodeModel(zq), q);
  if (want(kRecB)) loss.terms[kRecB] = meanSquaredError(decodeData(zb), b);
  torch::Tensor mzq, mzb;
  if (want(kFwd) || want(kPathB)) mzq = mapForward(zq);
  if (want(kInv) || want(kPathQ)) mzb = mapInverse(zb);
  if (want(kFwd)) loss.terms[kFwd] = meanSquaredError(mzq, zb);
  if (want(kInv)) loss.terms[kInv] = meanSquaredError(mzb, zq);
  if (want(kPathQ)) loss.terms[kPathQ] = meanSquaredError(decodeModel(mzb), q);
  if (want(kPathB)) loss.terms[kPathB] = meanSquaredError(decodeData(mzq), b);
  combineLoss(loss, w);
  return loss;
}

void PairedAutoencoderImpl::fitMaps(const torch::Tensor& zq, const torch::Tensor& zb, double rcond) {
  forwardMap_->setWeight(fitLinearMap(zq, zb, rcond));
  inverseMap_->setWeight(fitLinearMap(zb, zq, rcond));
}

void PairedAutoencoderImpl::setMapsTrainable(bool trainable) {
  forwardMap_->setTrainable(trainable);
  inverseMap_->setTrainable(trainable);
}

std::vector<torch::Tensor> PairedAutoencoderImpl::autoencoderParameters() const {
  auto p = modelAe_->parameters();
  for (auto& t : dataAe_->parameters()) p.push_back(t);
  return p;
}

std::vector<torch::Tensor> PairedAutoencoderImpl::mapParameters() const {
  auto p = forwardMap_->parameters();
  for (auto& t : inverseMap_->parameters()) p.push_back(t);
  return p;
}

PairedAssessment PairedAutoencoderImpl::assess(const torch::Tensor& b, const NormalizationStats& stats) {
  torch::NoGradGuard noGrad;
  PairedAssessment a;
  const torch::Tensor zb = encodeData(b);
  a.estimate = decodeModel(mapInverse(zb));
  const torch::Tensor zq = encodeModel(a.estimate);
  a.surrogate = decodeData(mapForward(zq));
  a.rre = relativeError(a.surrogate, b);
  // In physical units (physical_model.hpp).
  a.rma = relativeError(physicalModel(decodeModel(zq), stats), physicalModel(a.estimate, stats));
  a.dataError = relativeError(decodeData(zb), b);
  a.latent = zb;
  return a;
}

}  // namespace pairinv::learning
