// pairinv evaluate: the evaluation table of the method on an acoustic test set. Rows: the PAE
// estimate, LSI, classical FWI from a smooth start with the PDE-solve budget of LSI, FWI with a
// larger budget, and the end-to-end baseline; columns: relative model error, relative data misfit
// by the true PDE, SSIM, PDE solves, wall time. Plus, for the in-distribution and OOD sets, the
// correlation of RRE and RMA with the true model error and data misfit, and the OOD AUROC.
// EM surveys are not supported yet (readSurveySample rejects them).
//
// Sample runs:
//   pairinv evaluate -run runs/quick -input test.h5 -output out/eval
//   pairinv evaluate -run runs/quick -baseline_run runs/e2e -input test.h5 -ood ood.h5
//                    -evaluate_samples 8 -lsi_iterations 10 -evaluate_fwi_iterations 60 -output out/eval
// (tests/apps/test_evaluate_app.cpp and scripts/quickstart.sh run these.)
//
// Every row is evaluated on the first -evaluate_samples samples of -input. Data misfits are all
// |F(q) - b| / |b|, modelled again with the survey's own acquisition for every final model. The
// budget-matched FWI gets TAO's function-evaluation limit (-fwi_tao_max_funcs, set here) equal to
// LSI's PDE solves of that sample over the solves of one gradient (2 per shot), in one full-band
// stage; its actual solves are reported. SSIM maps [min, max] of the evaluated true models to
// [0, 1]. Writes DIR/report.md, DIR/*.csv, DIR/*.png (inversion/evaluation_report.hpp), the
// estimate files DIR/estimates_*.h5 and the inversions' own folders under DIR/runs/ (rebuilt on
// every call: a rerun starts the inversions afresh).
#include <filesystem>

#include "apps/commands.hpp"
#include "core/error.hpp"

#ifdef PAIRINV_HAVE_LEARNING
#include <petscsys.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include "apps/survey_acquisition.hpp"
#include "core/atomic_file.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "core/petsc_check.hpp"
#include "inversion/acoustic_fwi.hpp"
#include "inversion/evaluation_metrics.hpp"
#include "inversion/evaluation_report.hpp"
#include "inversion/learned_latent_model.hpp"
#include "inversion/model_smoothing.hpp"
#include "learning/estimation_run.hpp"
#endif

namespace fs = std::filesystem;

namespace pairinv::apps {

#ifdef PAIRINV_HAVE_LEARNING
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The last pde_solves value of an inversion's history.csv (column 6 of the FWI/LSI history).
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
  for (int c = 0; c < 6 && std::getline(s, cell, ','); ++c) {
  }
  return std::stod(cell);
}

double dataMisfit(MPI_Comm comm, const Field2D& model, const SurveySampleProblem& p) {
  const acoustic::ShotGathers d = acoustic::simulateShots(comm, model, p.config);
  return inversion::relativeDataMisfit(d.data, p.observed.data);
}

Field2D fieldOn(const Grid2D& grid, std::vector<double> values) {
  Field2D f(grid);
  f.values = std::move(values);
  return f;
}

// learning::estimateSurvey on the first `samples` samples (RRE/RMA, or the baseline's estimates).
learning::EstimateSummary estimateFirst(const fs::path& run, const fs::path& input, const fs::path& output,
                                        std::int64_t samples) {
  learning::EstimateOptions options;
  options.max_samples(samples).png_samples({}).write_surrogate(false).progress(false);
  return learning::estimateSurvey(run, input, output, options);
}

std::vector<double> readVector(const fs::path& file, const std::string& dataset) {
  return Hdf5File::openReadOnly(file).readDataset(dataset).data;
}

// Sets (or clears, with an empty value) one entry of the PETSc options database.
void setOption(const char* name, const std::string& value) {
  if (value.empty())
    PAIRINV_PETSC(PetscOptionsClearValue(nullptr, name));
  else
    PAIRINV_PETSC(PetscOptionsSetValue(nullptr, name, value.c_str()));
}

}  // namespace
#endif

