#include "inversion/em_lsi_data.hpp"

#include <cmath>

#include "core/error.hpp"
#include "meshes/field_view.hpp"
#include "inversion/em_fwi.hpp"
#include "solvers/em/em_data.hpp"
#include "solvers/em/em_gradient.hpp"
#include "solvers/em/em_simulation.hpp"

namespace pairinv::inversion {

EmLsiData::EmLsiData(MPI_Comm comm, const em::EmConfig& config, const std::vector<double>& observed,
                     bool relativeWeights)
    : comm_(comm), config_(config), observed_(observed), weights_(emDataWeights(observed, config.form, relativeWeights)) {
  ensure(observed_.size() == 2 * config_.frequencies.size() * std::size_t(config_.sourceCount()) *
                                  config_.receivers.size(),
          "observed EM data of ", observed_.size(), " values do not fit the acquisition");
  double sum = 0.0;
  for (std::size_t i = 0; i < observed_.size(); ++i) sum += weights_[i] * observed_[i] * weights_[i] * observed_[i];
  dataNorm_ = std::sqrt(sum);
  require(dataNorm_ > 0, "the observed EM data are zero");
}

double EmLsiData::solvesPerEvaluation() const {
  return double(config_.frequencies.size()) * double(config_.sourceCount());
}

double EmLsiData::evaluate(const Field2D& sigma, std::vector<double>& gradient, double& pdeSolves) {
  requirePositiveFinite(sigma, "the decoded conductivity model");
  const em::EmGradientResult r = em::emGradient(comm_, sigma, config_, observed_, &weights_);
  gradient.resize(sigma.values.size());
  for (std::size_t i = 0; i < gradient.size(); ++i) gradient[i] = r.gradient.values[i] / sigma.values[i];
  pdeSolves += 2.0 * solvesPerEvaluation();  // forward + adjoint per frequency and source
  return r.objective;
}

double EmLsiData::objective(const Field2D& sigma, double& pdeSolves) {
  requirePositiveFinite(sigma, "the decoded conductivity model");
  const std::vector<double> synthetic = em::realData(em::simulateEm(comm_, sigma, config_), config_);
  pdeSolves += solvesPerEvaluation();
  return em::misfit(em::realResidual(synthetic, observed_, config_.form), &weights_);
}

double EmLsiData::modelError(const Field2D& sigma, const Field2D& truth) const {
  return logConductivityError(sigma, truth);
}

}  // namespace pairinv::inversion
