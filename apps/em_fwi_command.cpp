// pairinv fwi -physics em: model-space inversion of log-conductivity from frequency-domain EM
// data (inversion/em_fwi.hpp), with the acoustic FWI's history, VTK series, PNGs and resume.
//
// Sample runs:
//   pairinv fwi -physics em -fwi_iterations 10 -output out/fwi_em     (built-in demo model, MT)
//   pairinv fwi -physics em -model_true S.npy -model_dx 25 -em_frequencies 0.1,1,10 -output DIR
//   pairinv fwi -physics em -data DIR/data.npy -model_true S.npy -fwi_initial halfspace -output DIR2
//   mpiexec -n 2 pairinv fwi -physics em -em_source line -em_src_x 500,1500 -output out/fwi_csem
// (tests/apps/test_em_fwi_app.cpp runs these at tiny sizes.)
//
// Observed data: -data FILE.npy, float [2, nfreq, nsrc, nrec] in the real layout of
// solvers/em/em_data.hpp (as `pairinv forward -physics em` writes data.npy with the same -em_
// options), or modelled from -model_true. Without either, the demo model of
// `pairinv forward -physics em` is the truth. Models hold conductivities in S/m, [nz, nx], row 0
// at the top, on cells of -model_dz x -model_dx metres (.npy; .h5/.vti carry their spacing);
// top rows of air (<= 1e-6 S/m, as in em-blocks survey models) stay fixed, and the receivers
// default to the earth's surface below them.
// Starting models (-fwi_initial): smooth (default; the truth's ln sigma Gaussian-smoothed in the
// earth over -fwi_smoothing metres, the air kept), halfspace (a homogeneous earth of
// -fwi_halfspace S/m, default the geometric mean of the truth's earth, under the truth's air),
// or file (-fwi_initial_model). The solver's mesh is fixed at the starting model.
// Frequency continuation (-fwi_frequencies) is acoustic only and refused here.
#include "apps/em_fwi_command.hpp"

#include <filesystem>

#include "apps/em_forward.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/npy.hpp"
#include "core/options.hpp"
#include "inversion/em_fwi.hpp"
#include "inversion/tao_driver.hpp"
#include "meshes/model_io.hpp"
#include "solvers/em/em_parallel.hpp"
#include "solvers/em/em_simulation.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

struct EmFwiAppOptions {
  std::string truth, data, initial, initialFile;
  double dx = 50.0, dz = 50.0, smoothing = 200.0, halfspace = 0.0;
  fs::path output;
};

EmFwiAppOptions readEmFwiAppOptions(MPI_Comm comm) {
  EmFwiAppOptions o;
  OptionsBlock opts(comm, "", "pairinv fwi -physics em: EM inversion of log-conductivity");
  opts.choice("-physics", "Physics of the inversion", "acoustic", {"acoustic", "em"});
  o.truth = opts.string("-model_true", "True conductivity model (.npy/.h5/.vti, S/m): makes the data if -data is "
                        "not given, and gives the model error; empty: the demo model of forward -physics em", "");
  o.data = opts.string("-data", "Observed data .npy [2, nfreq, nsrc, nrec] (real layout, as forward -physics em "
                       "writes data.npy; default: modelled from the truth)", "");
  o.dx = opts.real("-model_dx", "Horizontal cell size in m (.npy models)", 50.0, 1e-9);
  o.dz = opts.real("-model_dz", "Vertical cell size in m (0: same as -model_dx)", 0.0, 0.0);
  if (o.dz == 0.0) o.dz = o.dx;
  o.output = opts.string("-output", "Output directory", "out/fwi_em");
  o.initial = opts.choice("-fwi_initial", "Starting model: smooth (smoothed truth), file or halfspace", "smooth",
                          {"smooth", "file", "halfspace"});
  o.initialFile = opts.string("-fwi_initial_model", "Starting model file (with -fwi_initial file)", "");
  require((o.initial == "file") == !o.initialFile.empty(),
          o.initial == "file" ? "-fwi_initial file needs -fwi_initial_model PATH"
                              : "-fwi_initial_model is only used with -fwi_initial file");
  o.smoothing = opts.real("-fwi_smoothing", "Gaussian smoothing length (standard deviation) in m of ln sigma for "
                          "-fwi_initial smooth", 200.0, 0.0);
  o.halfspace = opts.real("-fwi_halfspace", "Earth conductivity in S/m of -fwi_initial halfspace (0: the geometric "
                          "mean of the truth's earth)", 0.0, 0.0);
  return o;
}

}  // namespace

