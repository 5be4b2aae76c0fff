// Latent-space inversion (LSI) against the true PDE:
//
//   minimise  f(z) = J(D_q(z)) / J(D_q(z*)) + alpha/2 |z - z*|^2,   J(q) = 1/2 |W (F(q) - b)|^2,
//
// starting at the paired-autoencoder estimate z* = M_dag E_b(b). The data term is normalised by
// its value at z*, so alpha is dimensionless. The gradient is the PDE's exact adjoint gradient
// on the model grid (an LsiDataTerm: acoustic or EM) pulled back through the decoder by its
// vector-Jacobian product:
//   grad f = J_Dq(z)^T grad_q J / J(z*) + alpha (z - z*).
// TAO's L-BFGS (TAOLMVM, options -lsi_tao_*) runs on the latent vector through the shared
// TaoDriver (tao_driver.hpp). The decoder runs on rank 0 only (its results are broadcast, and its
// failures too: core/root_errors.hpp), the PDE on every rank.
//
// Output folder: as FWI (history.csv with the same columns, objective = J alone and data_misfit =
// |W (F(q) - b)| / |W b|; iterations/*.vti + models.pvd with arrays velocity or conductivity,
// estimate (= D_q(z*)), truth and difference, PNGs), plus state/latest_z.npy for resuming
// (rerun the same command) and z_final.npy.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <vector>

#include "inversion/lsi_data_term.hpp"
#include "solvers/acoustic/acoustic_gradient.hpp"

namespace pairinv::inversion {

/// What LSI needs from a trained decoder (learning::LatentDecoder provides it in `pairinv
/// invert`; tests use simple closed-form decoders). Models are in physical units (m/s, S/m),
/// row-major.
class LatentModel {
 public:
  virtual ~LatentModel() = default;
  virtual std::size_t latentSize() const = 0;
  virtual std::vector<double> decode(const std::vector<double>& z) const = 0;
  /// J_D(z)^T g for a model-space vector g.
  virtual std::vector<double> vjp(const std::vector<double>& z, const std::vector<double>& g) const = 0;
};

struct LsiSettings {
  int iterations = 20;
  // 1: chosen on held-out test samples (CurveVel-like 12-23, EM 4-11), not those evaluate
  // reports; 1e-3 let LSI drift to wrong models that fit the data better (README, "LSI's prior").
  double alpha = 1.0;
  int polishIterations = 0;  // > 0: FWI from D_q(z) afterwards (inversion/lsi_polish.hpp); the caller runs it
  std::filesystem::path output = "out/invert";
};

/// Reads the -lsi_ options (TAO's own are -lsi_tao_*; see probeLsiTaoOptions).
LsiSettings readLsiSettings(MPI_Comm comm);
void probeLsiTaoOptions(MPI_Comm comm);

/// J(D_q(z)) + scale * alpha/2 |z - z*|^2 and its gradient: f(z) times `scale` (= J(z*) in LSI).
/// The decoder is called on rank 0 only; results on every rank.
class LatentObjective {
 public:
  LatentObjective(MPI_Comm comm, LsiDataTerm& data, const LatentModel& decoder, const Grid2D& grid,
                  std::vector<double> zStar, double alpha);
  /// D_q(z) on every rank. InputError on every rank if the decoder's model does not fit the grid
  /// (or the decoder throws on rank 0); likewise evaluate() for its vector-Jacobian product.
  Field2D decode(const std::vector<double>& z) const;
  double evaluate(const std::vector<double>& z, std::vector<double>& gradient, double& pdeSolves);
  /// J(D_q(z)) alone, reusing the last evaluation at the same z.
  double dataObjective(const std::vector<double>& z, double& pdeSolves);
  /// The `scale` above; unset (0), the first evaluation's J fixes it.
  void setScale(double scale) { scale_ = scale; }

 private:
  MPI_Comm comm_;
  LsiDataTerm& data_;
  const LatentModel& decoder_;
  Grid2D grid_;
  std::vector<double> zStar_, lastZ_;
  double alpha_, scale_ = 0.0, lastData_ = 0.0;
};

struct LsiProblem {
  acoustic::AcousticConfig config;  // validated acquisition of `observed`
  acoustic::ShotGathers observed;   // full data on every rank
  Grid2D grid;                      // the model grid
  std::vector<double> zStar;        // the starting latent vector (every rank)
  const Field2D* truth = nullptr;   // for the model error, when known
};

struct LsiResult {
  std::vector<double> z;
  Field2D model;       // D_q(z)
  Field2D estimate;    // D_q(z*)
};

/// Runs (or resumes) LSI with any physics; `decoder` is used on rank 0 only (others may pass a
/// decoder that is never called). `zStar` and `truth` (may be null) as in LsiProblem. Returns
/// the result on every rank.
LsiResult runLatentInversion(MPI_Comm comm, const LsiSettings& settings, LsiDataTerm& data, const Grid2D& grid,
                             const std::vector<double>& zStar, const Field2D* truth, const LatentModel& decoder);
/// The acoustic case (AcousticLsiData).
LsiResult runLatentInversion(MPI_Comm comm, const LsiSettings& settings, const LsiProblem& problem,
                             const LatentModel& decoder);

}  // namespace pairinv::inversion
