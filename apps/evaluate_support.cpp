#include "apps/evaluate_support.hpp"

#include <petscsys.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "core/petsc_check.hpp"
#include "inversion/evaluation_metrics.hpp"
#include "learning/estimation_run.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

// learning::estimateSurvey on the first `samples` samples (RRE/RMA, or the baseline's estimates).
// It writes the estimates file; nothing of the set stays in memory here.
void estimateFirst(const fs::path& run, const fs::path& input, const fs::path& output, std::size_t samples) {
  learning::EstimateOptions options;
  options.max_samples(std::int64_t(samples)).png_samples({}).write_surrogate(false).progress(false);
  learning::estimateSurvey(run, input, output, options);
}

std::vector<double> readVector(const fs::path& file, const std::string& dataset) {
  return Hdf5File::openReadOnly(file).readDataset(dataset).data;
}

std::size_t surveySize(const fs::path& survey) {
  require(fs::exists(survey), "the survey '", survey.string(), "' does not exist");
  return std::size_t(Hdf5File::openReadOnly(survey).readInt64Attribute("/", "survey_size"));
}

std::size_t metricCount(std::size_t requested, const fs::path& survey) {
  const std::size_t size = surveySize(survey);
  require(requested <= size, "-evaluate_metric_samples ", requested, " but '", survey.string(), "' has ", size,
          " samples (0: all)");
  return requested == 0 ? size : requested;
}

// The PAE estimate's quality metrics over the first `count` samples of `survey`: RRE/RMA from
// estimateSurvey, the true errors from `known` (the methods table's first samples) or `errors`.
inversion::QualityResults qualityOf(const EvaluateSetup& setup, const std::string& name, const fs::path& survey,
                                    std::size_t count, const std::string& file, const inversion::MethodResults* known,
                                    const EstimateErrors& errors) {
  logInfo(concat("evaluate: RRE and RMA of the ", name, " set (", count, " samples)"));
  const fs::path estimates = setup.output / file;
  estimateFirst(setup.run, survey, estimates, count);
  inversion::QualityResults q{name, {}, readVector(estimates, "/rre"), readVector(estimates, "/rma"), {}, {}};
  require(q.rre.size() == count && q.rma.size() == count, "internal: '", estimates.string(), "' holds ",
          q.rre.size(), " RRE values for ", count, " samples");
  for (std::size_t i = 0; i < count; ++i) {
    q.samples.push_back(i);
    const bool reuse = known && i < known->modelError.size();
    const auto [error, misfit] =
        reuse ? std::make_pair(known->modelError[i], known->dataMisfit[i]) : errors(survey, i);
    q.modelError.push_back(error);
    q.dataMisfit.push_back(misfit);
    logProgress(concat("true errors of the PAE estimates of the ", name, " set"), i + 1, count);
  }
  return q;
}

}  // namespace

void resolveMetricCounts(EvaluateSetup& setup) {
  setup.testMetricCount = metricCount(setup.metricSamples, setup.input);
  setup.oodMetricCount = setup.ood.empty() ? 0 : metricCount(setup.metricSamples, setup.ood);
}

void logProgress(const std::string& what, std::size_t done, std::size_t total) {
  const std::size_t step = std::max<std::size_t>(1, total / 10);
  if (done % step == 0 || done == total) logInfo(concat("evaluate: ", what, ": ", done, " of ", total));
}

inversion::MethodResults polishRow(const EvaluateSetup& setup) {
  const int n = setup.lsi.polishIterations;
  return {concat("LSI + polish (", n, " it.)"),
          concat("FWI (one full-band stage, ", n, " iterations) from LSI's final model D_q(z) (-lsi_polish_iterations); "
                 "PDE solves and time are LSI's plus the polish's"),
          {}, {}, {}, {}, {}};
}

void prepareOutputFolders(const EvaluateSetup& setup) {
  ensureDirectory(setup.output);
  fs::remove_all(setup.work());
  ensureDirectory(setup.work());
}

double lastPdeSolves(const fs::path& history) {
  std::ifstream in(history);
  require(in.good(), "cannot read '", history.string(), "'");
  std::string line, last;
  std::getline(in, line);  // header
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  if (last.empty()) return 0.0;
  std::stringstream s(last);
  std::string cell;
  for (int c = 0; c < 6 && std::getline(s, cell, ','); ++c) {  // column 6: pde_solves
  }
  return std::stod(cell);
}

