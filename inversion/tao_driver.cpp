#include "inversion/tao_driver.hpp"

#include <petsctao.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

#include "core/error.hpp"
#include "core/root_errors.hpp"
#include "core/log.hpp"
#include "core/npy.hpp"
#include "core/progress.hpp"
#include "core/petsc_check.hpp"
#include "core/log_events.hpp"
#include "core/petsc_handle.hpp"

namespace pairinv::inversion {

using TaoHandle = PetscHandle<Tao, TaoDestroy>;

void probeTaoOptions(MPI_Comm comm) { probeTaoOptions(comm, "fwi_", true); }

void probeTaoOptions(MPI_Comm comm, const std::string& prefix, bool bounded) {
  TaoHandle tao;
  PAIRINV_PETSC(TaoCreate(comm, tao.out()));
  PAIRINV_PETSC(TaoSetType(tao, bounded ? TAOBLMVM : TAOLMVM));
  PAIRINV_PETSC(TaoSetOptionsPrefix(tao, prefix.c_str()));
  PAIRINV_PETSC(TaoSetFromOptions(tao));
}

const std::vector<std::string>& inversionHistoryColumns() {
  static const std::vector<std::string> columns = {"iteration",   "stage",      "objective", "data_misfit",
                                                   "model_error", "pde_solves", "seconds"};
  return columns;
}

namespace {

std::vector<double> toVector(Vec x) {
  PetscInt n = 0;
  PAIRINV_PETSC(VecGetLocalSize(x, &n));
  const PetscScalar* a = nullptr;
  PAIRINV_PETSC(VecGetArrayRead(x, &a));
  std::vector<double> v(a, a + n);
  PAIRINV_PETSC(VecRestoreArrayRead(x, &a));
  return v;
}

void fromVector(const std::vector<double>& v, Vec x) {
  PetscScalar* a = nullptr;
  PAIRINV_PETSC(VecGetArray(x, &a));
  std::copy(v.begin(), v.end(), a);
  PAIRINV_PETSC(VecRestoreArray(x, &a));
}

VecHandle makeVector(const std::vector<double>& values) {
  VecHandle v;
  PAIRINV_PETSC(VecCreateSeq(PETSC_COMM_SELF, PetscInt(values.size()), v.out()));
  fromVector(values, v);
  return v;
}

std::string formatSeconds(double s) { return concat(std::round(s * 10) / 10, " s"); }

/// TAO's callbacks for one stage: evaluation, and the record of each iteration.
template <class Field>
struct StageRun {
  StageRun(const BasicTaoStage<Field>& s, const std::function<double(const Field&)>& e, HistoryLog* h,
           BasicIterationOutput<Field>& o, const std::string& name, EvaluationLog& l)
      : stage(s), modelError(e), history(h), output(o), logName(name), log(l) {}

  const BasicTaoStage<Field>& stage;
  const std::function<double(const Field&)>& modelError;
  HistoryLog* history;  // rank 0 only; null elsewhere
  BasicIterationOutput<Field>& output;
  const std::string& logName;
  EvaluationLog& log;  // replays the calls of an interrupted run, then records the new ones
  double j0 = 0.0, pdeSolves = 0.0, secondsBefore = 0.0;
  int firstIteration = 0, doneBefore = 0, lastIteration = 0;
  int recordedThrough = -1;  // iterations up to this one are in the history already (replayed)
  bool logFirst = true;  // false: the starting point is the last history row already
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  Field current;
  std::vector<double> currentVariables;
  std::exception_ptr error;

