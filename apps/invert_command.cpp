// pairinv invert: latent-space inversion (LSI) of one survey sample against the true PDE,
// starting from the paired autoencoder's likelihood-free estimate. Acoustic and EM surveys
// (the survey's physics attribute picks the PDE: inversion/acoustic_lsi_data.hpp or
// inversion/em_lsi_data.hpp; EM data are fitted with relative weights, as pairinv fwi -physics em).
//
// Sample runs:
//   pairinv invert -run runs/quick -input test.h5 -sample 3 -output out/invert
//   pairinv invert -run runs/quick -input test.h5 -sample 3 -lsi_iterations 40 -lsi_alpha 1e-2 -output DIR
//   mpiexec -n 2 pairinv invert -run runs/quick -input test.h5 -sample 0 -output DIR
//   pairinv invert -run runs/em -input em_test.h5 -sample 0 -lsi_iterations 10 -output DIR
//
// Writes DIR/history.csv (the columns of `pairinv fwi`), iterations/*.vti + models.pvd with the
// arrays velocity (or conductivity), estimate, truth and difference, the final model and PNG
// quick-looks.
// Rerunning the same command resumes from the last iterate.
#include <filesystem>

#include "apps/commands.hpp"
#include "core/error.hpp"

#ifdef PAIRINV_HAVE_LEARNING
#include "apps/em_survey_acquisition.hpp"
#include "apps/survey_acquisition.hpp"
#include "core/atomic_file.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "inversion/acoustic_lsi_data.hpp"
#include "inversion/em_lsi_data.hpp"
#include "inversion/learned_latent_model.hpp"
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
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  require(!run.empty(), "-run RUN_DIR is required (a folder written by pairinv train)");
  require(!input.empty(), "-input SURVEY.h5 is required");
  const MPI_Comm comm = session.comm();
  const bool em = surveyPhysics(input) == "em";
  // The sample as a problem for its PDE: truth, observed data (b, as the network takes it) and
  // the LSI data term.
  Field2D truth;
  std::vector<double> observed;
  std::int64_t nsamples = 0;  // the data's second axis (time samples; EM: frequencies)
  std::unique_ptr<inversion::LsiDataTerm> data;
  std::unique_ptr<SurveySampleProblem> acoustic;
  if (em) {
    EmSurveySampleProblem p = readEmSurveySample(input, std::size_t(sample));
    truth = p.truth, observed = p.observed, nsamples = p.frequencyCount();
    data = std::make_unique<inversion::EmLsiData>(comm, p.config, p.observed, true);
  } else {
    acoustic = std::make_unique<SurveySampleProblem>(readSurveySample(input, std::size_t(sample)));
    truth = acoustic->truth, observed = acoustic->observed.data, nsamples = acoustic->observed.nsamples;
    data = std::make_unique<inversion::AcousticLsiData>(comm, acoustic->config, acoustic->observed);
  }

  // 2. The decoder (rank 0 only) and the learned estimate z* = M_dag E_b(b).
  std::unique_ptr<inversion::LearnedLatentModel> model;
  std::int64_t latent = 0;
  std::vector<double> zStar;
  if (session.rank() == 0) {
    model = std::make_unique<inversion::LearnedLatentModel>(std::make_unique<learning::LatentDecoder>(run));
    const learning::LatentDecoder& d = model->decoder();
    require(d.nz() == truth.grid.nz && d.nx() == truth.grid.nx, "the run '", run.string(), "' was trained on ",
            d.nz(), " x ", d.nx(), " models; the survey's are ", truth.grid.nz, " x ", truth.grid.nx);
    zStar = d.estimateLatent(observed, nsamples);
    latent = std::int64_t(zStar.size());
  }
  MPI_Bcast(&latent, 1, MPI_INT64_T, 0, comm);
  zStar.resize(std::size_t(latent));
  MPI_Bcast(zStar.data(), int(latent), MPI_DOUBLE, 0, comm);

  // 3. LSI with the true PDE.
  if (session.rank() == 0) ensureDirectory(output);
  struct Unused : inversion::LatentModel {
    std::size_t latentSize() const override { return 0; }
    std::vector<double> decode(const std::vector<double>&) const override { return {}; }
    std::vector<double> vjp(const std::vector<double>&, const std::vector<double>&) const override { return {}; }
  } unused;  // ranks other than 0 never call the decoder
  inversion::runLatentInversion(comm, settings, *data, truth.grid, zStar, &truth,
                                model ? static_cast<const inversion::LatentModel&>(*model) : unused);
  logInfo(concat("invert: done; see ", (output / "history.csv").string(), " and ", (output / "models.pvd").string()));
  return 0;
#else
  (void)session;
  throw InputError("pairinv was built without LibTorch (-DPAIRINV_WITH_TORCH=OFF): invert needs learning/");
#endif
}

}  // namespace pairinv::apps
