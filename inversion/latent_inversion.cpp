#include "inversion/latent_inversion.hpp"

#include <petsctao.h>

#include <chrono>
#include <cmath>
#include <exception>
#include <numeric>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/npy.hpp"
#include "core/options.hpp"
#include "core/petsc_check.hpp"
#include "core/petsc_handle.hpp"
#include "inversion/history_log.hpp"
#include "inversion/iteration_output.hpp"

namespace pairinv::inversion {

using TaoHandle = PetscHandle<Tao, TaoDestroy>;

LsiSettings readLsiSettings(MPI_Comm comm) {
  LsiSettings s;
  OptionsBlock o(comm, "lsi_", "Latent-space inversion (TAO L-BFGS on the latent vector)");
  s.iterations = int(o.integer("-iterations", "L-BFGS iterations", 20, 1));
  s.alpha = o.real("-alpha", "Weight of alpha/2 |z - z*|^2 against the data term normalised to 1 at z*", 1e-3, 0.0);
  return s;
}

void probeLsiTaoOptions(MPI_Comm comm) {
  TaoHandle tao;
  PAIRINV_PETSC(TaoCreate(comm, tao.out()));
  PAIRINV_PETSC(TaoSetType(tao, TAOLMVM));
  PAIRINV_PETSC(TaoSetOptionsPrefix(tao, "lsi_"));
  PAIRINV_PETSC(TaoSetFromOptions(tao));
}

namespace {

double norm(const std::vector<double>& v) { return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)); }

struct LsiRun {
  MPI_Comm comm;
  int rank = 0;
  const LsiSettings& settings;
  const LsiProblem& problem;
  const LatentModel& decoder;
  HistoryLog& history;
  IterationOutput& output;
  acoustic::AcousticConfig config;
  double j0 = 0.0, dataNorm = 1.0, pdeSolves = 0.0, secondsBefore = 0.0;
  int firstIteration = 0;
  bool logFirst = true;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  Field2D current;
  std::vector<double> z, lastZ;  // lastZ: where the data term was last evaluated
  double lastObjective = 0.0;
  std::exception_ptr error;

  LsiRun(MPI_Comm c, const LsiSettings& s, const LsiProblem& p, const LatentModel& d, HistoryLog& h,
         IterationOutput& o)
      : comm(c), settings(s), problem(p), decoder(d), history(h), output(o) {
    MPI_Comm_rank(comm, &rank);
  }

  /// D_q(z) computed on rank 0 and shared.
  Field2D decode(const std::vector<double>& latent) const {
    Field2D q(problem.grid);
    if (rank == 0) {
      q.values = decoder.decode(latent);
      require(q.values.size() == problem.grid.size(), "the decoder returns ", q.values.size(),
              " model values; the survey grid has ", problem.grid.size());
    }
    MPI_Bcast(q.values.data(), int(q.values.size()), MPI_DOUBLE, 0, comm);
    return q;
  }

  std::vector<double> pullBack(const std::vector<double>& latent, const std::vector<double>& g) const {
    std::vector<double> out(latent.size());
    if (rank == 0) out = decoder.vjp(latent, g);
    MPI_Bcast(out.data(), int(out.size()), MPI_DOUBLE, 0, comm);
    return out;
  }

  /// J(q) and its gradient with the true PDE.
  acoustic::GradientResult data(const Field2D& q) {
    requirePositiveFinite(q, "the decoded model");
    pdeSolves += double(config.sources.size()) * 2.0;
    auto r = acoustic::acousticGradient(comm, q, config, problem.observed, nullptr, acoustic::Parametrisation::Velocity);
    if (r.plan.segments > 1) pdeSolves += double(config.sources.size());
    return r;
  }