  double seconds() const {
    return secondsBefore + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  void evaluate(Vec x, PetscReal* f, Vec g) {
    const std::vector<double> variables = toVector(x);
    std::vector<double> gradient;
    double objective = 0.0;
    if (const auto r = log.replay(EvaluationLog::Kind::Objective, variables)) {
      objective = r->value, gradient = r->gradient, pdeSolves += r->solves;
    } else {
      const double before = pdeSolves;
      objective = stage.evaluate(variables, gradient, pdeSolves);
      ensure(gradient.size() == stage.start.size(), "gradient of ", gradient.size(), " values for ",
             stage.start.size(), " variables");
      log.append({EvaluationLog::Kind::Objective, variables, objective, pdeSolves - before, gradient});
    }
    if (j0 == 0.0) j0 = stage.objectiveScale > 0 ? stage.objectiveScale : objective > 0 ? objective : 1.0;
    *f = objective / j0;
    for (double& v : gradient) v /= j0;
    fromVector(gradient, g);
  }

  void monitor(Tao tao) {
    PetscInt its = 0;
    PetscReal f = 0, gnorm = 0, cnorm = 0, xdiff = 0;
    TaoConvergedReason reason;
    PAIRINV_PETSC(TaoGetSolutionStatus(tao, &its, &f, &gnorm, &cnorm, &xdiff, &reason));
    if (its == 0 && !logFirst) return;
    Vec x;
    PAIRINV_PETSC(TaoGetSolution(tao, &x));
    const std::vector<double> variables = toVector(x);
    current = stage.model(variables);
    currentVariables = variables;
    const int iteration = firstIteration + int(its);
    const double objective = stage.dataObjective ? dataObjective(variables) : f * j0;
    lastIteration = iteration;
    if (iteration <= recordedThrough) {  // replayed: its row, iterate and state exist already
      require(!log.diverged(), "cannot resume '", output.dir().string(), "': the inversion no longer repeats the ",
              "recorded one at iteration ", iteration, " (were its options changed?); rerun with the options that ",
              "started it, or delete the folder to start afresh");
      endIteration(its);
      return;
    }
    const double misfit = std::sqrt(2.0 * objective) / stage.dataNorm;
    const double error = modelError ? modelError(current) : NAN;
    if (history)
      history->append({double(iteration), double(stage.index), objective, misfit, error, pdeSolves, seconds()});
    output.writeIterate(iteration, current);
    // The variables first: progress.txt, written last, says which iterate the state holds.
    if (history && !stage.variablesFile.empty())
      writeNpy(output.dir() / "state" / stage.variablesFile, {variables.size()}, variables.data(), NpyType::Float64);
    output.saveState(current, {double(stage.index), double(doneBefore + its), pdeSolves, seconds(), double(iteration)});
    // The stage's ETA from this process's rate; an upper bound, as L-BFGS may converge sooner.
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int left = stage.iterations - (doneBefore + int(its));
    const std::string eta = its > 0 && elapsed > 0
                                ? concat("  ", std::round(double(its) / elapsed * 100) / 100, " it/s, stage ETA <= ",
                                         formatDuration(double(left) * elapsed / double(its)))
                                : "";
    logInfo(concat(logName, ": stage ", stage.index + 1, "/", stage.count, " iteration ", iteration, "  objective ",
                   objective, "  data misfit ", misfit, modelError ? concat("  model error ", error) : "",
                   "  PDE solves ", pdeSolves, "  ", formatSeconds(seconds()), eta));
    endIteration(its);
  }

  /// The data term at an iterate, for the record (replayed, or computed and logged).
  double dataObjective(const std::vector<double>& variables) {
    if (const auto r = log.replay(EvaluationLog::Kind::DataTerm, variables)) {
      pdeSolves += r->solves;
      return r->value;
    }
    const double before = pdeSolves;
    const double value = stage.dataObjective(variables, pdeSolves);
    log.append({EvaluationLog::Kind::DataTerm, variables, value, pdeSolves - before, {}});
    return value;
  }

  /// Marks the end of an iteration in the log (where a rerun's replay may stop).
  void endIteration(PetscInt its) {
    if (!log.replay(EvaluationLog::Kind::IterationEnd, {}))
      log.append({EvaluationLog::Kind::IterationEnd, {}, double(its), 0.0, {}});
  }
};

template <class Run, typename Member, typename... Args>
PetscErrorCode guarded(void* ctx, Member member, Args... args) {
  auto* run = static_cast<Run*>(ctx);
  try {
    (run->*member)(args...);
    return 0;
  } catch (...) {
    run->error = std::current_exception();  // never unwind through PETSc
    return PETSC_ERR_USER;
  }
}

template <class Field>
PetscErrorCode evaluateCallback(Tao, Vec x, PetscReal* f, Vec g, void* ctx) {
  return guarded<StageRun<Field>>(ctx, &StageRun<Field>::evaluate, x, f, g);
}
template <class Field>
PetscErrorCode monitorCallback(Tao tao, void* ctx) {
  return guarded<StageRun<Field>>(ctx, &StageRun<Field>::monitor, tao);
}

int rankOf(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  return rank;
}


}  // namespace

template <class Field>
BasicTaoDriver<Field>::BasicTaoDriver(MPI_Comm comm, const std::filesystem::path& output, const Field* truth,
                                      std::function<double(const Field&)> modelError, const std::string& quantity,
                                      bool logarithmic, const std::string& optionsPrefix)
    : comm_(comm),
      root_(rankOf(comm) == 0),
      prefix_(optionsPrefix),
      logName_(optionsPrefix.substr(0, optionsPrefix.find('_'))),
      modelError_(std::move(modelError)),
      output_(output, truth, rankOf(comm) == 0, quantity, logarithmic),
      history_(output / "history.csv", inversionHistoryColumns()),
      log_(comm, output / "state" / "evaluations.bin") {}

template <class Field>
bool BasicTaoDriver<Field>::resume(Field& model) {
  // Rank 0 alone reads (it alone writes: another rank could otherwise read a state that rank 0 is
  // still replacing) and tells the others.
  std::vector<double> counters(5, 0.0);
  int found = 0;
  runOnRoot(comm_, [&] {
    found = output_.loadState(model, counters, counters.size()) ? 1 : 0;
    if (found) history_.resume();
  });
  MPI_Bcast(&found, 1, MPI_INT, 0, comm_);
  MPI_Bcast(counters.data(), int(counters.size()), MPI_DOUBLE, 0, comm_);
  MPI_Bcast(model.values.data(), int(model.values.size()), MPI_DOUBLE, 0, comm_);
  resumed_ = found != 0;
  if (!resumed_) return false;
  stage_ = int(counters[0]), doneInStage_ = int(counters[1]), pdeSolves_ = counters[2], seconds_ = counters[3];
  iteration_ = int(counters[4]);
  if (root_) history_.dropRowsAfter(double(iteration_));  // rows written after the state
  // To the bit: the stage restarts from its start and replays the logged calls up to the last
  // iterate (TAO's L-BFGS memory cannot be saved); else, from the last iterate with a fresh memory.
  const bool logged = log_.load();
  if (logged && log_.header().stage > stage_) {
    // Killed between the end of a stage (the state) and the first iterate of the next (its log
    // has begun): that stage starts from the state's model, as it did.
    stage_ = log_.header().stage, doneInStage_ = 0;
    logInfo(concat(logName_, ": resuming at the start of stage ", stage_ + 1, " from ", output_.dir().string()));
    return true;
  }
  replays_ = logged && log_.header().stage == stage_ && loadStageStart(model);
  if (replays_) {
    doneInStage_ = 0;
    logInfo(concat(logName_, ": resuming at stage ", stage_ + 1, ", iteration ", iteration_, " from ",
                   output_.dir().string(), " (replaying the stage's logged evaluations to iteration ", iteration_,
                   ", to the bits of an uninterrupted run)"));
  } else {
    logWarning(concat(logName_, ": resuming at stage ", stage_ + 1, ", iteration ", iteration_, " from ",
                      output_.dir().string(), " without a log of its evaluations: L-BFGS restarts its memory there, "
                      "so the result will differ from an uninterrupted run's"));
  }
  return true;
}

template <class Field>
bool BasicTaoDriver<Field>::loadStageStart(Field& model) {
  const std::vector<double> start = runOnRoot(comm_, [&] {
    const std::filesystem::path file = output_.dir() / "state" / "stage_start.npy";
    if (!std::filesystem::exists(file)) return std::vector<double>{};
    NpyArray a = readNpy(file);
    return a.data.size() == model.values.size() ? a.data : std::vector<double>{};
  });
  if (start.empty()) return false;
  model.values = start;
  return true;
}

template <class Field>
std::vector<double> BasicTaoDriver<Field>::loadVariables(const std::string& file, std::size_t count) const {
  std::vector<double> x(count);
  runOnRoot(comm_, [&] {
    const std::filesystem::path path = output_.dir() / "state" / file;
    require(std::filesystem::exists(path), "cannot resume from '", output_.dir().string(), "': '", path.string(),
            "' is missing (delete the folder to start afresh)");
    const NpyArray saved = readNpy(path);
    require(saved.data.size() == count, "cannot resume: '", path.string(), "' holds ", saved.data.size(),
            " variables, this inversion has ", count);
    x = saved.data;
  });
  MPI_Bcast(x.data(), int(count), MPI_DOUBLE, 0, comm_);
  return x;
}

template <class Field>
Field BasicTaoDriver<Field>::run(const Stage& stage, const Field& current, std::vector<double>* variables) {
  const int remaining = iterationsLeft(stage.index, stage.iterations);
  if (remaining <= 0) return current;
  StageRun<Field> run(stage, modelError_, root_ ? &history_ : nullptr, output_, logName_, log_);
  run.current = current;
  run.secondsBefore = seconds_;
  const bool replay = replays_ && log_.header().stage == stage.index;
  replays_ = false;
  if (replay) {
    const EvaluationLog::Header& h = log_.header();
    require(h.x0 == stage.start, "cannot resume '", output_.dir().string(), "': stage ", stage.index + 1,
            " no longer starts where it did (were the options changed?); rerun with the options that started it, "
            "or delete the folder to start afresh");
    run.firstIteration = run.lastIteration = h.firstIteration;
    run.pdeSolves = h.pdeSolves;
    run.logFirst = h.logFirst;
    run.recordedThrough = iteration_;
  } else {
    run.firstIteration = run.lastIteration = iteration_;
    run.doneBefore = stage.index == stage_ ? doneInStage_ : 0;
    run.pdeSolves = pdeSolves_;
    run.logFirst = !resumed_ && !ranOnce_;
    log_.begin({stage.index, iteration_, pdeSolves_, seconds_, run.logFirst, stage.start});
    if (root_) {
      LogEvent event(Event::Output);
      writeNpy(output_.dir() / "state" / "stage_start.npy", {current.values.size()}, current.values.data(),
               NpyType::Float64);
    }
  }
  ranOnce_ = true;

  const bool bounded = !stage.lower.empty() || !stage.upper.empty();
  ensure(!bounded || (stage.lower.size() == stage.start.size() && stage.upper.size() == stage.start.size()),
          "", stage.start.size(), " variables with ", stage.lower.size(), " lower and ", stage.upper.size(),
          " upper bounds");
  VecHandle x = makeVector(stage.start), lower, upper;
  TaoHandle tao;
  PAIRINV_PETSC(TaoCreate(PETSC_COMM_SELF, tao.out()));
  PAIRINV_PETSC(TaoSetType(tao, bounded ? TAOBLMVM : TAOLMVM));
  PAIRINV_PETSC(TaoSetOptionsPrefix(tao, prefix_.c_str()));
  PAIRINV_PETSC(TaoSetSolution(tao, x));
  if (bounded) {
    lower = makeVector(stage.lower), upper = makeVector(stage.upper);
    PAIRINV_PETSC(TaoSetVariableBounds(tao, lower, upper));
  }
  PAIRINV_PETSC(TaoSetObjectiveAndGradient(tao, nullptr, evaluateCallback<Field>, &run));
  PAIRINV_PETSC(TaoSetMonitor(tao, monitorCallback<Field>, &run, nullptr));
  PAIRINV_PETSC(TaoSetMaximumIterations(tao, remaining));
  PAIRINV_PETSC(TaoSetMaximumFunctionEvaluations(tao, stage.maxEvaluations > 0 ? stage.maxEvaluations
                                                                             : 4 * remaining + 10));
  PAIRINV_PETSC(TaoSetTolerances(tao, 0.0, 0.0, 0.0));
  PAIRINV_PETSC(TaoSetFromOptions(tao));
  const PetscErrorCode code = TaoSolve(tao);
  if (run.error) std::rethrow_exception(run.error);
  PAIRINV_PETSC(code);
  TaoConvergedReason reason;
  PAIRINV_PETSC(TaoGetConvergedReason(tao, &reason));
  if (replay && log_.replayed() > 0)
    logInfo(concat(logName_, ": replayed ", log_.replayed(), " logged call(s) of stage ", stage.index + 1));
  logInfo(concat(logName_, ": stage ", stage.index + 1, " ended: ", TaoConvergedReasons[reason]));

  PetscInt its = 0;
  PAIRINV_PETSC(TaoGetIterationNumber(tao, &its));
  // A rerun with more -fwi_iterations continues this stage; otherwise the next one starts.
  stage_ = stage.index, doneInStage_ = run.doneBefore + int(its);
  iteration_ = run.lastIteration;
  pdeSolves_ = run.pdeSolves, seconds_ = run.seconds();
  output_.saveState(run.current, {double(stage_), double(doneInStage_), pdeSolves_, seconds_, double(iteration_)});
  if (variables && !run.currentVariables.empty()) *variables = run.currentVariables;
  return run.current;
}

template <class Field>
void BasicTaoDriver<Field>::finish(const Field& model, const Field& initial) {
  output_.writeFinal(model, initial, history_);
}

template class BasicTaoDriver<Field2D>;
template class BasicTaoDriver<Field3D>;

}  // namespace pairinv::inversion
