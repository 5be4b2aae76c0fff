// The acoustic data term of latent-space inversion: J(v) = 1/2 |W (F(v) - b)|^2 for shot gathers
// b, with the exact adjoint gradient with respect to velocity (solvers/acoustic). W leaves the
// dead traces of b (exactly zero: dead channels, missing shots) out (acoustic::liveTraceWeights).
#pragma once

#include <mpi.h>

#include "inversion/lsi_data_term.hpp"
#include "solvers/acoustic/acoustic_gradient.hpp"

namespace pairinv::inversion {

class AcousticLsiData : public LsiDataTerm {
 public:
  /// `config` validated for the acquisition of `observed` (full data on every rank).
  AcousticLsiData(MPI_Comm comm, const acoustic::AcousticConfig& config, const acoustic::ShotGathers& observed);

  /// Absorbing layers left automatic (0) take the estimate's extreme velocities, fixed from then on.
  void prepare(const Field2D& estimate) override;
  double evaluate(const Field2D& q, std::vector<double>& gradient, double& pdeSolves) override;
  double objective(const Field2D& q, double& pdeSolves) override;
  double dataNorm() const override { return dataNorm_; }
  double modelError(const Field2D& q, const Field2D& truth) const override;
  std::string quantity() const override { return "velocity"; }
  bool logarithmic() const override { return false; }

 private:
  MPI_Comm comm_;
  acoustic::AcousticConfig config_;
  const acoustic::ShotGathers& observed_;
  std::vector<double> weights_;  // empty: every trace live
  double dataNorm_ = 1.0;
};

}  // namespace pairinv::inversion
