#include "inversion/acoustic3d_fwi.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/error.hpp"
#include "core/log.hpp"
#include "inversion/evaluation_metrics.hpp"
#include "inversion/tao_driver.hpp"

namespace pairinv::inversion {

using acoustic::Parametrisation;

namespace {

/// The TAO variables of one stage: the parameter (velocity or 1/v^2) over its mean, in bounds.
struct Scaling {
  Parametrisation kind;
  double scale = 1.0, lo = 0.0, hi = 0.0;
  Scaling(const Field3D& velocity, const FwiSettings& s) : kind(s.parametrisation) {
    const bool slowness = kind == Parametrisation::SlownessSquared;
    lo = slowness ? 1.0 / (s.vmax * s.vmax) : s.vmin;
    hi = slowness ? 1.0 / (s.vmin * s.vmin) : s.vmax;
    double sum = 0.0;
    for (double v : velocity.values) sum += parameter(v);
    scale = sum / double(velocity.values.size());
  }
  double parameter(double v) const { return kind == Parametrisation::SlownessSquared ? 1.0 / (v * v) : v; }
  double velocity(double x) const {
    const double m = x * scale;
    return kind == Parametrisation::SlownessSquared ? 1.0 / std::sqrt(m) : m;
  }
  /// dJ/dx from dJ/dv at velocity v: dv/dm is 1, or -v^3 / 2 for m = 1/v^2.
  double chain(double dJdv, double v) const {
    return dJdv * scale * (kind == Parametrisation::SlownessSquared ? -0.5 * v * v * v : 1.0);
  }
};

}  // namespace

Field3D runAcousticFwi3D(MPI_Comm comm, const FwiSettings& settings, const Fwi3DProblem& problem) {
  const auto relativeError = [truth = problem.truth](const Field3D& v) {
    return relativeModelError(v.values, truth->values);
  };
  TaoDriver3D driver(comm, settings.output, problem.truth,
                     problem.truth ? std::function<double(const Field3D&)>(relativeError) : nullptr);
  Field3D velocity = problem.initial;
  driver.resume(velocity);

  acoustic3d::Acoustic3DConfig base = problem.config;
  base.pmlVelocity = base.pmlVelocity > 0 ? base.pmlVelocity : problem.initial.max();  // fixed profiles
  const std::vector<double> wavelet = acoustic3d::makeWavelet3D(base);
  for (int s = driver.firstStage(); s < int(settings.cutoffs.size()); ++s) {
    if (driver.iterationsLeft(s, settings.iterations) <= 0) continue;
    // The stage's problem: wavelet and observed data low-passed alike.
    acoustic3d::Acoustic3DConfig config = base;
    acoustic::ShotGathers observed = problem.observed;
    FwiStageData d = lowPassStage(settings, s, wavelet, base.dt, base.recordEvery, observed);
    config.customWavelet = std::move(d.wavelet);
    TaoStage3D stage;
    stage.index = d.index, stage.count = d.count, stage.iterations = d.iterations;
    stage.maxEvaluations = d.maxEvaluations, stage.dataNorm = d.dataNorm;
    const Scaling sc(velocity, settings);
    for (double v : velocity.values) stage.start.push_back(std::clamp(sc.parameter(v), sc.lo, sc.hi) / sc.scale);
    stage.lower.assign(velocity.values.size(), sc.lo / sc.scale);
    stage.upper.assign(velocity.values.size(), sc.hi / sc.scale);
    stage.model = [&, sc](const std::vector<double>& x) {
      Field3D v(problem.initial.grid);
      for (std::size_t i = 0; i < x.size(); ++i) v.values[i] = sc.velocity(x[i]);
      return v;
    };
    stage.evaluate = [&, sc](const std::vector<double>& x, std::vector<double>& gradient, double& pdeSolves) {
      const Field3D v = stage.model(x);
      const acoustic3d::Gradient3DResult r = acoustic3d::acousticGradient3D(comm, v, config, observed);
      gradient.resize(x.size());
      for (std::size_t i = 0; i < x.size(); ++i) gradient[i] = sc.chain(r.gradient.values[i], v.values[i]);
      // Forward steps (the first sweep and the recomputations) and the adjoint, in solves.
      double steps = 0;
      const double local = double(r.forwardSteps);
      MPI_Allreduce(&local, &steps, 1, MPI_DOUBLE, MPI_SUM, comm);
      int size = 1;
      MPI_Comm_size(comm, &size);
      const int perShot = config.ranksPerShot == 0 ? size : config.ranksPerShot;
      pdeSolves += steps / perShot / config.nt + double(config.sources.size());
      return r.objective;
    };
    velocity = driver.run(stage, velocity);
  }
  driver.finish(velocity, problem.initial);
  return velocity;
}

}  // namespace pairinv::inversion
