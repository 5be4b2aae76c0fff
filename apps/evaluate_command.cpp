// pairinv evaluate: the evaluation table of the method on a test set. Rows: the PAE
// estimate, LSI, LSI + a model-space polish (with -lsi_polish_iterations N > 0), classical FWI
// with the PDE-solve budget of LSI, FWI with a larger budget, and the end-to-end baseline;
// columns: model error, relative data misfit by the true PDE, SSIM, PDE solves, wall time. Plus,
// for the in-distribution and OOD sets, the correlation of RRE and RMA with the true model error
// and data misfit, and the OOD AUROC; and the PDE solves LSI (then its polish) needs to reach the
// data misfit the large-budget FWI ends at, against FWI's own (inversion/solves_to_misfit.hpp).
// This file: the options; the acoustic table is apps/evaluate_acoustic.cpp, the EM one (an EM
// survey, physics em) apps/evaluate_em.cpp, with model errors in log10 conductivity.
//
// Sample runs:
//   pairinv evaluate -run runs/quick -input test.h5 -output out/eval
//   pairinv evaluate -run runs/quick -baseline_run runs/e2e -input test.h5 -ood ood.h5
//                    -evaluate_samples 8 -lsi_iterations 10 -lsi_polish_iterations 10
//                    -evaluate_fwi_iterations 60 -output out/eval
//   pairinv evaluate -run runs/quick -input test.h5 -evaluate_fwi_start smooth -evaluate_fwi_smoothing 50
//                    -evaluate_metric_samples 100 -output out/eval_smooth
//   pairinv evaluate -run runs/em -baseline_run runs/em_e2e -input em_test.h5 -ood em_ood.h5 -output out/eval_em
// (tests/apps/test_evaluate_app.cpp, tests/apps/test_evaluate_em_app.cpp and scripts/quickstart.sh
// run these at small sizes.)
//
// The method rows are evaluated on the first -evaluate_samples (K) samples of -input. Data misfits
// are all |F(q) - b| / |b|, modelled again with the survey's own acquisition for every final
// model. The FWI rows start from what a survey would know (-evaluate_fwi_start gradient, the
// default: acoustic, the 1D linear velocity gradient between the true model's minimum and maximum,
// as pairinv fwi -fwi_initial gradient; EM, a half-space of the geometric mean of the truth's
// earth under its air, as pairinv fwi -physics em -fwi_initial halfspace) or from the smoothed
// truth (-evaluate_fwi_start smooth, -evaluate_fwi_smoothing metres), which flatters FWI. The
// budget-matched FWI gets TAO's function-evaluation limit (-fwi_tao_max_funcs, set here) equal to
// LSI's PDE solves of that sample over the solves of one gradient, in one full-band stage; its
// actual solves are reported. The polish row's PDE solves and time are LSI's plus the polish's.
// The quality metrics (RRE/RMA correlations, OOD AUROC) cost one estimate and one forward solve
// per sample and use the first -evaluate_metric_samples samples of -input and of -ood (0, the
// default: all). Writes DIR/report.md (which says how many samples each statistic used), DIR/*.csv,
// DIR/*.png (inversion/evaluation_report.hpp), the estimate files DIR/estimates_*.h5 and the
// inversions' own folders under DIR/runs/sampleI/ (lsi, polish, fwi_budget, fwi_long; rebuilt on
// every call: a rerun starts the inversions afresh).
#include <filesystem>

#include "apps/commands.hpp"
#include "core/error.hpp"

#ifdef PAIRINV_HAVE_LEARNING
#include <petscsys.h>

#include "apps/em_survey_acquisition.hpp"
#include "apps/evaluate_acoustic.hpp"
#include "apps/evaluate_em.hpp"
#include "apps/evaluate_support.hpp"
#include "core/options.hpp"
#include "core/petsc_check.hpp"
#include "inversion/acoustic_fwi.hpp"
#include "inversion/em_fwi.hpp"
#include "inversion/tao_driver.hpp"
#endif

