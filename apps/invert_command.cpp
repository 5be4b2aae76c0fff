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
// Rerunning the same command resumes LSI from its last iterate; the polish is redone afresh.
#include <filesystem>

#include "apps/commands.hpp"
#include "core/error.hpp"

#ifdef PAIRINV_HAVE_LEARNING
#include <petscsys.h>

#include "apps/em_survey_acquisition.hpp"
#include "apps/survey_acquisition.hpp"
#include "core/atomic_file.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "core/petsc_check.hpp"
#include "inversion/acoustic_lsi_data.hpp"
#include "inversion/em_lsi_data.hpp"
#include "inversion/learned_latent_model.hpp"
#include "inversion/lsi_polish.hpp"
#include "inversion/root_result.hpp"
#include "inversion/tao_driver.hpp"
#endif

namespace fs = std::filesystem;

namespace pairinv::apps {

int runInvert(const PetscSession& session) {
#ifdef PAIRINV_HAVE_LEARNING
  // 1. Options; the sample and the trained run are checked before anything is written.
  fs::path run, input, output;
  PetscInt sample = 0;
  {
    OptionsBlock opts(session.comm(), "", "pairinv invert: latent-space inversion of one survey sample");
    run = opts.string("-run", "Run folder of `pairinv train` (paired architecture)", "");
    input = opts.string("-input", "Survey file (acoustic or EM) with the sample to invert", "");
    sample = opts.integer("-sample", "Index of the sample in the survey", 0, 0);
    output = opts.string("-output", "Output directory", "out/invert");
  }
  inversion::LsiSettings settings = inversion::readLsiSettings(session.comm());
  settings.output = output;
  inversion::probeLsiTaoOptions(session.comm());
  // The polish's FWI settings, for the survey's physics (-help without an existing -input lists
  // the acoustic ones).
  const MPI_Comm comm = session.comm();
  const int polish = settings.polishIterations;
  const bool em = !input.empty() && fs::exists(input) && surveyPhysics(input) == "em";
  inversion::FwiSettings fwi;
  inversion::EmFwiSettings emFwi;
  if (polish > 0 || session.helpRequested()) {
    if (em)
      emFwi = inversion::readEmFwiSettings(comm, false);
    else
      fwi = inversion::readFwiSettings(comm, false, false);
    inversion::probeTaoOptions(comm);
  }
  if (session.helpRequested()) return 0;
  for (const char* name : {"-fwi_iterations", "-fwi_frequencies"}) {
    PetscBool given = PETSC_FALSE;
    PAIRINV_PETSC(PetscOptionsHasName(nullptr, nullptr, name, &given));
    require(!given, name, " is not used by pairinv invert: the polish runs one full-band stage of "
            "-lsi_polish_iterations iterations");
  }
  rejectUnusedOptions();
  require(!run.empty(), "-run RUN_DIR is required (a folder written by pairinv train)");
  require(!input.empty(), "-input SURVEY.h5 is required");
  // The sample as a problem for its PDE: truth, observed data (b, as the network takes it) and
  // the LSI data term.
  Field2D truth;
  std::vector<double> observed;
  std::int64_t nsamples = 0;  // the data's second axis (time samples; EM: frequencies)
  std::unique_ptr<inversion::LsiDataTerm> data;
  std::unique_ptr<SurveySampleProblem> acoustic;
  std::unique_ptr<EmSurveySampleProblem> emProblem;
  if (em) {
    emProblem = std::make_unique<EmSurveySampleProblem>(readEmSurveySample(input, std::size_t(sample)));
    const EmSurveySampleProblem& p = *emProblem;
    truth = p.truth, observed = p.observed, nsamples = p.frequencyCount();
    data = std::make_unique<inversion::EmLsiData>(comm, p.config, p.observed, true);
  } else {
    acoustic = std::make_unique<SurveySampleProblem>(readSurveySample(input, std::size_t(sample)));
    truth = acoustic->truth, observed = acoustic->observed.data, nsamples = acoustic->observed.nsamples;
    data = std::make_unique<inversion::AcousticLsiData>(comm, acoustic->config, acoustic->observed);
  }

  // 2. The decoder (rank 0 only) and the learned estimate z* = M_dag E_b(b); a failure there
  // (e.g. a run trained on other models) reaches every rank.
  std::unique_ptr<inversion::LearnedLatentModel> model;
  const std::vector<double> zStar = inversion::computeOnRootAndShare(comm, [&] {
    model = std::make_unique<inversion::LearnedLatentModel>(std::make_unique<learning::LatentDecoder>(run));
    const learning::LatentDecoder& d = model->decoder();
    require(d.nz() == truth.grid.nz && d.nx() == truth.grid.nx, "the run '", run.string(), "' was trained on ",
            d.nz(), " x ", d.nx(), " models; the survey's are ", truth.grid.nz, " x ", truth.grid.nx);
    return d.estimateLatent(observed, nsamples);
  });

  // 3. LSI with the true PDE.
  if (session.rank() == 0) ensureDirectory(output);
  struct Unused : inversion::LatentModel {
    std::size_t latentSize() const override { return 0; }
    std::vector<double> decode(const std::vector<double>&) const override { return {}; }
    std::vector<double> vjp(const std::vector<double>&, const std::vector<double>&) const override { return {}; }
  } unused;  // ranks other than 0 never call the decoder
  const inversion::LsiResult lsi = inversion::runLatentInversion(
      comm, settings, *data, truth.grid, zStar, &truth, model ? static_cast<const inversion::LatentModel&>(*model) : unused);
  logInfo(concat("invert: LSI done; see ", (output / "history.csv").string(), " and ", (output / "models.pvd").string(),
                 "; its final model D_q(z): ", (output / "model_final.npy").string()));

  // 4. The polish: the physics' FWI from LSI's final model.
  if (polish == 0) return 0;
  const fs::path polished = output / "polish";
  if (em) {
    inversion::EmFwiProblem fp;
    fp.config = emProblem->config, fp.observed = emProblem->observed, fp.truth = &truth;
    inversion::polishEm(comm, emFwi, polish, polished, fp, lsi.model, truth);
  } else {
    inversion::FwiProblem fp;
    fp.config = acoustic->config, fp.observed = acoustic->observed, fp.truth = &truth;
    inversion::polishAcoustic(comm, fwi, polish, polished, fp, lsi.model);
  }
  logInfo(concat("invert: polish done (", polish, " FWI iterations from LSI's model); see ",
                 (polished / "history.csv").string(), "; the final, polished model: ",
                 (polished / "model_final.npy").string()));
  return 0;
#else
  (void)session;
  throw InputError("pairinv was built without LibTorch (-DPAIRINV_WITH_TORCH=OFF): invert needs learning/");
#endif
}

}  // namespace pairinv::apps
