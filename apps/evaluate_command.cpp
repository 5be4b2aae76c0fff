// pairinv evaluate: the evaluation of a trained run on a test set and on out-of-distribution
// (OOD) sets, acoustic or EM (apps/evaluation_run.hpp):
//   - the methods table on the first -evaluate_samples (K) test samples: the PAE estimate, LSI, LSI
//     + a model-space polish (with -lsi_polish_iterations N > 0), FWI with LSI's budget of PDE
//     solves, FWI with a larger budget, the end-to-end network (-baseline_run) and the linear
//     baseline (PCA + ridge, fitted with the run); columns model error, MAE, RMSE, SSIM, data misfit
//     by the true PDE, PDE solves, wall time;
//   - detection: every quality score (RRE, RMA, data-autoencoder residual, latent distance, PCA
//     residual) and the run's calibrated flag on the test set and on each OOD set (-ood A.h5,B.h5):
//     AUROC, true-positive rate at the flag's false-positive rate, the achieved false-positive rate,
//     correlations with the estimates' true errors;
//   - the repair of up to -evaluate_repair_samples flagged OOD samples (LSI, polish) against FWI from
//     the same estimate with the same PDE budget;
//   - the PDE solves LSI (then its polish) needs to reach the misfit the large-budget FWI ends at,
//     against FWI's own (inversion/solves_to_misfit.hpp).
//
// Sample runs:
//   pairinv evaluate -run runs/quick -input test.h5 -output out/eval
//   pairinv evaluate -run runs/quick -baseline_run runs/e2e -input test.h5 -ood ood.h5,noisy.h5
//                    -evaluate_samples 8 -lsi_iterations 10 -lsi_polish_iterations 10
//                    -evaluate_fwi_iterations 60 -evaluate_repair_samples 6 -output out/eval
//   pairinv evaluate -run runs/quick -input test.h5 -evaluate_fwi_start smooth -evaluate_fwi_smoothing 50
//                    -evaluate_metric_samples 100 -output out/eval_smooth
//   pairinv evaluate -run runs/em -baseline_run runs/em_e2e -input em_test.h5 -ood em_ood.h5 -output out/eval_em
//   mpiexec -n 4 pairinv evaluate -run runs/quick -input test.h5 -ood ood.h5 -output out/eval
//                    (the samples' inversions and the flagged repairs spread over 4 ranks, each
//                    sample's PDE solves on one rank; rank 0 estimates, scores and reports)
// (tests/apps/test_evaluate_app.cpp, tests/apps/test_evaluate_em_app.cpp and scripts/quickstart.sh
// run these at small sizes.)
//
// Data misfits are |W (F(q) - b)| / |W b|, modelled again with the survey's own acquisition for every
// final model. The FWI rows start from what a survey would know (-evaluate_fwi_start gradient, the
// default: acoustic, the 1D linear velocity gradient between the true model's minimum and maximum;
// EM, a half-space of the geometric mean of the truth's earth under its air) or from the smoothed
// truth (-evaluate_fwi_start smooth, -evaluate_fwi_smoothing metres), which flatters FWI. The
// budget-matched FWI gets TAO's function-evaluation limit equal to LSI's PDE solves of that sample
// over the solves of one gradient, in one full-band stage; its actual solves are reported. Writes
// DIR/report.md, DIR/*.csv, DIR/*.png (inversion/evaluation_report.hpp), the estimate files
// DIR/estimates_*.h5 and the inversions' own folders under DIR/runs/ (sampleI/{lsi,lsi/polish,
// fwi_budget,fwi_long}, flagged_SET_I/{lsi,lsi/polish,fwi}). A rerun of the same command with the
// same inputs keeps the samples finished before and resumes the others, to the bits of an
// uninterrupted run but for the seconds; other options or inputs start afresh
// (apps/evaluation_run.cpp, tests/scripts/resume_to_the_bit.py).
#include <filesystem>
#include <sstream>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "core/error.hpp"

#ifdef PAIRINV_HAVE_LEARNING
#include <petscsys.h>

#include "apps/sample_problem.hpp"
#include "apps/evaluation_run.hpp"
#include "core/options.hpp"
#include "core/petsc_check.hpp"
#endif

namespace fs = std::filesystem;