  void evaluate(Vec x, PetscReal* f, Vec g) {
    std::vector<double> latent(problem.zStar.size());
    const PetscScalar* xa = nullptr;
    PAIRINV_PETSC(VecGetArrayRead(x, &xa));
    std::copy(xa, xa + latent.size(), latent.begin());
    PAIRINV_PETSC(VecRestoreArrayRead(x, &xa));
    const Field2D q = decode(latent);
    const acoustic::GradientResult r = data(q);
    const std::vector<double> gz = pullBack(latent, r.gradient.values);
    double penalty = 0.0;
    PetscScalar* ga = nullptr;
    PAIRINV_PETSC(VecGetArray(g, &ga));
    for (std::size_t i = 0; i < latent.size(); ++i) {
      const double d = latent[i] - problem.zStar[i];
      penalty += 0.5 * settings.alpha * d * d;
      ga[i] = gz[i] / j0 + settings.alpha * d;
    }
    PAIRINV_PETSC(VecRestoreArray(g, &ga));
    *f = r.objective / j0 + penalty;
    lastZ = latent, lastObjective = r.objective;
  }

  double seconds() const {
    return secondsBefore + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  void record(int iteration, double objective) {
    double modelError = NAN;
    if (problem.truth) {
      std::vector<double> d(current.values.size());
      for (std::size_t i = 0; i < d.size(); ++i) d[i] = current.values[i] - problem.truth->values[i];
      modelError = norm(d) / norm(problem.truth->values);
    }
    const double misfit = std::sqrt(2.0 * objective) / dataNorm;
    history.append({double(iteration), 0.0, objective, misfit, modelError, pdeSolves, seconds()});
    output.writeIterate(iteration, current);
    output.saveState(current, {0.0, double(iteration), pdeSolves, seconds(), double(iteration)});
    if (rank == 0)
      writeNpy(settings.output / "state" / "latest_z.npy", {z.size()}, z.data(), NpyType::Float64);
    logInfo(concat("lsi: iteration ", iteration, "  data misfit ", misfit,
                   problem.truth ? concat("  model error ", modelError) : "", "  PDE solves ", pdeSolves, "  ",
                   std::round(seconds() * 10) / 10, " s"));
  }

  void monitor(Tao tao) {
    PetscInt its = 0;
    PAIRINV_PETSC(TaoGetIterationNumber(tao, &its));
    if (its == 0 && !logFirst) return;
    Vec x;
    PAIRINV_PETSC(TaoGetSolution(tao, &x));
    const PetscScalar* xa = nullptr;
    PAIRINV_PETSC(VecGetArrayRead(x, &xa));
    z.assign(xa, xa + problem.zStar.size());
    PAIRINV_PETSC(VecRestoreArrayRead(x, &xa));
    current = decode(z);
    // The data term alone, by the true PDE (the honest misfit, comparable with FWI's): the line
    // search usually ends where it last evaluated; otherwise model the data once more.
    double objective = lastObjective;
    if (z != lastZ) {
      const acoustic::ShotGathers synthetic = acoustic::simulateShots(comm, current, config);
      objective = 0.0;
      if (rank == 0)
        for (std::size_t i = 0; i < synthetic.data.size(); ++i) {
          const double r = synthetic.data[i] - problem.observed.data[i];
          objective += 0.5 * r * r;
        }
      MPI_Bcast(&objective, 1, MPI_DOUBLE, 0, comm);
      pdeSolves += double(config.sources.size());
    }
    record(firstIteration + int(its), objective);
  }
};

template <typename Member, typename... Args>
PetscErrorCode guarded(void* ctx, Member member, Args... args) {
  auto* run = static_cast<LsiRun*>(ctx);
  try {
    (run->*member)(args...);
    return 0;
  } catch (...) {
    run->error = std::current_exception();  // never unwind through PETSc
    return PETSC_ERR_USER;
  }
}

PetscErrorCode evaluateCallback(Tao, Vec x, PetscReal* f, Vec g, void* ctx) {
  return guarded(ctx, &LsiRun::evaluate, x, f, g);
}
PetscErrorCode monitorCallback(Tao tao, void* ctx) { return guarded(ctx, &LsiRun::monitor, tao); }

}  // namespace

