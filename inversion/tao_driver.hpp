// What every inversion of pairinv shares (acoustic FWI, EM FWI, latent-space inversion): PETSc
// TAO's L-BFGS (BLMVM with bounds, LMVM without; options -PREFIX_tao_*, PREFIX fwi_ or lsi_), the
// per-iteration record, resuming, and the final quick-looks. The physics supplies, per stage,
// the variables, their bounds, the objective with its gradient and the model that the variables
// stand for.
//
// TAO minimises J(x) / J0, J0 the objective at the stage's first evaluation (which keeps the
// first line search well posed) or a scale the stage fixes. Every rank runs the same TAO on its own copy of x: the physics
// returns the same objective and gradient on all ranks, so the iterates are the same too.
//
// Per iteration (TAO's monitor): one row of history.csv (iteration, stage, objective,
// data_misfit = sqrt(2 J) / dataNorm, model_error, pde_solves, seconds), the iterate as
// iterations/model_NNNN.vti in models.pvd, and state/ (the model and the counters stage,
// iterations done in it, PDE solves, seconds, global iteration; the stage's starting model and
// the log of its objective calls), from which a rerun of the same command continues, bit for bit
// as if never interrupted (the stage is replayed from the log: resume()). Only rank 0 writes and
// reads these files.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "inversion/evaluation_log.hpp"
#include "inversion/history_log.hpp"
#include "inversion/iteration_output.hpp"
#include "meshes/grid2d.hpp"
#include "meshes/grid3d.hpp"

namespace pairinv::inversion {

/// Creates and discards a TAO object with the -fwi_ prefix so that -help lists TAO's options
/// and the options database marks them used before unknown options are rejected.
/// (Also declared in inversion/acoustic_fwi.hpp, where it first lived.)
void probeTaoOptions(MPI_Comm comm);
/// The same for another prefix ("lsi_") and for TAOLMVM (bounded = false) or TAOBLMVM.
void probeTaoOptions(MPI_Comm comm, const std::string& prefix, bool bounded);

/// The history columns of every model-space inversion.
const std::vector<std::string>& inversionHistoryColumns();

/// One stage of an inversion, as its physics defines it. Field: the model's type (Field2D, or
/// Field3D for 3D FWI).
template <class Field>
struct BasicTaoStage {
  int index = 0;                            // the stage's number (history column "stage")
  int count = 1;                            // how many stages the inversion has (for the log)
  int iterations = 10;                      // L-BFGS iterations of this stage in all
  int maxEvaluations = 0;                   // TAO function evaluations at most (0: 4 per iteration + 10)
  std::vector<double> start, lower, upper;  // the TAO variables x and their bounds (none: unbounded)
  double dataNorm = 1.0;                    // data_misfit = sqrt(2 J) / dataNorm
  /// J0 (> 0); 0: the first evaluation. LSI fixes it at J(z*) so that a resumed run minimises
  /// the same function.
  double objectiveScale = 0.0;
  /// J(x) and dJ/dx (the raw objective, on every rank); adds the PDE solves it made.
  std::function<double(const std::vector<double>& x, std::vector<double>& gradient, double& pdeSolves)> evaluate;
  /// The model x stands for (written, returned and compared with the truth).
  std::function<Field(const std::vector<double>& x)> model;
  /// The data term alone at an iterate, for the record (objective and data_misfit columns) when
  /// `evaluate` adds a regularisation; adds the PDE solves it made. Empty: J(x) itself.
  std::function<double(const std::vector<double>& x, double& pdeSolves)> dataObjective;
  /// Non-empty: every iterate's x is also saved as state/<variablesFile> (.npy), for resuming
  /// from the variables rather than the model (see loadVariables).
  std::string variablesFile;
};

template <class Field>
class BasicTaoDriver {
 public:
  using Stage = BasicTaoStage<Field>;
  /// `modelError` (may be empty: NaN) fills the model_error column; `quantity` and
  /// `logarithmic` style the VTK and PNG output (see IterationOutput).
  /// `optionsPrefix` ("fwi_", "lsi_") prefixes TAO's options and names the log lines.
  BasicTaoDriver(MPI_Comm comm, const std::filesystem::path& output, const Field* truth,
                 std::function<double(const Field&)> modelError, const std::string& quantity = "velocity",
            bool logarithmic = false, const std::string& optionsPrefix = "fwi_");

  /// Loads state/ and the history if a previous run left them. With the log of the stage's
  /// evaluations (state/evaluations.bin, inversion/evaluation_log.hpp), `model` becomes the
  /// stage's starting model, and run() replays the stage to the last iterate and goes on: the
  /// result is bit-identical to an uninterrupted run's. Without it (a state from an older
  /// version), `model` becomes the saved iterate and L-BFGS restarts its memory there. On every
  /// rank; later stages continue the counters. Returns whether there was a state.
  bool resume(Field& model);
  /// After resume(): whether the stage restarts from its start with a replay (callers then build
  /// the stage as a fresh run would, from its start, not from the last iterate's variables).
  bool replays() const { return replays_; }
  /// With replays(): the raw objective of the stage's first logged evaluation (0: none logged).
  double firstLoggedObjective() const { return log_.firstObjective(); }
  /// After a successful resume: the variables saved as state/<file> (every rank). InputError if
  /// they are missing or do not have `count` values.
  std::vector<double> loadVariables(const std::string& file, std::size_t count) const;
  /// Adds a fixed array (e.g. LSI's learned estimate) to every iterate written from now on.
  void addReference(const std::string& name, const Field& field) { output_.addReference(name, field); }
  /// The stage a resumed run starts in (0 for a fresh run).
  int firstStage() const { return stage_; }
  /// Iterations stage `index` still has to do out of `iterations`.
  int iterationsLeft(int index, int iterations) const { return iterations - (index == stage_ ? doneInStage_ : 0); }

  /// Runs the rest of `stage` from its start variables and returns the last iterate; returns
  /// `current` unchanged if the stage has no iterations left. `variables` (may be null): set to
  /// the last iterate's variables (left unchanged if nothing ran).
  Field run(const Stage& stage, const Field& current, std::vector<double>* variables = nullptr);

  /// model_final.npy/.vti and the PNGs (final, initial, true model, convergence).
  void finish(const Field& model, const Field& initial);

 private:
  MPI_Comm comm_;
  bool root_;
  std::string prefix_, logName_;
  std::function<double(const Field&)> modelError_;
  BasicIterationOutput<Field> output_;
  HistoryLog history_;
  bool loadStageStart(Field& model);

  EvaluationLog log_;
  bool resumed_ = false, ranOnce_ = false, replays_ = false;
  int stage_ = 0, doneInStage_ = 0, iteration_ = 0;
  double pdeSolves_ = 0.0, seconds_ = 0.0;
};

using TaoStage = BasicTaoStage<Field2D>;
using TaoDriver = BasicTaoDriver<Field2D>;
using TaoStage3D = BasicTaoStage<Field3D>;
using TaoDriver3D = BasicTaoDriver<Field3D>;

}  // namespace pairinv::inversion
