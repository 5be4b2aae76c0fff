#include "inversion/acoustic_lsi_data.hpp"

#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "meshes/field_view.hpp"
#include "core/log.hpp"

namespace pairinv::inversion {

namespace {
double norm(const std::vector<double>& v) { return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)); }
}  // namespace

AcousticLsiData::AcousticLsiData(MPI_Comm comm, const acoustic::AcousticConfig& config,
                                 const acoustic::ShotGathers& observed)
    : comm_(comm), config_(config), observed_(observed), dataNorm_(norm(observed.data)) {
  require(dataNorm_ > 0, "the observed data are zero");
  std::size_t dead = 0;
  weights_ = acoustic::liveTraceWeights(observed, &dead);
  if (dead > 0)
    logInfo(concat("lsi: ", dead, " of ", std::size_t(observed.nshots) * std::size_t(observed.nreceivers),
                   " traces of the observed data are zero: left out of the misfit as dead traces"));
}

void AcousticLsiData::prepare(const Field2D& estimate) {
  config_.dampingVelocity = config_.dampingVelocity > 0 ? config_.dampingVelocity : estimate.min();
  config_.pmlVelocity = config_.pmlVelocity > 0 ? config_.pmlVelocity : estimate.max();
}

double AcousticLsiData::evaluate(const Field2D& q, std::vector<double>& gradient, double& pdeSolves) {
  requirePositiveFinite(q, "the decoded model");
  pdeSolves += double(config_.sources.size()) * 2.0;
  acoustic::GradientResult r =
      acoustic::acousticGradient(comm_, q, config_, observed_, weights_.empty() ? nullptr : &weights_,
                                 acoustic::Parametrisation::Velocity);
  if (r.plan.recomputes()) pdeSolves += double(config_.sources.size());  // checkpointing recomputes
  gradient = std::move(r.gradient.values);
  return r.objective;
}

double AcousticLsiData::objective(const Field2D& q, double& pdeSolves) {
  requirePositiveFinite(q, "the decoded model");
  const acoustic::ShotGathers synthetic = acoustic::simulateShots(comm_, q, config_);
  double j = 0.0;
  int rank = 0;
  MPI_Comm_rank(comm_, &rank);
  if (rank == 0)  // the gathers are complete on rank 0
    for (std::size_t i = 0; i < synthetic.data.size(); ++i) {
      const double r = (weights_.empty() ? 1.0 : weights_[i]) * (synthetic.data[i] - observed_.data[i]);
      j += 0.5 * r * r;
    }
  MPI_Bcast(&j, 1, MPI_DOUBLE, 0, comm_);
  pdeSolves += double(config_.sources.size());
  return j;
}

double AcousticLsiData::modelError(const Field2D& q, const Field2D& truth) const {
  std::vector<double> d(q.values.size());
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = q.values[i] - truth.values[i];
  return norm(d) / norm(truth.values);
}

}  // namespace pairinv::inversion
