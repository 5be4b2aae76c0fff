// Repair of one survey sample: latent-space inversion (LSI) with the true PDE from the learned
// estimate z* = M_dag E_b(b), then, optionally, the polish (the physics' FWI from LSI's final
// model). The one body of `pairinv invert` and of every sample `pairinv repair` repairs.
//
// Writes OUTPUT/ (LSI: history.csv, iterations/ with models.pvd, figures, model_final.npy/.vti,
// state/ for resuming), with a polish OUTPUT/polish/ (as pairinv fwi writes it), and
// OUTPUT/comparison.png (truth | estimate | [linear baseline] | LSI | [polish] | error).
#pragma once

#include <mpi.h>

#include <cmath>
#include <filesystem>
#include <memory>

#include "apps/sample_problem.hpp"
#include "inversion/latent_inversion.hpp"
#include "inversion/learned_latent_model.hpp"

namespace pairinv::apps {

struct RepairSettings {
  inversion::LsiSettings lsi;  // lsi.polishIterations > 0 adds the polish
  FwiOptions fwi;              // the polish's FWI settings
};

/// Reads the -lsi_ options and, when a polish is asked for (or under -help), the -fwi_ options
/// of `physics`; -fwi_iterations and -fwi_frequencies are refused (the polish is one full-band
/// stage of -lsi_polish_iterations iterations).
RepairSettings readRepairSettings(MPI_Comm comm, Physics physics, const std::string& command, bool help);

/// A trained run's decoder, loaded once per process on first use (rank 0 of the communicator
/// that inverts; other ranks never load it).
struct LearnedDecoder {
  std::filesystem::path run;
  std::int64_t threads = 0;  // LibTorch threads (0: all cores)
  std::unique_ptr<inversion::LearnedLatentModel> model;
  const inversion::LearnedLatentModel& get();
};

/// Before and after: the learned estimate, LSI's model and the final (polished, or LSI's) model.
struct RepairOutcome {
  ModelQuality estimate, lsi, final;
  ModelQuality baseline{NAN, NAN};  // the linear baseline's estimate, when one was given
  double lsiSolves = 0.0, polishSolves = 0.0;
  double lsiSeconds = 0.0, seconds = 0.0;  // LSI's, and LSI's plus the polish's
  Field2D estimateModel, lsiModel, finalModel;
  bool polished = false;
};

/// The last value of a history.csv column, read on rank 0 (which wrote it), on every rank.
double lastHistoryValue(MPI_Comm comm, const std::filesystem::path& history, const std::string& column);

/// Repairs `problem` into `output` (collective over `comm`; the decoder works on its rank 0).
/// With `baseline` (the linear baseline's estimate of the sample), its quality is measured by the
/// same data term, for the reports' baseline row.
RepairOutcome repairSample(MPI_Comm comm, const RepairSettings& settings, LearnedDecoder& decoder,
                           const SampleProblem& problem, const std::filesystem::path& output,
                           const Field2D* baseline = nullptr);

}  // namespace pairinv::apps
