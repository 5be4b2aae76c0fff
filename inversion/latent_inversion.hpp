// Latent-space inversion (LSI) against the true PDE:
//
//   minimise  f(z) = J(D_q(z)) / J(D_q(z*)) + alpha/2 |z - z*|^2,   J(q) = 1/2 |F(q) - b|^2,
//
// starting at the paired-autoencoder estimate z* = M_dag E_b(b). The data term is normalised by
// its value at z*, so alpha is dimensionless. The gradient is the exact acoustic adjoint
// gradient on the model grid pulled back through the decoder by its vector-Jacobian product:
//   grad f = J_Dq(z)^T grad_q J / J(z*) + alpha (z - z*).
// TAO's L-BFGS (TAOLMVM, options -lsi_tao_*) runs on the latent vector. The decoder runs on rank
// 0 only (its results are broadcast), the PDE on every rank.
//
// Output folder: as FWI (history.csv with the same columns, iterations/*.vti + models.pvd with
// arrays velocity, estimate (= D_q(z*)), truth and difference, PNGs), plus state/latest_z.npy
// for resuming and z_final.npy.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <vector>

#include "solvers/acoustic/acoustic_gradient.hpp"

namespace pairinv::inversion {

/// What LSI needs from a trained decoder (learning::LatentDecoder provides it in `pairinv
/// invert`; tests use simple closed-form decoders). Models are velocities in m/s, row-major.
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
  double alpha = 1e-3;
  std::filesystem::path output = "out/invert";
};

/// Reads the -lsi_ options (TAO's own are -lsi_tao_*; see probeLsiTaoOptions).
LsiSettings readLsiSettings(MPI_Comm comm);
void probeLsiTaoOptions(MPI_Comm comm);

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

/// Runs (or resumes) LSI; `decoder` is used on rank 0 only (others may pass the same type,
/// unused). Returns the result on every rank.
LsiResult runLatentInversion(MPI_Comm comm, const LsiSettings& settings, const LsiProblem& problem,
                             const LatentModel& decoder);

}  // namespace pairinv::inversion