Field2D fieldOn(const Grid2D& grid, std::vector<double> values) {
  Field2D f(grid);
  f.values = std::move(values);
  return f;
}

void setOption(const char* name, const std::string& value) {
  if (value.empty())
    PAIRINV_PETSC(PetscOptionsClearValue(nullptr, name));
  else
    PAIRINV_PETSC(PetscOptionsSetValue(nullptr, name, value.c_str()));
}

Field2D withFunctionLimit(int evaluations, const std::function<Field2D()>& inversion) {
  setOption("-fwi_tao_max_funcs", std::to_string(evaluations));
  try {
    Field2D q = inversion();
    setOption("-fwi_tao_max_funcs", "");
    return q;
  } catch (...) {
    setOption("-fwi_tao_max_funcs", "");
    throw;
  }
}

void addResult(inversion::MethodResults& row, double modelError, double dataMisfit, double ssim, double solves,
               double seconds) {
  row.modelError.push_back(modelError);
  row.dataMisfit.push_back(dataMisfit);
  row.ssim.push_back(ssim);
  row.pdeSolves.push_back(solves);
  row.seconds.push_back(seconds);
  logInfo(concat("evaluate:   ", row.name, ": model error ", modelError, ", data misfit ", dataMisfit, ", SSIM ", ssim,
                 ", PDE solves ", solves, ", ", seconds, " s"));
}

std::vector<Field2D> baselineEstimates(const EvaluateSetup& setup, const Grid2D& grid, double& secondsPerSample) {
  logInfo("evaluate: end-to-end baseline estimates");
  const fs::path file = setup.output / "estimates_baseline.h5";
  const auto start = std::chrono::steady_clock::now();
  estimateFirst(setup.baselineRun, setup.input, file, setup.samples);
  secondsPerSample =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / double(setup.samples);
  const std::vector<double> all = readVector(file, "/estimates");
  const std::size_t n = grid.size(), K = setup.samples;
  require(all.size() >= K * n, "the baseline run '", setup.baselineRun.string(), "' gives models of another size");
  std::vector<Field2D> out;
  for (std::size_t i = 0; i < K; ++i)
    out.push_back(fieldOn(grid, std::vector<double>(all.begin() + long(i * n), all.begin() + long((i + 1) * n))));
  return out;
}

void finishEvaluation(const EvaluateSetup& setup, inversion::EvaluationResults& results,
                      const inversion::MethodResults& pae, const EstimateErrors& errors) {
  const inversion::QualityResults inDist =
      qualityOf(setup, "in-distribution", setup.input, setup.testMetricCount, "estimates_test.h5", &pae, errors);
  results.quality.push_back(inDist);
  if (!setup.ood.empty()) {
    const inversion::QualityResults o =
        qualityOf(setup, "OOD", setup.ood, setup.oodMetricCount, "estimates_ood.h5", nullptr, errors);
    std::vector<double> rre = inDist.rre, rma = inDist.rma;
    rre.insert(rre.end(), o.rre.begin(), o.rre.end());
    rma.insert(rma.end(), o.rma.begin(), o.rma.end());
    std::vector<bool> positive(inDist.rre.size(), false);
    positive.resize(rre.size(), true);
    results.hasOod = true;
    results.aurocRre = inversion::auroc(rre, positive);
    results.aurocRma = inversion::auroc(rma, positive);
    results.quality.push_back(o);
  }

  inversion::writeEvaluationReport(setup.output, results);
  for (const inversion::MethodResults& m : results.methods)
    logInfo(concat("evaluate: ", m.name, ": model error ", inversion::finiteMean(m.modelError), ", data misfit ",
                   inversion::finiteMean(m.dataMisfit), ", SSIM ", inversion::finiteMean(m.ssim), ", PDE solves ",
                   inversion::finiteMean(m.pdeSolves), ", ", inversion::finiteMean(m.seconds), " s"));
  logInfo(concat("evaluate: done; see ", (setup.output / "report.md").string()));
}

