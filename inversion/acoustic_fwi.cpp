#include "inversion/acoustic_fwi.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "inversion/evaluation_metrics.hpp"
#include "inversion/lowpass_filter.hpp"
#include "inversion/tao_driver.hpp"

namespace pairinv::inversion {

using acoustic::Parametrisation;

FwiSettings readFwiSettings(MPI_Comm comm, bool readIterations, bool readFrequencies) {
  FwiSettings s;
  OptionsBlock o(comm, "fwi_", "Full-waveform inversion (TAO bound-constrained L-BFGS)");
  if (readIterations) s.iterations = int(o.integer("-iterations", "L-BFGS iterations per frequency stage", 10, 1));
  if (readFrequencies)
    s.cutoffs = o.realList("-frequencies", "Low-pass cutoff of each stage in Hz, e.g. 5,10,0 (0: full band)", {0.0});
  for (double c : s.cutoffs) require(c >= 0, "-fwi_frequencies entries must be >= 0 (0 is the full band)");
  s.vmin = o.real("-vmin", "Lower velocity bound in m/s", 1000.0, 1e-3);
  s.vmax = o.real("-vmax", "Upper velocity bound in m/s", 6000.0, 1e-3);
  require(s.vmin < s.vmax, "-fwi_vmin (", s.vmin, ") must be below -fwi_vmax (", s.vmax, ")");
  s.parametrisation = o.choice("-parametrisation", "Inverted parameter: velocity or slowness2 (1/v^2)",
                               Parametrisation::Velocity,
                               EnumNames<Parametrisation>{{Parametrisation::Velocity, "velocity"},
                                                          {Parametrisation::SlownessSquared, "slowness2"}});
  return s;
}

namespace {

double norm(const std::vector<double>& v) { return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)); }

}  // namespace

FwiStageData lowPassStage(const FwiSettings& settings, int s, const std::vector<double>& wavelet, double dt,
                          int recordEvery, acoustic::ShotGathers& observed) {
  const double cutoff = settings.cutoffs[std::size_t(s)];
  FwiStageData d;
  d.wavelet = lowPass(wavelet, dt, cutoff);
  lowPassTraces(observed.data, observed.nshots, observed.nsamples, observed.nreceivers, dt * recordEvery, cutoff);
  d.index = s;
  d.count = int(settings.cutoffs.size());
  d.iterations = settings.iterations;
  d.maxEvaluations = settings.maxEvaluations;
  d.dataNorm = norm(observed.data);
  require(d.dataNorm > 0, "the observed data are zero", cutoff > 0 ? " after the low-pass filter" : "");
  return d;
}

Field2D runAcousticFwi(MPI_Comm comm, const FwiSettings& settings, const FwiProblem& problem) {
  const auto relativeError = [truth = problem.truth](const Field2D& v) {
    return relativeModelError(v.values, truth->values);
  };
  TaoDriver driver(comm, settings.output, problem.truth,
                   problem.truth ? std::function<double(const Field2D&)>(relativeError) : nullptr);
  Field2D velocity = problem.initial;
  driver.resume(velocity);

  acoustic::AcousticConfig base = problem.config;
  base.dampingVelocity = base.dampingVelocity > 0 ? base.dampingVelocity : problem.initial.min();
  base.pmlVelocity = base.pmlVelocity > 0 ? base.pmlVelocity : problem.initial.max();
  const std::vector<double> wavelet = acoustic::makeWavelet(base);
  // Dead traces (exactly zero in the observed data) stay out of the misfit in every stage.
  std::size_t dead = 0;
  const std::vector<double> weights = acoustic::liveTraceWeights(problem.observed, &dead);
  if (dead > 0)
    logInfo(concat("fwi: ", dead, " of ", std::size_t(problem.observed.nshots) * std::size_t(problem.observed.nreceivers),
                   " traces of the observed data are zero: left out of the misfit as dead traces"));

  for (int s = driver.firstStage(); s < int(settings.cutoffs.size()); ++s) {
    if (driver.iterationsLeft(s, settings.iterations) <= 0) continue;
    // The stage's problem: wavelet and observed data low-passed alike.
    acoustic::AcousticConfig config = base;
    acoustic::ShotGathers observed = problem.observed;
    FwiStageData d = lowPassStage(settings, s, wavelet, base.dt, base.recordEvery, observed);
    config.customWavelet = std::move(d.wavelet);
    TaoStage stage;
    stage.index = d.index, stage.count = d.count, stage.iterations = d.iterations;
    stage.maxEvaluations = d.maxEvaluations, stage.dataNorm = d.dataNorm;

    // TAO's variables: the parameter (velocity or slowness squared) over its mean.
    const Field2D m = acoustic::toParameter(velocity, settings.parametrisation);
    const double scale = std::accumulate(m.values.begin(), m.values.end(), 0.0) / double(m.values.size());
    const bool slowness = settings.parametrisation == Parametrisation::SlownessSquared;
    const double lo = slowness ? 1.0 / (settings.vmax * settings.vmax) : settings.vmin;
    const double hi = slowness ? 1.0 / (settings.vmin * settings.vmin) : settings.vmax;
    stage.lower.assign(m.values.size(), lo / scale);
    stage.upper.assign(m.values.size(), hi / scale);
    for (double v : m.values) stage.start.push_back(std::clamp(v, lo, hi) / scale);
    stage.model = [&, scale](const std::vector<double>& x) {
      Field2D p(problem.initial.grid);
      for (std::size_t i = 0; i < p.values.size(); ++i) p.values[i] = x[i] * scale;
      return acoustic::toVelocity(p, settings.parametrisation);
    };
    stage.evaluate = [&, scale](const std::vector<double>& x, std::vector<double>& gradient, double& pdeSolves) {
      const acoustic::GradientResult r = acoustic::acousticGradient(
          comm, stage.model(x), config, observed, weights.empty() ? nullptr : &weights, settings.parametrisation);
      gradient.resize(r.gradient.values.size());
      for (std::size_t i = 0; i < gradient.size(); ++i) gradient[i] = r.gradient.values[i] * scale;
      // Forward and adjoint propagation per shot, plus the recomputation when checkpointing.
      pdeSolves += double(config.sources.size()) * (r.plan.recomputes() ? 3.0 : 2.0);
      return r.objective;
    };
    velocity = driver.run(stage, velocity);
  }
  driver.finish(velocity, problem.initial);
  return velocity;
}

}  // namespace pairinv::inversion