int runEvaluate(const PetscSession& session) {
#ifdef PAIRINV_HAVE_LEARNING
  // 1. Options; inputs are checked before anything is written.
  fs::path run, baselineRun, input, ood, output;
  PetscInt samples = 4, fwiIterations = 50;
  double smoothing = 100.0;
  {
    OptionsBlock opts(session.comm(), "", "pairinv evaluate: evaluation table on an acoustic test set (EM: not yet)");
    run = opts.string("-run", "Run folder of `pairinv train` (paired architecture)", "");
    baselineRun = opts.string("-baseline_run", "Run folder of the end-to-end baseline (-pae_architecture "
                              "end_to_end); empty: no baseline row", "");
    input = opts.string("-input", "Acoustic test survey (in-distribution, with true models)", "");
    ood = opts.string("-ood", "Acoustic out-of-distribution survey (for correlations and AUROC); empty: none", "");
    output = opts.string("-output", "Output directory", "out/evaluate");
    samples = opts.integer("-evaluate_samples", "Evaluate the first K samples of -input (and of -ood)", 4, 1);
    fwiIterations = opts.integer("-evaluate_fwi_iterations", "L-BFGS iterations per stage of the large-budget FWI "
                                 "row (its stages: -fwi_frequencies)", 50, 1);
    smoothing = opts.real("-evaluate_fwi_smoothing", "Gaussian smoothing length in m of the FWI starting model "
                          "(the smoothed true model)", 100.0, 0.0);
  }
  inversion::LsiSettings lsi = inversion::readLsiSettings(session.comm());
  inversion::FwiSettings fwi = inversion::readFwiSettings(session.comm());
  inversion::probeLsiTaoOptions(session.comm());
  inversion::probeTaoOptions(session.comm());
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  require(session.size() == 1, "pairinv evaluate runs on one MPI rank; run it without mpiexec");
  require(!run.empty(), "-run RUN_DIR is required (a folder written by pairinv train, paired architecture)");
  require(fs::exists(run), "-run: '", run.string(), "' does not exist");
  require(baselineRun.empty() || fs::exists(baselineRun), "-baseline_run: '", baselineRun.string(),
          "' does not exist");
  require(!input.empty(), "-input TEST.h5 is required");
  PetscBool userMaxFuncs = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsHasName(nullptr, nullptr, "-fwi_tao_max_funcs", &userMaxFuncs));
  require(!userMaxFuncs, "-fwi_tao_max_funcs cannot be given to pairinv evaluate: it sets the budget of the "
          "budget-matched FWI row itself (use -evaluate_fwi_iterations for the large-budget row)");

  const std::size_t K = std::size_t(samples);
  std::vector<SurveySampleProblem> test;
  for (std::size_t i = 0; i < K; ++i) {
    test.push_back(readSurveySample(input, i));
    require(test.back().surveySize >= K, "-evaluate_samples ", K, " but '", input.string(), "' has ",
            test.back().surveySize, " samples");
  }
  std::vector<SurveySampleProblem> oodSet;
  if (!ood.empty())
    for (std::size_t i = 0; i < K; ++i) {
      oodSet.push_back(readSurveySample(ood, i));
      require(oodSet.back().surveySize >= K, "-evaluate_samples ", K, " but '", ood.string(), "' has ",
              oodSet.back().surveySize, " samples");
    }
  inversion::LearnedLatentModel model(std::make_unique<learning::LatentDecoder>(run));
  const learning::LatentDecoder& decoder = model.decoder();
  const Grid2D grid = test.front().truth.grid;
  for (const auto* set : {&test, &oodSet})
    for (const SurveySampleProblem& p : *set)
      require(decoder.nz() == p.truth.grid.nz && decoder.nx() == p.truth.grid.nx, "the run '", run.string(),
              "' was trained on ", decoder.nz(), " x ", decoder.nx(), " models; a survey's are ", p.truth.grid.nz,
              " x ", p.truth.grid.nx);
  double lo = INFINITY, hi = -INFINITY;  // the SSIM range
  for (const SurveySampleProblem& p : test) lo = std::min(lo, p.truth.min()), hi = std::max(hi, p.truth.max());
  if (hi <= lo) hi = lo + 1.0;
  const auto ssim = [&](const Field2D& q, const Field2D& truth) {
    return inversion::structuralSimilarity(q.values, truth.values, grid.nz, grid.nx, lo, hi);
  };
  ensureDirectory(output);
  const fs::path work = output / "runs";
  fs::remove_all(work);
  ensureDirectory(work);

  // 2. The rows, sample by sample.
  inversion::MethodResults pae{"PAE estimate", "q_hat = D_q(M_dag E_b(b)); no PDE solve", {}, {}, {}, {}, {}};
  inversion::MethodResults lsiRow{concat("LSI (", lsi.iterations, " it.)"),
                                  concat("latent-space inversion from the PAE estimate with the true PDE, alpha ",
                                         lsi.alpha),
                                  {}, {}, {}, {}, {}};
  inversion::MethodResults fwiBudget{"FWI, LSI's budget",
                                     concat("FWI (one full-band stage) from the true model smoothed over ", smoothing,
                                            " m, TAO evaluations limited to LSI's PDE solves"),
                                     {}, {}, {}, {}, {}};
  inversion::MethodResults fwiLong{concat("FWI (", fwiIterations, " it./stage)"),
                                   concat("FWI from the same smooth start, ", fwi.cutoffs.size(), " stage(s)"),
                                   {}, {}, {}, {}, {}};
  inversion::MethodResults baseline{"End-to-end baseline", "the end-to-end network's estimate; no PDE solve",
                                    {}, {}, {}, {}, {}};
  const auto add = [&](inversion::MethodResults& row, const Field2D& q, const SurveySampleProblem& p, double solves,
                       double seconds) {
    row.modelError.push_back(inversion::relativeModelError(q.values, p.truth.values));
    row.dataMisfit.push_back(dataMisfit(session.comm(), q, p));
    row.ssim.push_back(ssim(q, p.truth));
    row.pdeSolves.push_back(solves);
    row.seconds.push_back(seconds);
    logInfo(concat("evaluate:   ", row.name, ": model error ", row.modelError.back(), ", data misfit ",
                   row.dataMisfit.back(), ", SSIM ", row.ssim.back(), ", PDE solves ", solves, ", ", seconds, " s"));
  };
  for (std::size_t i = 0; i < K; ++i) {
    const SurveySampleProblem& p = test[i];
    logInfo(concat("evaluate: sample ", i + 1, " of ", K));
    const fs::path dir = work / ("sample" + std::to_string(i));
    // PAE estimate.
    auto start = Clock::now();
    const std::vector<double> zStar = decoder.estimateLatent(p.observed.data, p.observed.nsamples);
    const Field2D estimate = fieldOn(grid, decoder.decode(zStar));
    add(pae, estimate, p, 0.0, secondsSince(start));
    // LSI.
    start = Clock::now();
    inversion::LsiProblem lp;
    lp.config = p.config;
    lp.observed = p.observed;
    lp.grid = grid;
    lp.zStar = zStar;
    lp.truth = &p.truth;
    inversion::LsiSettings ls = lsi;
    ls.output = dir / "lsi";
    ensureDirectory(ls.output);
    const inversion::LsiResult lr = inversion::runLatentInversion(session.comm(), ls, lp, model);
    const double lsiSolves = lastPdeSolves(ls.output / "history.csv");
    add(lsiRow, lr.model, p, lsiSolves, secondsSince(start) + pae.seconds.back());
    // FWI with LSI's budget, and with the large one, from the smoothed truth.
    inversion::FwiProblem fp;
    fp.config = p.config;
    fp.observed = p.observed;
    fp.initial = inversion::gaussianSmooth(p.truth, smoothing);
    fp.truth = &p.truth;
    const double perEvaluation = 2.0 * double(p.config.sources.size());
    const int evaluations = std::max(1, int(std::floor(lsiSolves / perEvaluation)));
    inversion::FwiSettings fb = fwi;
    fb.cutoffs = {0.0};
    fb.iterations = evaluations;
    fb.output = dir / "fwi_budget";
    ensureDirectory(fb.output);
    setOption("-fwi_tao_max_funcs", std::to_string(evaluations));
    start = Clock::now();
    Field2D q;
    try {
      q = inversion::runAcousticFwi(session.comm(), fb, fp);
    } catch (...) {
      setOption("-fwi_tao_max_funcs", "");
      throw;
    }
    setOption("-fwi_tao_max_funcs", "");
    add(fwiBudget, q, p, lastPdeSolves(fb.output / "history.csv"), secondsSince(start));
    inversion::FwiSettings fl = fwi;
    fl.iterations = int(fwiIterations);
    fl.output = dir / "fwi_long";
    ensureDirectory(fl.output);
    start = Clock::now();
    q = inversion::runAcousticFwi(session.comm(), fl, fp);
    add(fwiLong, q, p, lastPdeSolves(fl.output / "history.csv"), secondsSince(start));
  }
  if (!baselineRun.empty()) {
    logInfo("evaluate: end-to-end baseline estimates");
    const fs::path file = output / "estimates_baseline.h5";
    const auto start = Clock::now();
    estimateFirst(baselineRun, input, file, samples);
    const double perSample = secondsSince(start) / double(K);
    const std::vector<double> all = readVector(file, "/estimates");
    const std::size_t n = grid.size();
    require(all.size() >= K * n, "the baseline run '", baselineRun.string(), "' gives models of another size");
    for (std::size_t i = 0; i < K; ++i)
      add(baseline, fieldOn(grid, std::vector<double>(all.begin() + long(i * n), all.begin() + long((i + 1) * n))),
          test[i], 0.0, perSample);
  }

  // 3. Quality metrics of the PAE estimate against its true errors; OOD AUROC.
  inversion::EvaluationResults results;
  results.title = "pairinv evaluate: acoustic";
  results.notes = {concat("run: ", run.string(), baselineRun.empty() ? "" : concat("; baseline: ", baselineRun.string())),
                   concat("test set: ", input.string(), ", first ", K, " samples", ood.empty() ? "" :
                          concat("; OOD set: ", ood.string(), ", first ", K, " samples")),
                   concat("SSIM on models mapped from [", lo, ", ", hi, "] m/s to [0, 1]"),
                   "EM surveys are not evaluated yet (acoustic only)"};
  for (std::size_t i = 0; i < K; ++i) results.samples.push_back(i);
  results.methods = {pae, lsiRow, fwiBudget, fwiLong};
  if (!baselineRun.empty()) results.methods.push_back(baseline);

  logInfo("evaluate: RRE and RMA of the test set");
  const fs::path estTest = output / "estimates_test.h5";
  estimateFirst(run, input, estTest, samples);
  inversion::QualityResults inDist{"in-distribution", results.samples, readVector(estTest, "/rre"),
                                   readVector(estTest, "/rma"), pae.modelError, pae.dataMisfit};
  results.quality.push_back(inDist);
  if (!ood.empty()) {
    logInfo("evaluate: the OOD set (estimates, RRE/RMA and true misfits)");
    const fs::path estOod = output / "estimates_ood.h5";
    estimateFirst(run, ood, estOod, samples);
    inversion::QualityResults o{"OOD", results.samples, readVector(estOod, "/rre"), readVector(estOod, "/rma"), {}, {}};
    for (const SurveySampleProblem& p : oodSet) {
      const Field2D q = fieldOn(p.truth.grid, decoder.estimateModel(p.observed.data, p.observed.nsamples));
      o.modelError.push_back(inversion::relativeModelError(q.values, p.truth.values));
      o.dataMisfit.push_back(dataMisfit(session.comm(), q, p));
    }
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

  // 4. The report.
  inversion::writeEvaluationReport(output, results);
  for (const inversion::MethodResults& m : results.methods)
    logInfo(concat("evaluate: ", m.name, ": model error ", inversion::finiteMean(m.modelError), ", data misfit ",
                   inversion::finiteMean(m.dataMisfit), ", SSIM ", inversion::finiteMean(m.ssim), ", PDE solves ",
                   inversion::finiteMean(m.pdeSolves), ", ", inversion::finiteMean(m.seconds), " s"));
  logInfo(concat("evaluate: done; see ", (output / "report.md").string()));
  return 0;
#else
  (void)session;
  throw InputError("pairinv was built without LibTorch (-DPAIRINV_WITH_TORCH=OFF): evaluate needs learning/ "
                   "for the trained networks");
#endif
}

}  // namespace pairinv::apps
