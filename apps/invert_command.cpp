// pairinv invert: latent-space inversion (LSI) of one survey sample against the true PDE,
// starting from the paired autoencoder's likelihood-free estimate, optionally followed by a
// model-space polish (-lsi_polish_iterations N: the physics' FWI from LSI's final model, one
// full-band stage, inversion/lsi_polish.hpp). Acoustic and EM surveys (the survey's physics
// attribute picks the PDE: inversion/acoustic_lsi_data.hpp or inversion/em_lsi_data.hpp; EM data
// are fitted with relative weights, as pairinv fwi -physics em).
//
// Sample runs:
//   pairinv invert -run runs/quick -input test.h5 -sample 3 -output out/invert
//   pairinv invert -run runs/quick -input test.h5 -sample 3 -lsi_iterations 40 -lsi_alpha 1e-2 -output DIR
//   pairinv invert -run runs/quick -input test.h5 -sample 3 -lsi_polish_iterations 10 -output DIR
//   mpiexec -n 2 pairinv invert -run runs/quick -input test.h5 -sample 0 -output DIR
//   pairinv invert -run runs/em -input em_test.h5 -sample 0 -lsi_iterations 10 -output DIR
//   pairinv invert -run runs/quick -input line7.sgy -acquisition train.h5 -output DIR   (field data)
// (tests/apps/test_evaluate_app.cpp, tests/apps/test_evaluate_em_app.cpp and scripts/quickstart.sh run
// these at small sizes, the polish included.)
//
// Writes DIR/history.csv (the columns of `pairinv fwi`), iterations/*.vti + models.pvd with the
// arrays velocity (or conductivity), estimate, truth and difference, PNG quick-looks and
// DIR/model_final.npy/.vti: LSI's final model D_q(z). With -lsi_polish_iterations N > 0, DIR/polish/
// holds the polish as `pairinv fwi` writes it (history.csv, iterations/, models.pvd, PNGs), and
// DIR/polish/model_final.npy/.vti, the polished model, is the command's final result. The polish
// takes the -fwi_ settings (bounds, parametrisation, EM data weights, -fwi_tao_*) except
// -fwi_iterations and -fwi_frequencies, which it refuses; EM keeps the survey's air fixed.
// Rerunning the same command resumes LSI to the bits of an uninterrupted run (the stage replayed
// from its log of objective calls: inversion/tao_driver.hpp); the polish is redone afresh.
//
// Field data: a SEG-Y -input (shot gathers recorded with the acquisition of the survey file
// -acquisition) becomes DIR/observed.h5, a one-sample survey without /models (apps/field_data.hpp);
// so does a survey file without /models. Then nothing is measured against a truth: the history's
// model_error column is NaN and the figures show no truth or error panel.
#include <filesystem>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "core/error.hpp"

#ifdef PAIRINV_HAVE_LEARNING
#include "apps/field_data.hpp"
#include "apps/sample_repair.hpp"
#include "core/log.hpp"
#include "core/root_errors.hpp"
#include "core/segy_file.hpp"
#include "learning/estimation_run.hpp"
#include "core/options.hpp"
#endif

namespace fs = std::filesystem;

namespace pairinv::apps {

int runInvert(const PetscSession& session) {
#ifdef PAIRINV_HAVE_LEARNING
  // 1. Options; the sample and the trained run are checked before anything is written.
  const MPI_Comm comm = session.comm();
  fs::path run, input, acquisition, output;
  PetscInt sample = 0;
  {
    OptionsBlock opts(comm, "", "pairinv invert: latent-space inversion of one survey sample");
    run = opts.string("-run", "Run folder of `pairinv train` (paired architecture)", "");
    input = opts.string("-input", "Survey file (acoustic or EM) with the sample to invert, or SEG-Y shot gathers "
                        "(.sgy/.segy: field data, one sample) with -acquisition", "");
    acquisition = opts.string("-acquisition", "With a SEG-Y -input: the acoustic survey file whose acquisition "
                              "recorded it (grid, sampling, wavelet, positions; typically the training survey)", "");
    sample = opts.integer("-sample", "Index of the sample in the survey (0 for SEG-Y)", 0, 0);
    output = opts.string("-output", "Output directory", "out/invert");
  }
  // The polish's FWI settings follow the survey's physics (-help without an existing -input lists
  // the acoustic ones).
  const Physics physics = inputPhysics(input);
  const RepairSettings settings = readRepairSettings(comm, physics, "invert", session.helpRequested());
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  require(!run.empty(), "-run RUN_DIR is required (a folder written by pairinv train)");
  require(!input.empty(), "-input SURVEY.h5 (or SEG-Y with -acquisition) is required");
  require(fs::exists(input), "-input: '", input.string(), "' does not exist");
  require(!isSegyFile(input) || sample == 0, "-sample ", sample, ": a SEG-Y -input holds one sample, 0");
  FieldSurveyInput survey(comm, input, acquisition, output);  // SEG-Y: OUTPUT/observed.h5
  runOnRoot(comm, [&] { learning::requireSurveyFitsRun(run, survey.survey()); });
  const std::unique_ptr<SampleProblem> problem = SampleProblem::read(survey.survey(), std::size_t(sample));
  if (!problem->truth())
    logInfo(concat("invert: '", input.string(), "' holds no true model (field data): no model errors are measured"));

  // 2. LSI from the learned estimate, then the polish.
  LearnedDecoder decoder{run, 0, nullptr};
  const RepairOutcome r = repairSample(comm, settings, decoder, *problem, output);
  survey.keep();
  logInfo(concat("invert: LSI done; see ", (output / "history.csv").string(), " and ", (output / "models.pvd").string(),
                 "; its final model D_q(z): ", (output / "model_final.npy").string()));
  if (r.polished)
    logInfo(concat("invert: polish done (", settings.lsi.polishIterations, " FWI iterations from LSI's model); see ",
                   (output / "polish" / "history.csv").string(), "; the final, polished model: ",
                   (output / "polish" / "model_final.npy").string()));
  writeCommandRecord(session.comm(), "invert", output, true);
  return 0;
#else
  (void)session;
  throw InputError("pairinv was built without LibTorch (-DPAIRINV_WITH_TORCH=OFF): invert needs learning/");
#endif
}

}  // namespace pairinv::apps