namespace fs = std::filesystem;

namespace pairinv::apps {

int runEvaluate(const PetscSession& session) {
#ifdef PAIRINV_HAVE_LEARNING
  // 1. Options; inputs are checked before anything is written.
  EvaluateSetup setup;
  fs::path run, baselineRun, input, ood, output;
  PetscInt samples = 4, fwiIterations = 50, metricSamples = 0;
  std::string fwiStart;
  double smoothing = 100.0;
  {
    OptionsBlock opts(session.comm(), "", "pairinv evaluate: evaluation table on an acoustic or EM test set");
    run = opts.string("-run", "Run folder of `pairinv train` (paired architecture)", "");
    baselineRun = opts.string("-baseline_run", "Run folder of the end-to-end baseline (-pae_architecture "
                              "end_to_end); empty: no baseline row", "");
    input = opts.string("-input", "Test survey, acoustic or EM (in-distribution, with true models)", "");
    ood = opts.string("-ood", "Out-of-distribution survey of the same physics (for correlations and AUROC); empty: none", "");
    output = opts.string("-output", "Output directory", "out/evaluate");
    samples = opts.integer("-evaluate_samples", "Evaluate the methods (LSI, FWI, ...) on the first K samples of "
                           "-input", 4, 1);
    metricSamples = opts.integer("-evaluate_metric_samples", "Samples of -input and of -ood (each) for the RRE/RMA "
                                 "correlations and the OOD AUROC, one estimate and one forward solve each (0: all)",
                                 0, 0);
    fwiIterations = opts.integer("-evaluate_fwi_iterations", "L-BFGS iterations per stage of the large-budget FWI "
                                 "row (acoustic stages: -fwi_frequencies; EM: one stage)", 50, 1);
    fwiStart = opts.choice("-evaluate_fwi_start", "Starting model of the FWI rows: gradient (acoustic: 1D linear "
                           "velocity gradient between the truth's minimum and maximum, as fwi -fwi_initial gradient; "
                           "EM: half-space of the truth's earth geometric mean under its air, as fwi -physics em "
                           "-fwi_initial halfspace) or smooth (the smoothed truth; flatters FWI)", "gradient",
                           {"gradient", "smooth"});
    smoothing = opts.real("-evaluate_fwi_smoothing", "Gaussian smoothing length in m of -evaluate_fwi_start smooth "
                          "(the true model; EM: its earth's ln sigma)", 100.0, 0.0);
    require(fwiStart == "smooth" || !opts.lastWasSet(),
            "-evaluate_fwi_smoothing is only used with -evaluate_fwi_start smooth (the default start, gradient, "
            "does not smooth the true model)");
  }
  setup.lsi = inversion::readLsiSettings(session.comm());
  // The survey's physics picks the FWI settings (EM refuses -fwi_frequencies); -help without
  // an existing -input lists the acoustic ones.
  const bool em = !input.empty() && fs::exists(input) && surveyPhysics(input) == "em";
  inversion::FwiSettings fwi;
  inversion::EmFwiSettings emFwi;
  if (em)
    emFwi = inversion::readEmFwiSettings(session.comm(), false);
  else
    fwi = inversion::readFwiSettings(session.comm(), false);
  inversion::probeLsiTaoOptions(session.comm());
  inversion::probeTaoOptions(session.comm());
  if (session.helpRequested()) return 0;
  PetscBool userIterations = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsHasName(nullptr, nullptr, "-fwi_iterations", &userIterations));
  require(!userIterations, "-fwi_iterations is not used by pairinv evaluate: each FWI row sets its own count "
          "(-evaluate_fwi_iterations for the large-budget row, LSI's budget, -lsi_polish_iterations)");
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
  setup.smoothStart = fwiStart == "smooth", setup.metricSamples = std::size_t(metricSamples);
  resolveMetricCounts(setup);
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
