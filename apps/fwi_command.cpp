// pairinv fwi: classical full-waveform inversion, the baseline of latent-space inversion.
//
// Sample runs:
//   pairinv fwi -model_true T.npy -acoustic_preset openfwi -fwi_iterations 20 -output out/fwi
//   pairinv fwi -output out/fwi_demo -fwi_iterations 5 -fwi_frequencies 4,0 -acoustic_nt 700
//   mpiexec -n 2 pairinv fwi -data obs.npy -model_true T.npy -fwi_initial gradient -output DIR
//
// Observed data: -data FILE.npy ([shots, samples, receivers], as `pairinv forward` writes
// them with the same -acoustic_ options), or synthetic data made from -model_true. Without
// either, the built-in layered demo model is the truth. The starting model is a Gaussian-smoothed
// truth (-fwi_smoothing metres), a file, or a 1D gradient.
//
// With -physics em the EM inversion of log-conductivity runs instead (apps/em_fwi_command.cpp).
#include <filesystem>

#include "apps/commands.hpp"
#include "apps/em_forward.hpp"
#include "apps/em_fwi_command.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/npy.hpp"
#include "core/options.hpp"
#include "inversion/acoustic_fwi.hpp"
#include "inversion/model_smoothing.hpp"
#include "meshes/layered_model.hpp"
#include "meshes/model_io.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

struct FwiAppOptions {
  std::string truth, data, initial, initialFile;
  double dx = 10.0, dz = 10.0, smoothing = 0.0, gradientTop = 0.0, gradientBottom = 0.0;
  fs::path output;
};

FwiAppOptions readFwiAppOptions(MPI_Comm comm) {
  FwiAppOptions o;
  OptionsBlock opts(comm, "", "pairinv fwi: full-waveform inversion");
  opts.choice("-physics", "Physics of the inversion (em: see pairinv fwi -physics em -help)", "acoustic",
              {"acoustic", "em"});
  o.truth = opts.string("-model_true", "True model (.npy/.h5/.vti): makes the data if -data is not given, and "
                        "gives the model error; empty: the built-in layered demo model", "");
  o.data = opts.string("-data", "Observed data .npy [shots, samples, receivers] (default: modelled from the truth)", "");
  o.dx = opts.real("-model_dx", "Horizontal grid spacing in m (.npy/.h5 models)", 10.0, 1e-9);
  o.dz = opts.real("-model_dz", "Vertical grid spacing in m (0: same as -model_dx)", 0.0, 0.0);
  if (o.dz == 0.0) o.dz = o.dx;
  o.output = opts.string("-output", "Output directory", "out/fwi");
  o.initial = opts.choice("-fwi_initial", "Starting model: smooth (smoothed truth), file or gradient", "smooth",
                          {"smooth", "file", "gradient"});
  o.initialFile = opts.string("-fwi_initial_model", "Starting model file (with -fwi_initial file)", "");
  require((o.initial == "file") == !o.initialFile.empty(),
          o.initial == "file" ? "-fwi_initial file needs -fwi_initial_model PATH"
                              : "-fwi_initial_model is only used with -fwi_initial file");
  o.smoothing = opts.real("-fwi_smoothing", "Gaussian smoothing length (standard deviation) in m for "
                          "-fwi_initial smooth", 100.0, 0.0);
  o.gradientTop = opts.real("-fwi_gradient_top", "Top velocity of -fwi_initial gradient (0: the truth's minimum)", 0.0, 0.0);
  o.gradientBottom = opts.real("-fwi_gradient_bottom", "Bottom velocity of -fwi_initial gradient (0: the truth's "
                               "maximum)", 0.0, 0.0);
  return o;
}

}  // namespace

int runFwi(const PetscSession& session) {
  if (emPhysicsRequested()) return runEmFwiCommand(session);  // apps/em_fwi_command.cpp
  // 1. Options, models and acquisition; everything is checked before anything is written.
  const FwiAppOptions app = readFwiAppOptions(session.comm());
  inversion::FwiSettings settings = inversion::readFwiSettings(session.comm());
  settings.output = app.output;
  const bool useDemo = app.truth.empty() || (session.helpRequested() && !fs::exists(app.truth));
  const Field2D truth = useDemo ? layeredDemoModel() : readModel(app.truth, app.dz, app.dx);
  acoustic::AcousticConfig config = acoustic::readAcousticConfig(session.comm(), truth.grid);
  inversion::probeTaoOptions(session.comm());
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  acoustic::validateAcousticConfig(config, truth);

  // 2. The starting model.
  Field2D initial = truth;
  if (app.initial == "smooth") initial = inversion::gaussianSmooth(truth, app.smoothing);
  if (app.initial == "gradient")
    initial = inversion::linearGradientModel(truth.grid, app.gradientTop > 0 ? app.gradientTop : truth.min(),
                                             app.gradientBottom > 0 ? app.gradientBottom : truth.max());
  if (app.initial == "file") {
    initial = readModel(app.initialFile, app.dz, app.dx);
    require(initial.grid.nz == truth.grid.nz && initial.grid.nx == truth.grid.nx, "the starting model '",
            app.initialFile, "' is ", initial.grid.nz, " x ", initial.grid.nx, " but the true model is ",
            truth.grid.nz, " x ", truth.grid.nx);
  }
  requirePositiveFinite(initial, "the starting model");

  // 3. Observed data: from a file, or modelled from the truth (on rank 0, then shared).
  inversion::FwiProblem problem;
  problem.config = config;
  problem.initial = initial;
  problem.truth = &truth;
  if (!app.data.empty()) {
    const NpyArray d = readNpy(app.data);
    require(d.shape == std::vector<std::size_t>{config.sources.size(), std::size_t(config.samplesPerTrace()),
                                                config.receivers.size()},
            "observed data '", app.data, "' have shape ", shapeString(d.shape), "; the acquisition gives (",
            config.sources.size(), ", ", config.samplesPerTrace(), ", ", config.receivers.size(), ")");
    problem.observed = {int(d.shape[0]), int(d.shape[1]), int(d.shape[2]), d.data};
  } else {
    logInfo("fwi: modelling the observed data from the true model");
    problem.observed = acoustic::simulateShots(session.comm(), truth, config);
    acoustic::broadcastGathers(session.comm(), problem.observed);
  }
  if (session.rank() == 0) ensureDirectory(app.output);

  // 4. Invert; history, iterates and quick-looks go to the output folder as it runs.
  inversion::runAcousticFwi(session.comm(), settings, problem);
  logInfo(concat("fwi: done; see ", (app.output / "history.csv").string(), " and ", (app.output / "models.pvd").string()));
  return 0;
}

}  // namespace pairinv::apps