LsiResult runLatentInversion(MPI_Comm comm, const LsiSettings& settings, const LsiProblem& problem,
                             const LatentModel& decoder) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  IterationOutput output(settings.output, problem.truth, rank == 0);
  HistoryLog history(settings.output / "history.csv",
                     {"iteration", "stage", "objective", "data_misfit", "model_error", "pde_solves", "seconds"});
  LsiRun run(comm, settings, problem, decoder, history, output);
  run.config = problem.config;
  run.dataNorm = norm(problem.observed.data);
  require(run.dataNorm > 0, "the observed data are zero");

  LsiResult result;
  result.estimate = run.decode(problem.zStar);
  run.config.dampingVelocity = run.config.dampingVelocity > 0 ? run.config.dampingVelocity : result.estimate.min();
  run.config.pmlVelocity = run.config.pmlVelocity > 0 ? run.config.pmlVelocity : result.estimate.max();
  output.addReference("estimate", result.estimate);

  // Resume from the last latent iterate, if any.
  run.z = problem.zStar;
  Field2D ignored(problem.grid);
  std::vector<double> counters;
  const bool resumed = output.loadState(ignored, counters, 5);
  int done = 0;
  if (resumed) {
    const NpyArray z = readNpy(settings.output / "state" / "latest_z.npy");
    require(z.data.size() == problem.zStar.size(), "cannot resume: the saved latent vector has ", z.data.size(),
            " entries, the decoder ", problem.zStar.size());
    run.z = z.data;
    done = int(counters[1]);
    run.firstIteration = done;
    run.pdeSolves = counters[2];
    run.secondsBefore = counters[3];
    run.logFirst = false;
    history.resume();
    logInfo(concat("lsi: resuming at iteration ", done, " from ", settings.output.string()));
  }
  MPI_Bcast(run.z.data(), int(run.z.size()), MPI_DOUBLE, 0, comm);
  // Normalise by the data term at the learned estimate z*.
  run.j0 = std::max(run.data(result.estimate).objective, 1e-300);

  const int remaining = settings.iterations - done;
  if (remaining > 0) {
    VecHandle x;
    PAIRINV_PETSC(VecCreateSeq(PETSC_COMM_SELF, PetscInt(run.z.size()), x.out()));
    PetscScalar* xa = nullptr;
    PAIRINV_PETSC(VecGetArray(x, &xa));
    std::copy(run.z.begin(), run.z.end(), xa);
    PAIRINV_PETSC(VecRestoreArray(x, &xa));
    TaoHandle tao;
    PAIRINV_PETSC(TaoCreate(PETSC_COMM_SELF, tao.out()));
    PAIRINV_PETSC(TaoSetType(tao, TAOLMVM));
    PAIRINV_PETSC(TaoSetOptionsPrefix(tao, "lsi_"));
    PAIRINV_PETSC(TaoSetSolution(tao, x));
    PAIRINV_PETSC(TaoSetObjectiveAndGradient(tao, nullptr, evaluateCallback, &run));
    PAIRINV_PETSC(TaoSetMonitor(tao, monitorCallback, &run, nullptr));
    PAIRINV_PETSC(TaoSetMaximumIterations(tao, remaining));
    PAIRINV_PETSC(TaoSetMaximumFunctionEvaluations(tao, 4 * remaining + 10));
    PAIRINV_PETSC(TaoSetTolerances(tao, 0.0, 0.0, 0.0));
    PAIRINV_PETSC(TaoSetFromOptions(tao));
    const PetscErrorCode code = TaoSolve(tao);
    if (run.error) std::rethrow_exception(run.error);
    PAIRINV_PETSC(code);
  }
  result.z = run.z;
  result.model = run.decode(run.z);
  output.writeFinal(result.model, result.estimate, history);
  if (rank == 0) writeNpy(settings.output / "z_final.npy", {result.z.size()}, result.z.data(), NpyType::Float64);
  return result;
}

}  // namespace pairinv::inversion