namespace pairinv::apps {

#ifdef PAIRINV_HAVE_LEARNING
namespace {

EvaluateSetup readEvaluateOptions(MPI_Comm comm) {
  EvaluateSetup s;
  {
    OptionsBlock opts(comm, "", "pairinv evaluate: evaluation report on an acoustic or EM test set");
    s.run = opts.string("-run", "Run folder of `pairinv train` (paired architecture)", "");
    s.baselineRun = opts.string("-baseline_run", "Run folder of the end-to-end baseline (-pae_architecture "
                                "end_to_end); empty: no end-to-end row", "");
    s.input = opts.string("-input", "Test survey, acoustic or EM (in-distribution, with true models)", "");
    std::stringstream ood(opts.string("-ood", "Out-of-distribution surveys of the same physics, comma-separated "
                                      "(detection and repair); empty: none", ""));
    for (std::string file; std::getline(ood, file, ',');)
      if (!file.empty()) s.ood.push_back(file);
    s.output = opts.string("-output", "Output directory", "out/evaluate");
  }
  OptionsBlock opts(comm, "evaluate_", "What pairinv evaluate runs");
  s.samples = std::size_t(opts.integer("-samples", "Evaluate the methods (LSI, FWI, ...) on the first K samples of "
                                       "-input", 4, 1));
  s.metricSamples = std::size_t(opts.integer("-metric_samples", "Samples of -input and of each -ood set for the "
                                             "quality scores, one estimate and one forward solve each (0: all)", 0, 0));
  s.repairSamples = std::size_t(opts.integer("-repair_samples", "Flagged OOD samples to repair (taken in turn from "
                                             "each -ood set; 0: none)", 4, 0));
  s.fwiIterations = int(opts.integer("-fwi_iterations", "L-BFGS iterations per stage of the large-budget FWI row "
                                     "(acoustic stages: -fwi_frequencies; EM: one stage)", 50, 1));
  s.fwiStart = opts.choice("-fwi_start", "Starting model of the FWI rows: gradient (acoustic: 1D linear velocity "
                           "gradient between the truth's minimum and maximum; EM: half-space of the truth's earth "
                           "geometric mean under its air) or smooth (the smoothed truth; flatters FWI)",
                           FwiStart::Gradient, kFwiStartNames);
  s.smoothing = opts.real("-fwi_smoothing", "Gaussian smoothing length in m of -evaluate_fwi_start smooth (the true "
                          "model; EM: its earth's ln sigma)", 100.0, 0.0);
  require(s.fwiStart == FwiStart::Smooth || !opts.lastWasSet(),
          "-evaluate_fwi_smoothing is only used with -evaluate_fwi_start smooth (the default start, gradient, "
          "does not smooth the true model)");
  return s;
}

void refuseOption(const char* name, const char* why) {
  PetscBool given = PETSC_FALSE;
  PAIRINV_PETSC(PetscOptionsHasName(nullptr, nullptr, name, &given));
  require(!given, name, why);
}

}  // namespace
#endif

int runEvaluate(const PetscSession& session) {
#ifdef PAIRINV_HAVE_LEARNING
  // 1. Options; inputs are checked before anything is written.
  const MPI_Comm comm = session.comm();
  EvaluateSetup setup = readEvaluateOptions(comm);
  setup.repair.lsi = inversion::readLsiSettings(comm);
  inversion::probeLsiTaoOptions(comm);
  // The survey's physics picks the FWI settings (EM refuses -fwi_frequencies); -help without an
  // existing -input lists the acoustic ones.
  const Physics physics = inputPhysics(setup.input);
  setup.repair.fwi = readFwiOptions(comm, physics, true);
  if (session.helpRequested()) return 0;
  refuseOption("-fwi_iterations", " is not used by pairinv evaluate: each FWI row sets its own count "
               "(-evaluate_fwi_iterations for the large-budget row, LSI's budget, -lsi_polish_iterations)");
  refuseOption("-fwi_tao_max_funcs", " cannot be given to pairinv evaluate: it sets the budget of the budget-matched "
               "FWI rows itself (use -evaluate_fwi_iterations for the large-budget row)");
  rejectUnusedOptions();
  require(!setup.run.empty(), "-run RUN_DIR is required (a folder written by pairinv train, paired architecture)");
  require(fs::exists(setup.run), "-run: '", setup.run.string(), "' does not exist");
  require(setup.baselineRun.empty() || fs::exists(setup.baselineRun), "-baseline_run: '", setup.baselineRun.string(),
          "' does not exist");
  require(!setup.input.empty(), "-input TEST.h5 is required");

  // 2. The evaluation.
  runEvaluation(comm, setup);
  writeCommandRecord(comm, "evaluate", setup.output, true);
  return 0;
#else
  (void)session;
  throw InputError("pairinv was built without LibTorch (-DPAIRINV_WITH_TORCH=OFF): evaluate needs learning/ "
                   "for the trained networks");
#endif
}

}  // namespace pairinv::apps
