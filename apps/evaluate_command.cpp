// pairinv evaluate: the evaluation table of the method on a test set. Rows: the PAE
// estimate, LSI, classical FWI from a smooth start with the PDE-solve budget of LSI, FWI with a
// larger budget, and the end-to-end baseline; columns: relative model error, relative data misfit
// by the true PDE, SSIM, PDE solves, wall time. Plus, for the in-distribution and OOD sets, the
// correlation of RRE and RMA with the true model error and data misfit, and the OOD AUROC.
// This file: the options and the acoustic table; an EM survey (physics em) goes to
// apps/evaluate_em.cpp, with model errors in log10 conductivity.
//
// Sample runs:
//   pairinv evaluate -run runs/quick -input test.h5 -output out/eval
//   pairinv evaluate -run runs/quick -baseline_run runs/e2e -input test.h5 -ood ood.h5
//                    -evaluate_samples 8 -lsi_iterations 10 -evaluate_fwi_iterations 60 -output out/eval
//   pairinv evaluate -run runs/em -baseline_run runs/em_e2e -input em_test.h5 -ood em_ood.h5 -output out/eval_em
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

#include "apps/em_survey_acquisition.hpp"
#include "apps/evaluate_em.hpp"
#include "apps/evaluate_support.hpp"
#include "apps/survey_acquisition.hpp"
#include "core/atomic_file.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "core/petsc_check.hpp"
#include "inversion/acoustic_fwi.hpp"
#include "inversion/em_fwi.hpp"
#include "inversion/evaluation_metrics.hpp"
#include "inversion/learned_latent_model.hpp"
#include "inversion/model_smoothing.hpp"
#endif

namespace fs = std::filesystem;

namespace pairinv::apps {

#ifdef PAIRINV_HAVE_LEARNING
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double dataMisfit(MPI_Comm comm, const Field2D& model, const SurveySampleProblem& p) {
  const acoustic::ShotGathers d = acoustic::simulateShots(comm, model, p.config);
  return inversion::relativeDataMisfit(d.data, p.observed.data);
}

std::vector<SurveySampleProblem> readFirstSamples(const fs::path& survey, std::size_t K) {
  std::vector<SurveySampleProblem> set;
  for (std::size_t i = 0; i < K; ++i) {
    set.push_back(readSurveySample(survey, i));
    require(set.back().surveySize >= K, "-evaluate_samples ", K, " but '", survey.string(), "' has ",
            set.back().surveySize, " samples");
  }
  return set;
}

// The acoustic table (the EM one: evaluate_em.cpp).
void evaluateAcoustic(MPI_Comm comm, const EvaluateSetup& setup, const inversion::FwiSettings& fwi) {
  const std::size_t K = setup.samples;
  const std::vector<SurveySampleProblem> test = readFirstSamples(setup.input, K);
  const std::vector<SurveySampleProblem> oodSet = setup.ood.empty() ? std::vector<SurveySampleProblem>{}
                                                                    : readFirstSamples(setup.ood, K);
  inversion::LearnedLatentModel model(std::make_unique<learning::LatentDecoder>(setup.run));
  const learning::LatentDecoder& decoder = model.decoder();
  const Grid2D grid = test.front().truth.grid;
  for (const auto* set : {&test, &oodSet})
    for (const SurveySampleProblem& p : *set)
      require(decoder.nz() == p.truth.grid.nz && decoder.nx() == p.truth.grid.nx, "the run '", setup.run.string(),
              "' was trained on ", decoder.nz(), " x ", decoder.nx(), " models; a survey's are ", p.truth.grid.nz,
              " x ", p.truth.grid.nx);
  double lo = INFINITY, hi = -INFINITY;  // the SSIM range
  for (const SurveySampleProblem& p : test) lo = std::min(lo, p.truth.min()), hi = std::max(hi, p.truth.max());
  if (hi <= lo) hi = lo + 1.0;
  const auto ssim = [&](const Field2D& q, const Field2D& truth) {
    return inversion::structuralSimilarity(q.values, truth.values, grid.nz, grid.nx, lo, hi);
  };
  prepareOutputFolders(setup);  // inputs checked: now write
  const fs::path work = setup.work();
  const inversion::LsiSettings& lsi = setup.lsi;
  const double smoothing = setup.smoothing;
  const int fwiIterations = setup.fwiIterations;

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
    addResult(row, inversion::relativeModelError(q.values, p.truth.values), dataMisfit(comm, q, p), ssim(q, p.truth),
              solves, seconds);
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
    const inversion::LsiResult lr = inversion::runLatentInversion(comm, ls, lp, model);
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
    start = Clock::now();
    Field2D q = withFunctionLimit(evaluations, [&] { return inversion::runAcousticFwi(comm, fb, fp); });
    add(fwiBudget, q, p, lastPdeSolves(fb.output / "history.csv"), secondsSince(start));
    inversion::FwiSettings fl = fwi;
    fl.iterations = int(fwiIterations);
    fl.output = dir / "fwi_long";
    ensureDirectory(fl.output);
    start = Clock::now();
    q = inversion::runAcousticFwi(comm, fl, fp);
    add(fwiLong, q, p, lastPdeSolves(fl.output / "history.csv"), secondsSince(start));
  }
  addBaselineRow(setup, grid, baseline, [&](inversion::MethodResults& row, const Field2D& q, std::size_t i,
                                            double seconds) { add(row, q, test[i], 0.0, seconds); });

