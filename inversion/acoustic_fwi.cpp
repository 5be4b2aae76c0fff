#include "inversion/acoustic_fwi.hpp"

#include <petsctao.h>

#include <chrono>
#include <cmath>
#include <exception>
#include <numeric>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "core/petsc_check.hpp"
#include "core/petsc_handle.hpp"
#include "inversion/history_log.hpp"
#include "inversion/iteration_output.hpp"
#include "inversion/lowpass_filter.hpp"

namespace pairinv::inversion {

using acoustic::Parametrisation;
using TaoHandle = PetscHandle<Tao, TaoDestroy>;

FwiSettings readFwiSettings(MPI_Comm comm) {
  FwiSettings s;
  OptionsBlock o(comm, "fwi_", "Full-waveform inversion (TAO bound-constrained L-BFGS)");
  s.iterations = int(o.integer("-iterations", "L-BFGS iterations per frequency stage", 10, 1));
  s.cutoffs = o.realList("-frequencies", "Low-pass cutoff of each stage in Hz, e.g. 5,10,0 (0: full band)", {0.0});
  for (double c : s.cutoffs) require(c >= 0, "-fwi_frequencies entries must be >= 0 (0 is the full band)");
  s.vmin = o.real("-vmin", "Lower velocity bound in m/s", 1000.0, 1e-3);
  s.vmax = o.real("-vmax", "Upper velocity bound in m/s", 6000.0, 1e-3);
  require(s.vmin < s.vmax, "-fwi_vmin (", s.vmin, ") must be below -fwi_vmax (", s.vmax, ")");
  s.parametrisation = o.choice("-parametrisation", "Inverted parameter: velocity or slowness2 (1/v^2)",
                               "velocity", {"velocity", "slowness2"}) == "velocity"
                          ? Parametrisation::Velocity : Parametrisation::SlownessSquared;
  return s;
}

void probeTaoOptions(MPI_Comm comm) {
  TaoHandle tao;
  PAIRINV_PETSC(TaoCreate(comm, tao.out()));
  PAIRINV_PETSC(TaoSetType(tao, TAOBLMVM));
  PAIRINV_PETSC(TaoSetOptionsPrefix(tao, "fwi_"));
  PAIRINV_PETSC(TaoSetFromOptions(tao));
}

namespace {

double norm(const std::vector<double>& v) { return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)); }

/// One frequency stage: the filtered problem, TAO's callbacks and the per-iteration output.
struct Stage {
  Stage(MPI_Comm c, const FwiSettings& s, const FwiProblem& p, HistoryLog& h, IterationOutput& o)
      : comm(c), settings(s), problem(p), history(h), output(o) {}

  MPI_Comm comm;
  const FwiSettings& settings;
  const FwiProblem& problem;
  HistoryLog& history;
  IterationOutput& output;
  acoustic::AcousticConfig config;
  acoustic::ShotGathers observed;
  double dataNorm = 1.0, scale = 1.0, j0 = 0.0;
  int stage = 0, firstIteration = 0, doneBefore = 0;
  double pdeSolves = 0, secondsBefore = 0;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  Field2D current;
  bool logFirst = true;
  std::exception_ptr error;

  Field2D velocityOf(Vec x) const {
    Field2D m(problem.initial.grid);
    const PetscScalar* a = nullptr;
    PAIRINV_PETSC(VecGetArrayRead(x, &a));
    for (std::size_t i = 0; i < m.values.size(); ++i) m.values[i] = a[i] * scale;
    PAIRINV_PETSC(VecRestoreArrayRead(x, &a));
    return acoustic::toVelocity(m, settings.parametrisation);
  }

