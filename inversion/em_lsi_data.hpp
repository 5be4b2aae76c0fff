// The EM data term of latent-space inversion: J(sigma) = 1/2 |W (g(d(sigma)) - b)|^2 in the real
// data layout of solvers/em/em_data.hpp, W the weights of EM FWI (emDataWeights: relative by
// default), with the exact adjoint gradient. The solver's gradient is with respect to
// m = ln sigma; the decoder produces sigma in S/m, so the chain rule gives
//   dJ/dsigma = (dJ/dm) / sigma.
// The configuration must be validated once (validateEmConfig), which fixes the mesh (padding and
// air height) for every model LSI tries.
#pragma once

#include <mpi.h>

#include "inversion/lsi_data_term.hpp"
#include "solvers/em/em_config.hpp"

namespace pairinv::inversion {

class EmLsiData : public LsiDataTerm {
 public:
  /// `observed`: the full real-layout data on every rank; `relativeWeights` as -fwi_data_weights.
  EmLsiData(MPI_Comm comm, const em::EmConfig& config, const std::vector<double>& observed, bool relativeWeights);

  double evaluate(const Field2D& sigma, std::vector<double>& gradient, double& pdeSolves) override;
  double objective(const Field2D& sigma, double& pdeSolves) override;
  double dataNorm() const override { return dataNorm_; }
  /// RMS of log10(sigma / sigma_true) over the truth's earth cells (decades), as EM FWI.
  double modelError(const Field2D& sigma, const Field2D& truth) const override;
  std::string quantity() const override { return "conductivity"; }
  bool logarithmic() const override { return true; }

 private:
  double solvesPerEvaluation() const;

  MPI_Comm comm_;
  em::EmConfig config_;
  std::vector<double> observed_, weights_;
  double dataNorm_ = 1.0;
};

}  // namespace pairinv::inversion
