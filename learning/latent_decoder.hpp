// The decoder D_q of a trained paired autoencoder and its vector-Jacobian product, for
// latent-space inversion (LSI) in PETSc code. No LibTorch in this header.
//
// LSI minimises  1/2 |F(D_q(z)) - b|^2 + alpha/2 |z - z*|^2  over the latent z, with
// z* = M_dag E_b(b) and gradient  J_{D_q}(z)^T grad_q + alpha (z - z*).  Here D_q includes
// the undoing of the model normalisation (and of its log10 transform, if the run used one), so
// q = decode(z) is in physical units (m/s, S/m) and decoderVjp takes the gradient with respect
// to physical q (the chain rule through 10^u is part of the product). The network runs in eval mode
// (batch-norm statistics frozen) and, by default, in float64, so that Taylor tests of the
// inversion see a smooth, precise map.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace pairinv::learning {

class LatentDecoder {
 public:
  /// Loads RUN_DIR/best.pt (a network trained with -pae_architecture paired). `device`: cpu,
  /// cuda, cuda:N; threads 0 = all cores. InputError for a missing run or another architecture.
  explicit LatentDecoder(const std::filesystem::path& runDir, const std::string& device = "cpu",
                         bool doublePrecision = true, std::int64_t threads = 0);
  LatentDecoder(LatentDecoder&&) noexcept;
  LatentDecoder& operator=(LatentDecoder&&) noexcept;
  ~LatentDecoder();

  std::int64_t latentSize() const;
  /// Models are nz x nx, row-major (row 0 at the surface).
  std::int64_t nz() const;
  std::int64_t nx() const;
  /// The data the network takes: [nshots, nt, nrec] after keeping every timeStride()-th sample.
  std::array<std::int64_t, 3> dataShape() const;
  std::int64_t timeStride() const;

  /// q = D_q(z) in physical units (nz * nx values).
  std::vector<double> decode(const std::vector<double>& z) const;
  /// J^T g, J = dq/dz at z (q physical); g has nz * nx values, the result latentSize().
  std::vector<double> decoderVjp(const std::vector<double>& z, const std::vector<double>& g) const;
  /// Physical q mapped by the run's normalisation (its training range of the model quantity,
  /// velocity or log10 conductivity, to [-1, 1]): where OpenFWI's MAE, RMSE and SSIM compare.
  std::vector<double> normalizedModel(const std::vector<double>& q) const;
  /// Whether that normalisation takes log10 of the models first (-pae_model_transform log10).
  bool modelLog10() const;
  /// E_q(q) for physical q (nz * nx values).
  std::vector<double> encode(const std::vector<double>& q) const;
  /// z* = M_dag E_b(b) for raw data b [nshots, nsamples, nrec] at the survey's time sampling
  /// (nsamples before subsampling; the time stride and normalisation are applied here).
  std::vector<double> estimateLatent(const std::vector<double>& b, std::int64_t nsamples) const;
  /// E_b(b): the data latent of raw data b (as estimateLatent takes them); dataLatentSize() values.
  std::vector<double> encodeData(const std::vector<double>& b, std::int64_t nsamples) const;
  /// decode(estimateLatent(b)): the likelihood-free estimate q_hat.
  std::vector<double> estimateModel(const std::vector<double>& b, std::int64_t nsamples) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pairinv::learning
