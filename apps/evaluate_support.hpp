// What `pairinv evaluate` shares between its acoustic and EM tables (apps/evaluate_acoustic.cpp,
// apps/evaluate_em.cpp): the common options, reading back the inversions' histories, the
// end-to-end baseline's estimates, and the quality metrics over whole sets, OOD AUROC and report.
// LibTorch builds only (PAIRINV_HAVE_LEARNING).
#pragma once

#include <mpi.h>

#include <chrono>
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
  std::size_t samples = 4;        // K: the first K samples of -input fill the methods table
  std::size_t metricSamples = 0;  // -evaluate_metric_samples (0: all)
  std::size_t testMetricCount = 0, oodMetricCount = 0;  // the quality metrics' samples (resolveMetricCounts)
  int fwiIterations = 50;
  bool smoothStart = false;  // -evaluate_fwi_start smooth (else gradient)
  double smoothing = 100.0;  // -evaluate_fwi_smoothing, with smoothStart
  inversion::LsiSettings lsi;  // lsi.polishIterations > 0 adds the row "LSI + polish"
  std::filesystem::path work() const { return output / "runs"; }
};

/// Sets testMetricCount and oodMetricCount (0 without -ood) from the surveys' sizes. InputError
/// naming -evaluate_metric_samples when it exceeds a set's size.
void resolveMetricCounts(EvaluateSetup& setup);

/// The model error and data misfit of the PAE estimate of sample `index` of `survey` (one
/// estimate, one forward solve): the quality metrics' truth.
using EstimateErrors = std::function<std::pair<double, double>(const std::filesystem::path& survey, std::size_t index)>;

/// Logs "evaluate: WHAT: i of n" about every 10% of n (and at the end).
void logProgress(const std::string& what, std::size_t done, std::size_t total);

/// Creates -output and an empty output/runs (rebuilt on every call: the inversions start afresh).
void prepareOutputFolders(const EvaluateSetup& setup);
/// The last pde_solves value of an inversion's history.csv.
double lastPdeSolves(const std::filesystem::path& history);
Field2D fieldOn(const Grid2D& grid, std::vector<double> values);
/// Sets (or clears, with an empty value) one entry of the PETSc options database.
void setOption(const char* name, const std::string& value);
/// Runs `inversion` with -fwi_tao_max_funcs set to `evaluations`, cleared afterwards even if it throws.
Field2D withFunctionLimit(int evaluations, const std::function<Field2D()>& inversion);

/// Wall seconds since `start`.
double secondsSince(std::chrono::steady_clock::time_point start);

/// One sample's two FWI rows: FWI limited to `evaluations` TAO function evaluations (LSI's
/// budget) into dir/fwi_budget, then `iterations` iterations into dir/fwi_long.
/// run(iterations, output, budgetRow) runs the physics' FWI from the sample's start;
/// add(row, q, solves, seconds) records a result.
void addFwiRows(int evaluations, int iterations, const std::filesystem::path& dir,
                const std::function<Field2D(int, const std::filesystem::path&, bool)>& run,
                const std::function<void(inversion::MethodResults&, const Field2D&, double, double)>& add,
                inversion::MethodResults& budgetRow, inversion::MethodResults& longRow);

/// The methods table in its order: PAE estimate, LSI, LSI + polish (when it ran), the two FWI
/// rows, the end-to-end baseline (when given).
std::vector<inversion::MethodResults> methodsInOrder(const EvaluateSetup& setup,
                                                     const std::vector<inversion::MethodResults>& rows);

/// The report's "PDE solves to reach the converged FWI misfit" over the evaluated samples, from the
/// histories under setup.work()/sampleI: LSI, then its polish when it ran (`path` names that row),
/// against the long FWI's last stage (`reference`). A non-empty `skipped` (the misfits are not
/// comparable) leaves it out and the report says why.
void addSolvesToMisfit(const EvaluateSetup& setup, const std::string& path, const std::string& reference,
                       const std::string& skipped, inversion::EvaluationResults& results);

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

/// The notes every report starts with (runs, sets and how many samples each statistic uses, the
/// FWI rows' start `fwiStart`), then `extra`.
std::vector<std::string> evaluationNotes(const EvaluateSetup& setup, const std::string& fwiStart,
                                         const std::vector<std::string>& extra);

/// The row name "LSI + polish (N it.)" and its description.
inversion::MethodResults polishRow(const EvaluateSetup& setup);

/// RRE/RMA against the PAE estimate's true errors over the first testMetricCount samples of the
/// test set and oodMetricCount of the OOD set (`errors`, except for the samples `pae` already
/// holds), the OOD AUROC, and the report files.
void finishEvaluation(const EvaluateSetup& setup, inversion::EvaluationResults& results,
                      const inversion::MethodResults& pae, const EstimateErrors& errors);

}  // namespace pairinv::apps