int runEmFwiCommand(const PetscSession& session) {
  // 1. Options, models and acquisition; everything is checked before anything is written.
  const MPI_Comm comm = session.comm();
  const EmFwiAppOptions app = readEmFwiAppOptions(comm);
  inversion::EmFwiSettings settings = inversion::readEmFwiSettings(comm);
  settings.output = app.output;
  const bool useDemo = app.truth.empty() || (session.helpRequested() && !fs::exists(app.truth));
  const Field2D truth = useDemo ? emDemoModel() : readModel(app.truth, app.dz, app.dx);
  em::EmConfig config = em::readEmConfig(comm, truth.grid);
  inversion::probeTaoOptions(comm);
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  requirePositiveFinite(truth, "the true conductivity model");
  defaultDepthsToSurface(config, earthSurfaceDepth(truth));
  em::requireRankLayout(comm, config.ranksPerFrequency);

  // 2. The starting model; the solver's mesh is fixed there for the whole inversion.
  Field2D initial = truth;
  if (app.initial == "smooth") initial = inversion::emSmoothStart(truth, app.smoothing);
  if (app.initial == "halfspace") initial = inversion::emHalfSpaceStart(truth, app.halfspace);
  if (app.initial == "file") {
    initial = readModel(app.initialFile, app.dz, app.dx);
    require(initial.grid.nz == truth.grid.nz && initial.grid.nx == truth.grid.nx, "the starting model '",
            app.initialFile, "' is ", initial.grid.nz, " x ", initial.grid.nx, " but the true model is ",
            truth.grid.nz, " x ", truth.grid.nx);
  }
  requirePositiveFinite(initial, "the starting model");
  em::validateEmConfig(config, initial);

  // 3. Observed data: from a file, or modelled from the truth (results on every rank).
  inversion::EmFwiProblem problem;
  problem.config = config;
  problem.initial = initial;
  problem.truth = &truth;
  const std::size_t nfreq = config.frequencies.size(), nsrc = std::size_t(config.sourceCount()),
                    nrec = config.receivers.size();
  if (!app.data.empty()) {
    const NpyArray d = readNpy(app.data);
    require(d.shape == std::vector<std::size_t>{2, nfreq, nsrc, nrec}, "observed data '", app.data, "' have shape ",
            shapeString(d.shape), "; the -em_ acquisition gives (2, ", nfreq, ", ", nsrc, ", ", nrec,
            ") = (part, frequency, source, receiver)");
    problem.observed = d.data;
  } else {
    logInfo("fwi -physics em: modelling the observed data from the true model");
    problem.observed = em::realData(em::simulateEm(comm, truth, config), config);
  }
  if (session.rank() == 0) ensureDirectory(app.output);
  logInfo(concat("fwi -physics em: ", truth.grid.nz, " x ", truth.grid.nx, " model, ", nfreq, " frequencies, ", nsrc,
                 " source(s), ", nrec, " receivers, ", em::name(config.datum), " data (", em::name(config.form),
                 "), ", session.size(), " rank(s)"));

  // 4. Invert; history, iterates and quick-looks go to the output folder as it runs.
  inversion::runEmFwi(comm, settings, problem);
  logInfo(concat("fwi: done; see ", (app.output / "history.csv").string(), " and ",
                 (app.output / "models.pvd").string()));
  return 0;
}

}  // namespace pairinv::apps
