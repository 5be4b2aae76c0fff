#include "inversion/latent_inversion.hpp"

#include <cmath>
#include <functional>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/log_events.hpp"
#include "core/npy.hpp"
#include "core/options.hpp"
#include "inversion/acoustic_lsi_data.hpp"
#include "core/root_errors.hpp"
#include "inversion/tao_driver.hpp"

namespace pairinv::inversion {

LsiSettings readLsiSettings(MPI_Comm comm) {
  LsiSettings s;
  OptionsBlock o(comm, "lsi_", "Latent-space inversion (TAO L-BFGS on the latent vector)");
  s.iterations = int(o.integer("-iterations", "L-BFGS iterations", 20, 1));
  s.alpha = o.real("-alpha", "Weight of alpha/2 |z - z*|^2 against the data term normalised to 1 at z*", 1.0, 0.0);
  s.polishIterations = int(o.integer("-polish_iterations", "Model-space polish after LSI: iterations of the "
                                     "physics' FWI (one full-band stage) from LSI's final model D_q(z); 0: none",
                                     0, 0));
  return s;
}

void probeLsiTaoOptions(MPI_Comm comm) { probeTaoOptions(comm, "lsi_", false); }

LatentObjective::LatentObjective(MPI_Comm comm, LsiDataTerm& data, const LatentModel& decoder, const Grid2D& grid,
                                 std::vector<double> zStar, double alpha)
    : comm_(comm), data_(data), decoder_(decoder), grid_(grid), zStar_(std::move(zStar)), alpha_(alpha) {}

Field2D LatentObjective::decode(const std::vector<double>& z) const {
  // Checked on rank 0 inside the computation, so that a failure reaches every rank.
  Field2D q(grid_);
  q.values = runOnRoot(comm_, [&] {
    LogEvent event(Event::NetworkForward);
    std::vector<double> values = decoder_.decode(z);
    require(values.size() == grid_.size(), "the decoder returns ", values.size(), " model values; the survey grid has ",
            grid_.size());
    return values;
  });
  return q;
}

double LatentObjective::evaluate(const std::vector<double>& z, std::vector<double>& gradient, double& pdeSolves) {
  const Field2D q = decode(z);
  std::vector<double> gq;
  const double j = data_.evaluate(q, gq, pdeSolves);
  gradient = runOnRoot(comm_, [&] {  // J_D(z)^T dJ/dq
    LogEvent event(Event::NetworkBackward);
    std::vector<double> g = decoder_.vjp(z, gq);
    require(g.size() == z.size(), "the decoder's vector-Jacobian product has ", g.size(),
            " values; the latent vector has ", z.size());
    return g;
  });
  double penalty = 0.0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double d = z[i] - zStar_[i];
    penalty += 0.5 * alpha_ * d * d;
    gradient[i] += scale_ * alpha_ * d;
  }
  lastZ_ = z, lastData_ = j;
  if (scale_ <= 0) scale_ = j > 0 ? j : 1.0;  // unset: the first evaluation (at z*) fixes it, as TaoDriver's J0
  return j + scale_ * penalty;
}

double LatentObjective::dataObjective(const std::vector<double>& z, double& pdeSolves) {
  // The line search usually ends where it last evaluated; otherwise model the data once more.
  if (z == lastZ_) return lastData_;
  lastZ_ = z, lastData_ = data_.objective(decode(z), pdeSolves);
  return lastData_;
}

LsiResult runLatentInversion(MPI_Comm comm, const LsiSettings& settings, LsiDataTerm& data, const Grid2D& grid,
                             const std::vector<double>& zStar, const Field2D* truth, const LatentModel& decoder) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  LatentObjective objective(comm, data, decoder, grid, zStar, settings.alpha);
  TaoDriver driver(comm, settings.output, truth,
                   truth ? std::function<double(const Field2D&)>(
                               [&data, truth](const Field2D& q) { return data.modelError(q, *truth); })
                         : nullptr,
                   data.quantity(), data.logarithmic(), "lsi_");
  LsiResult result;
  result.estimate = objective.decode(zStar);
  data.prepare(result.estimate);
  driver.addReference("estimate", result.estimate);

  TaoStage stage;
  stage.iterations = settings.iterations;
  stage.dataNorm = data.dataNorm();
  stage.start = zStar;
  stage.variablesFile = "latest_z.npy";
  Field2D resumed(grid);
  const bool resumedRun = driver.resume(resumed);
  if (resumedRun && driver.replays()) {
    // From z* again, replaying the logged calls: the scale is what the first one (at z*) fixed.
    objective.setScale(driver.firstLoggedObjective());
  } else if (resumedRun) {
    // A state without an evaluation log: from the last iterate, with a fresh L-BFGS memory.
    stage.start = driver.loadVariables(stage.variablesFile, zStar.size());
    // Normalise by the data term at z* as the first run did (there, TAO's first evaluation).
    double solves = 0.0;
    const double j = data.objective(result.estimate, solves);
    stage.objectiveScale = j > 0 ? j : 1.0;
    objective.setScale(stage.objectiveScale);
  }
  stage.model = [&](const std::vector<double>& z) { return objective.decode(z); };
  stage.evaluate = [&](const std::vector<double>& z, std::vector<double>& gradient, double& pdeSolves) {
    return objective.evaluate(z, gradient, pdeSolves);
  };
  stage.dataObjective = [&](const std::vector<double>& z, double& pdeSolves) {
    return objective.dataObjective(z, pdeSolves);
  };
  result.z = stage.start;
  result.model = driver.run(stage, objective.decode(stage.start), &result.z);
  driver.finish(result.model, result.estimate);
  if (rank == 0) writeNpy(settings.output / "z_final.npy", {result.z.size()}, result.z.data(), NpyType::Float64);
  return result;
}

LsiResult runLatentInversion(MPI_Comm comm, const LsiSettings& settings, const LsiProblem& problem,
                             const LatentModel& decoder) {
  AcousticLsiData data(comm, problem.config, problem.observed);
  return runLatentInversion(comm, settings, data, problem.grid, problem.zStar, problem.truth, decoder);
}

}  // namespace pairinv::inversion