  double seconds() const {
    return secondsBefore + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  void evaluate(Vec x, PetscReal* f, Vec g) {
    const Field2D v = velocityOf(x);
    const acoustic::GradientResult r =
        acoustic::acousticGradient(comm, v, config, observed, nullptr, settings.parametrisation);
    if (j0 == 0.0) j0 = r.objective > 0 ? r.objective : 1.0;
    *f = r.objective / j0;
    PetscScalar* ga = nullptr;
    PAIRINV_PETSC(VecGetArray(g, &ga));
    for (std::size_t i = 0; i < r.gradient.values.size(); ++i) ga[i] = r.gradient.values[i] * scale / j0;
    PAIRINV_PETSC(VecRestoreArray(g, &ga));
    // Forward and adjoint propagation per shot, plus the recomputation when checkpointing.
    pdeSolves += double(config.sources.size()) * (r.plan.segments > 1 ? 3.0 : 2.0);
  }

  void monitor(Tao tao) {
    PetscInt its = 0;
    PetscReal f = 0, gnorm = 0, cnorm = 0, xdiff = 0;
    TaoConvergedReason reason;
    PAIRINV_PETSC(TaoGetSolutionStatus(tao, &its, &f, &gnorm, &cnorm, &xdiff, &reason));
    if (its == 0 && !logFirst) return;  // the starting point of a later stage is the last row already
    Vec x;
    PAIRINV_PETSC(TaoGetSolution(tao, &x));
    current = velocityOf(x);
    const int iteration = firstIteration + int(its);
    const double objective = f * j0;
    const double misfit = std::sqrt(2.0 * objective) / dataNorm;
    double modelError = NAN;
    if (problem.truth) {
      std::vector<double> d(current.values.size());
      for (std::size_t i = 0; i < d.size(); ++i) d[i] = current.values[i] - problem.truth->values[i];
      modelError = norm(d) / norm(problem.truth->values);
    }
    history.append({double(iteration), double(stage), objective, misfit, modelError, pdeSolves, seconds()});
    output.writeIterate(iteration, current);
    output.saveState(current, {double(stage), double(doneBefore + its), pdeSolves, seconds(), double(iteration)});
    logInfo(concat("fwi: stage ", stage + 1, "/", settings.cutoffs.size(), " iteration ", iteration, "  objective ",
                   objective, "  data misfit ", misfit, problem.truth ? concat("  model error ", modelError) : "",
                   "  PDE solves ", pdeSolves, "  ", formatSeconds(seconds())));
  }

  static std::string formatSeconds(double s) { return concat(std::round(s * 10) / 10, " s"); }
};

PetscErrorCode evaluateCallback(Tao, Vec x, PetscReal* f, Vec g, void* ctx) {
  auto* s = static_cast<Stage*>(ctx);
  try {
    s->evaluate(x, f, g);
    return 0;
  } catch (...) {
    s->error = std::current_exception();  // never unwind through PETSc
    return PETSC_ERR_USER;
  }
}

PetscErrorCode monitorCallback(Tao tao, void* ctx) {
  auto* s = static_cast<Stage*>(ctx);
  try {
    s->monitor(tao);
    return 0;
  } catch (...) {
    s->error = std::current_exception();
    return PETSC_ERR_USER;
  }
}

}  // namespace

