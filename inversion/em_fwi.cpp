#include "inversion/em_fwi.hpp"

#include <petscsys.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/error.hpp"
#include "core/options.hpp"
#include "inversion/model_smoothing.hpp"
#include "inversion/tao_driver.hpp"
#include "solvers/em/em_gradient.hpp"

namespace pairinv::inversion {

namespace {

bool isEarth(double sigma) { return sigma > kEmAirConductivity; }

double norm(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

}  // namespace

EmFwiSettings readEmFwiSettings(MPI_Comm comm, bool readIterations) {
  EmFwiSettings s;
  {
    OptionsBlock o(comm, "fwi_", "EM inversion of log-conductivity (TAO bound-constrained L-BFGS)");
    if (readIterations) s.iterations = int(o.integer("-iterations", "L-BFGS iterations", 10, 1));
    s.sigmaMin = o.real("-sigma_min", "Lower conductivity bound of the earth in S/m", 1e-4, 1e-300);
    s.sigmaMax = o.real("-sigma_max", "Upper conductivity bound of the earth in S/m", 10.0, 1e-300);
    enum class Weights { Relative, None };
    s.relativeWeights = o.choice("-data_weights", "Data weights: relative (1/|d_obs| per datum; none for "
                                 "logamp_phase data) or none", Weights::Relative,
                                 EnumNames<Weights>{{Weights::Relative, "relative"}, {Weights::None, "none"}}) ==
                        Weights::Relative;
  }
  require(s.sigmaMin < s.sigmaMax, "-fwi_sigma_min (", s.sigmaMin, ") must be below -fwi_sigma_max (", s.sigmaMax,
          ")");
  require(s.sigmaMin > kEmAirConductivity, "-fwi_sigma_min (", s.sigmaMin, ") must exceed ", kEmAirConductivity,
          " S/m: cells that resistive are air and are not inverted");
  PetscBool stages = PETSC_FALSE;
  PetscOptionsHasName(nullptr, nullptr, "-fwi_frequencies", &stages);
  require(!stages, "-fwi_frequencies (frequency continuation) applies to -physics acoustic only: the EM inversion "
          "fits all -em_frequencies at once (diffusive fields do not cycle-skip)");
  return s;
}

std::vector<double> emDataWeights(const std::vector<double>& observed, em::RealForm form, bool relative) {
  std::vector<double> w(observed.size(), 1.0);
  if (!relative || form == em::RealForm::LogAmpPhase) return w;
  const std::size_t n = observed.size() / 2;  // part 1 follows part 0
  if (form == em::RealForm::RhoaPhase) {  // in units of relative impedance error, as ln Z's parts
    std::fill(w.begin(), w.begin() + std::ptrdiff_t(n), std::log(10.0) / 2.0);
    std::fill(w.begin() + std::ptrdiff_t(n), w.end(), M_PI / 180.0);
    return w;
  }
  double largest = 0.0;
  for (std::size_t k = 0; k < n; ++k) largest = std::max(largest, std::hypot(observed[k], observed[k + n]));
  const double floor = largest > 0 ? 1e-6 * largest : 1.0;
  for (std::size_t k = 0; k < n; ++k) w[k] = w[k + n] = 1.0 / std::max(std::hypot(observed[k], observed[k + n]), floor);
  return w;
}

double logConductivityError(const Field2D& sigma, const Field2D& truth) {
  double sum = 0.0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < truth.values.size(); ++i)
    if (isEarth(truth.values[i])) {
      const double d = std::log10(sigma.values[i] / truth.values[i]);
      sum += d * d, ++count;
    }
  return count ? std::sqrt(sum / double(count)) : 0.0;
}

Field2D emSmoothStart(const Field2D& model, double length) {
  const Grid2D& g = model.grid;
  Field2D logs(g);
  double earthSum = 0.0;
  std::size_t earthCount = 0;
  for (std::size_t i = 0; i < model.values.size(); ++i)
    if (isEarth(model.values[i])) logs.values[i] = std::log(model.values[i]), earthSum += logs.values[i], ++earthCount;
  require(earthCount > 0, "the model has no earth cells (all at or below ", kEmAirConductivity, " S/m)");
  for (int ix = 0; ix < g.nx; ++ix)
    for (int iz = 0; iz < g.nz; ++iz) {
      if (isEarth(model.at(iz, ix))) continue;
      int nearest = -1;  // the closest earth cell of the column
      for (int k = 0; k < g.nz; ++k)
        if (isEarth(model.at(k, ix)) && (nearest < 0 || std::abs(k - iz) < std::abs(nearest - iz))) nearest = k;
      logs.at(iz, ix) = nearest >= 0 ? logs.at(nearest, ix) : earthSum / double(earthCount);
    }
  const Field2D smooth = gaussianSmooth(logs, length);
  Field2D out = model;
  for (std::size_t i = 0; i < out.values.size(); ++i)
    if (isEarth(model.values[i])) out.values[i] = std::exp(smooth.values[i]);
  return out;
}

Field2D emHalfSpaceStart(const Field2D& model, double sigma) {
  double logSum = 0.0;
  std::size_t count = 0;
  for (double s : model.values)
    if (isEarth(s)) logSum += std::log(s), ++count;
  require(count > 0, "the model has no earth cells (all at or below ", kEmAirConductivity, " S/m)");
  const double value = sigma > 0 ? sigma : std::exp(logSum / double(count));
  Field2D out = model;
  for (double& s : out.values)
    if (isEarth(s)) s = value;
  return out;
}

Field2D runEmFwi(MPI_Comm comm, const EmFwiSettings& settings, const EmFwiProblem& problem) {
  ensure(problem.observed.size() == 2 * problem.config.frequencies.size() * std::size_t(problem.config.sourceCount()) *
                                         problem.config.receivers.size(),
          "observed EM data of ", problem.observed.size(), " values do not fit the acquisition");
  // TAO's variables: ln sigma of the starting model's earth cells.
  std::vector<std::size_t> earth;
  for (std::size_t i = 0; i < problem.initial.values.size(); ++i)
    if (isEarth(problem.initial.values[i])) earth.push_back(i);
  require(!earth.empty(), "the starting model has no earth cells (all at or below ", kEmAirConductivity,
          " S/m): nothing to invert");
  const std::vector<double> weights = emDataWeights(problem.observed, problem.config.form, settings.relativeWeights);

  const Field2D* truth = problem.truth;
  TaoDriver driver(comm, settings.output, truth,
                   truth ? std::function<double(const Field2D&)>(
                               [truth](const Field2D& s) { return logConductivityError(s, *truth); })
                         : nullptr,
                   "conductivity", true);
  Field2D sigma = problem.initial;
  driver.resume(sigma);

  TaoStage stage;
  stage.iterations = settings.iterations;
  stage.maxEvaluations = settings.maxEvaluations;
  std::vector<double> weighted(problem.observed.size());
  for (std::size_t i = 0; i < weighted.size(); ++i) weighted[i] = weights[i] * problem.observed[i];
  stage.dataNorm = norm(weighted);
  require(stage.dataNorm > 0, "the observed EM data are zero");
  const double lo = std::log(settings.sigmaMin), hi = std::log(settings.sigmaMax);
  for (std::size_t i : earth) stage.start.push_back(std::clamp(std::log(sigma.values[i]), lo, hi));
  stage.lower.assign(earth.size(), lo);
  stage.upper.assign(earth.size(), hi);
  const Field2D air = sigma;  // the air cells' values (never changed)
  stage.model = [&](const std::vector<double>& x) {
    Field2D s = air;
    for (std::size_t k = 0; k < earth.size(); ++k) s.values[earth[k]] = std::exp(x[k]);
    return s;
  };
  const double solvesPerEvaluation =
      2.0 * double(problem.config.frequencies.size()) * double(problem.config.sourceCount());
  stage.evaluate = [&](const std::vector<double>& x, std::vector<double>& gradient, double& pdeSolves) {
    const em::EmGradientResult r = em::emGradient(comm, stage.model(x), problem.config, problem.observed, &weights);
    gradient.resize(earth.size());
    for (std::size_t k = 0; k < earth.size(); ++k) gradient[k] = r.gradient.values[earth[k]];
    pdeSolves += solvesPerEvaluation;
    return r.objective;
  };
  sigma = driver.run(stage, sigma);
  driver.finish(sigma, problem.initial);
  return sigma;
}

}  // namespace pairinv::inversion