  // 3. Quality metrics of the PAE estimate, OOD AUROC and the report.
  inversion::EvaluationResults results;
  results.title = "pairinv evaluate: acoustic";
  results.notes = evaluationNotes(setup, {concat("SSIM on models mapped from [", lo, ", ", hi, "] m/s to [0, 1]")});
  for (std::size_t i = 0; i < K; ++i) results.samples.push_back(i);
  results.methods = {pae, lsiRow, fwiBudget, fwiLong};
  if (!setup.baselineRun.empty()) results.methods.push_back(baseline);
  finishEvaluation(setup, results, pae, [&](std::size_t i) {
    const SurveySampleProblem& p = oodSet[i];
    const Field2D q = fieldOn(p.truth.grid, decoder.estimateModel(p.observed.data, p.observed.nsamples));
    return std::make_pair(inversion::relativeModelError(q.values, p.truth.values), dataMisfit(comm, q, p));
  });
}

}  // namespace
#endif

int runEvaluate(const PetscSession& session) {
#ifdef PAIRINV_HAVE_LEARNING
  // 1. Options; inputs are checked before anything is written.
  EvaluateSetup setup;
  fs::path run, baselineRun, input, ood, output;
  PetscInt samples = 4, fwiIterations = 50;
  double smoothing = 100.0;
  {
    OptionsBlock opts(session.comm(), "", "pairinv evaluate: evaluation table on an acoustic or EM test set");
    run = opts.string("-run", "Run folder of `pairinv train` (paired architecture)", "");
    baselineRun = opts.string("-baseline_run", "Run folder of the end-to-end baseline (-pae_architecture "
                              "end_to_end); empty: no baseline row", "");
    input = opts.string("-input", "Test survey, acoustic or EM (in-distribution, with true models)", "");
    ood = opts.string("-ood", "Out-of-distribution survey of the same physics (for correlations and AUROC); empty: none", "");
    output = opts.string("-output", "Output directory", "out/evaluate");
    samples = opts.integer("-evaluate_samples", "Evaluate the first K samples of -input (and of -ood)", 4, 1);
    fwiIterations = opts.integer("-evaluate_fwi_iterations", "L-BFGS iterations per stage of the large-budget FWI "
                                 "row (acoustic stages: -fwi_frequencies; EM: one stage)", 50, 1);
    smoothing = opts.real("-evaluate_fwi_smoothing", "Gaussian smoothing length in m of the FWI starting model "
                          "(the smoothed true model; EM: its earth's ln sigma)", 100.0, 0.0);
  }
  setup.lsi = inversion::readLsiSettings(session.comm());
  // The survey's physics picks the FWI settings (EM refuses -fwi_frequencies); -help without
  // an existing -input lists the acoustic ones.
  const bool em = !input.empty() && fs::exists(input) && surveyPhysics(input) == "em";
  inversion::FwiSettings fwi;
  inversion::EmFwiSettings emFwi;
  if (em)
    emFwi = inversion::readEmFwiSettings(session.comm());
  else
    fwi = inversion::readFwiSettings(session.comm());
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

  setup.run = run, setup.baselineRun = baselineRun, setup.input = input, setup.ood = ood, setup.output = output;
  setup.samples = std::size_t(samples), setup.fwiIterations = int(fwiIterations), setup.smoothing = smoothing;
  if (em)
    evaluateEm(session.comm(), setup, emFwi);
  else
    evaluateAcoustic(session.comm(), setup, fwi);
  return 0;
#else
  (void)session;
  throw InputError("pairinv was built without LibTorch (-DPAIRINV_WITH_TORCH=OFF): evaluate needs learning/ "
                   "for the trained networks");
#endif
}

}  // namespace pairinv::apps