Field2D runAcousticFwi(MPI_Comm comm, const FwiSettings& settings, const FwiProblem& problem) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  IterationOutput output(settings.output, problem.truth, rank == 0);
  HistoryLog history(settings.output / "history.csv",
                     {"iteration", "stage", "objective", "data_misfit", "model_error", "pde_solves", "seconds"});

  // Resume: counters = stage, iterations done in it, PDE solves, seconds, global iteration.
  Field2D velocity = problem.initial;
  std::vector<double> counters;
  const bool resumed = output.loadState(velocity, counters, 5);
  MPI_Bcast(velocity.values.data(), int(velocity.values.size()), MPI_DOUBLE, 0, comm);
  int startStage = 0, doneInStage = 0, iteration = 0;
  double pdeSolves = 0, seconds = 0;
  if (resumed) {
    startStage = int(counters[0]), doneInStage = int(counters[1]), pdeSolves = counters[2], seconds = counters[3];
    iteration = int(counters[4]);
    history.resume();
    logInfo(concat("fwi: resuming at stage ", startStage + 1, ", iteration ", iteration, " from ",
                   settings.output.string()));
  }

  acoustic::AcousticConfig base = problem.config;
  base.dampingVelocity = base.dampingVelocity > 0 ? base.dampingVelocity : problem.initial.min();
  base.pmlVelocity = base.pmlVelocity > 0 ? base.pmlVelocity : problem.initial.max();
  const std::vector<double> wavelet = acoustic::makeWavelet(base);

  for (int s = startStage; s < int(settings.cutoffs.size()); ++s) {
    const int remaining = settings.iterations - (s == startStage ? doneInStage : 0);
    if (remaining <= 0) continue;
    Stage stage(comm, settings, problem, history, output);
    stage.config = base;
    stage.observed = problem.observed;
    stage.stage = s;
    stage.firstIteration = iteration;
    stage.doneBefore = s == startStage ? doneInStage : 0;
    stage.pdeSolves = pdeSolves;
    stage.secondsBefore = seconds;
    stage.current = velocity;
    stage.logFirst = !resumed && s == 0;
    const double cutoff = settings.cutoffs[std::size_t(s)];
    stage.config.customWavelet = lowPass(wavelet, base.dt, cutoff);
    lowPassTraces(stage.observed.data, stage.observed.nshots, stage.observed.nsamples, stage.observed.nreceivers,
                  base.dt * base.recordEvery, cutoff);
    stage.dataNorm = norm(stage.observed.data);
    require(stage.dataNorm > 0, "the observed data are zero", cutoff > 0 ? " after the low-pass filter" : "");

    const Field2D m = acoustic::toParameter(velocity, settings.parametrisation);
    stage.scale = std::accumulate(m.values.begin(), m.values.end(), 0.0) / double(m.values.size());
    const PetscInt n = PetscInt(m.values.size());
    VecHandle x, lower, upper;
    PAIRINV_PETSC(VecCreateSeq(PETSC_COMM_SELF, n, x.out()));
    PAIRINV_PETSC(VecDuplicate(x, lower.out()));
    PAIRINV_PETSC(VecDuplicate(x, upper.out()));
    const bool slowness = settings.parametrisation == Parametrisation::SlownessSquared;
    const double lo = slowness ? 1.0 / (settings.vmax * settings.vmax) : settings.vmin;
    const double hi = slowness ? 1.0 / (settings.vmin * settings.vmin) : settings.vmax;
    PAIRINV_PETSC(VecSet(lower, lo / stage.scale));
    PAIRINV_PETSC(VecSet(upper, hi / stage.scale));
    PetscScalar* xa = nullptr;
    PAIRINV_PETSC(VecGetArray(x, &xa));
    for (PetscInt i = 0; i < n; ++i) xa[i] = std::clamp(m.values[std::size_t(i)], lo, hi) / stage.scale;
    PAIRINV_PETSC(VecRestoreArray(x, &xa));

    // Every rank runs the same TAO on its own copy: the objective and gradient are identical
    // on all ranks, so the iterates are too.
    TaoHandle tao;
    PAIRINV_PETSC(TaoCreate(PETSC_COMM_SELF, tao.out()));
    PAIRINV_PETSC(TaoSetType(tao, TAOBLMVM));
    PAIRINV_PETSC(TaoSetOptionsPrefix(tao, "fwi_"));
    PAIRINV_PETSC(TaoSetSolution(tao, x));
    PAIRINV_PETSC(TaoSetVariableBounds(tao, lower, upper));
    PAIRINV_PETSC(TaoSetObjectiveAndGradient(tao, nullptr, evaluateCallback, &stage));
    PAIRINV_PETSC(TaoSetMonitor(tao, monitorCallback, &stage, nullptr));
    PAIRINV_PETSC(TaoSetMaximumIterations(tao, remaining));
    PAIRINV_PETSC(TaoSetMaximumFunctionEvaluations(tao, 4 * remaining + 10));
    PAIRINV_PETSC(TaoSetTolerances(tao, 0.0, 0.0, 0.0));
    PAIRINV_PETSC(TaoSetFromOptions(tao));
    const PetscErrorCode code = TaoSolve(tao);
    if (stage.error) std::rethrow_exception(stage.error);
    PAIRINV_PETSC(code);
    TaoConvergedReason reason;
    PAIRINV_PETSC(TaoGetConvergedReason(tao, &reason));
    logInfo(concat("fwi: stage ", s + 1, " ended: ", TaoConvergedReasons[reason]));

    velocity = stage.current;
    iteration = int(history.rows().empty() ? 0 : history.rows().back()[0]);
    pdeSolves = stage.pdeSolves;
    seconds = stage.seconds();
    PetscInt its = 0;
    PAIRINV_PETSC(TaoGetIterationNumber(tao, &its));
    // A rerun with more -fwi_iterations continues this stage; otherwise the next one starts.
    output.saveState(velocity, {double(s), double(stage.doneBefore + its), pdeSolves, seconds, double(iteration)});
    doneInStage = 0;
  }
  output.writeFinal(velocity, problem.initial, history);
  return velocity;
}

}  // namespace pairinv::inversion