void addSolvesToMisfit(const EvaluateSetup& setup, const std::string& path, const std::string& reference,
                       const std::string& skipped, inversion::EvaluationResults& results) {
  if (!skipped.empty()) {
    results.solvesToMisfitSkipped = skipped;
    return;
  }
  inversion::SolvesToMisfit s{path, reference, {}, {}, {}, {}};
  for (std::size_t i = 0; i < setup.samples; ++i) {
    const fs::path dir = setup.work() / ("sample" + std::to_string(i));
    const fs::path fwi = dir / "fwi_long" / "history.csv";
    std::vector<fs::path> lsi = {dir / "lsi" / "history.csv"};
    if (setup.lsi.polishIterations > 0) lsi.push_back(dir / "polish" / "history.csv");
    s.target.push_back(inversion::finalDataMisfit(fwi));
    s.pathSolves.push_back(inversion::solvesToReachMisfit(lsi, s.target.back()));
    s.pathMisfit.push_back(inversion::finalDataMisfit(lsi.back()));
    s.referenceSolves.push_back(inversion::solvesToReachMisfit({fwi}, s.target.back(), true));
  }
  results.solvesToMisfit = s;
}

void addBaselineRow(const EvaluateSetup& setup, const Grid2D& grid, inversion::MethodResults& row,
                    const std::function<void(inversion::MethodResults&, const Field2D&, std::size_t, double)>& add) {
  if (setup.baselineRun.empty()) return;
  double perSample = 0.0;
  const std::vector<Field2D> estimates = baselineEstimates(setup, grid, perSample);
  for (std::size_t i = 0; i < setup.samples; ++i) add(row, estimates[i], i, perSample);
}

std::vector<std::string> evaluationNotes(const EvaluateSetup& setup, const std::string& fwiStart,
                                         const std::vector<std::string>& extra) {
  std::vector<std::string> notes = {
      concat("run: ", setup.run.string(),
             setup.baselineRun.empty() ? "" : concat("; baseline: ", setup.baselineRun.string())),
      concat("test set: ", setup.input.string(), "; methods table over its first ", setup.samples,
             " samples (-evaluate_samples); RRE/RMA correlations over its first ", setup.testMetricCount,
             " samples (-evaluate_metric_samples)"),
      setup.ood.empty() ? "no OOD set (-ood)"
                        : concat("OOD set: ", setup.ood.string(), "; RRE/RMA correlations over its first ",
                                 setup.oodMetricCount, " samples; OOD AUROC over those and the test set's ",
                                 setup.testMetricCount),
      concat("FWI rows start from ", fwiStart, " (-evaluate_fwi_start ", setup.smoothStart ? "smooth" : "gradient",
             ")")};
  notes.insert(notes.end(), extra.begin(), extra.end());
  return notes;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void addFwiRows(int evaluations, int iterations, const fs::path& dir,
                const std::function<Field2D(int, const fs::path&, bool)>& run,
                const std::function<void(inversion::MethodResults&, const Field2D&, double, double)>& add,
                inversion::MethodResults& budgetRow, inversion::MethodResults& longRow) {
  for (const bool budget : {true, false}) {
    const fs::path out = dir / (budget ? "fwi_budget" : "fwi_long");
    ensureDirectory(out);
    const auto start = std::chrono::steady_clock::now();
    const Field2D q = budget ? withFunctionLimit(evaluations, [&] { return run(evaluations, out, true); })
                             : run(iterations, out, false);
    add(budget ? budgetRow : longRow, q, lastPdeSolves(out / "history.csv"), secondsSince(start));
  }
}

std::vector<inversion::MethodResults> methodsInOrder(const EvaluateSetup& setup,
                                                     const std::vector<inversion::MethodResults>& rows) {
  // rows: PAE, LSI, LSI + polish, FWI at LSI's budget, long FWI, baseline.
  std::vector<inversion::MethodResults> methods = {rows[0], rows[1]};
  if (setup.lsi.polishIterations > 0) methods.push_back(rows[2]);
  methods.insert(methods.end(), {rows[3], rows[4]});
  if (!setup.baselineRun.empty()) methods.push_back(rows[5]);
  return methods;
}

}  // namespace pairinv::apps
