// What `pairinv evaluate` shares between its acoustic and EM tables (apps/evaluate_command.cpp,
// apps/evaluate_em.cpp): the common options, reading back the inversions' histories, the
// end-to-end baseline's estimates, and the quality metrics, OOD AUROC and report. LibTorch builds
// only (PAIRINV_HAVE_LEARNING).
#pragma once

#include <mpi.h>

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "inversion/evaluation_report.hpp"
#include "inversion/latent_inversion.hpp"
#include "meshes/grid2d.hpp"

namespace pairinv::apps {

struct EvaluateSetup {
  std::filesystem::path run, baselineRun, input, ood, output;
  std::size_t samples = 4;
  int fwiIterations = 50;
  double smoothing = 100.0;
  inversion::LsiSettings lsi;
  std::filesystem::path work() const { return output / "runs"; }
};

/// Creates -output and an empty output/runs (rebuilt on every call: the inversions start afresh).
void prepareOutputFolders(const EvaluateSetup& setup);
/// The last pde_solves value of an inversion's history.csv.
double lastPdeSolves(const std::filesystem::path& history);
Field2D fieldOn(const Grid2D& grid, std::vector<double> values);
/// Sets (or clears, with an empty value) one entry of the PETSc options database.
void setOption(const char* name, const std::string& value);
/// Runs `inversion` with -fwi_tao_max_funcs set to `evaluations`, cleared afterwards even if it throws.
Field2D withFunctionLimit(int evaluations, const std::function<Field2D()>& inversion);

/// One value per column of the methods table, appended to `row` and logged.
void addResult(inversion::MethodResults& row, double modelError, double dataMisfit, double ssim, double solves,
               double seconds);

/// The end-to-end baseline's estimates of the first setup.samples samples of -input, models of
/// `grid`; `secondsPerSample` receives the time per estimate.
std::vector<Field2D> baselineEstimates(const EvaluateSetup& setup, const Grid2D& grid, double& secondsPerSample);

/// The baseline row: the end-to-end network's estimate of every evaluated test sample, passed to
/// `add(row, estimate, sample index, seconds per estimate)`. Does nothing without -baseline_run.
void addBaselineRow(const EvaluateSetup& setup, const Grid2D& grid, inversion::MethodResults& row,
                    const std::function<void(inversion::MethodResults&, const Field2D&, std::size_t, double)>& add);

/// The notes every report starts with (runs, sets), then `extra`.
std::vector<std::string> evaluationNotes(const EvaluateSetup& setup, const std::vector<std::string>& extra);

/// RRE/RMA of the test set against the PAE estimate's true errors (`pae`), the OOD set's
/// (`oodErrors(i)`: model error and data misfit of the PAE estimate of OOD sample i), AUROC, and
/// the report files.
void finishEvaluation(const EvaluateSetup& setup, inversion::EvaluationResults& results,
                      const inversion::MethodResults& pae,
                      const std::function<std::pair<double, double>(std::size_t)>& oodErrors);

}  // namespace pairinv::apps
