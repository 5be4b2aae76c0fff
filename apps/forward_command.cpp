// pairinv forward: simulate seismic data for one velocity model.
//
// Sample runs:
//   pairinv forward -output out/forward -acoustic_snapshot_every 50    (built-in layered model)
//   pairinv forward -model model.npy -acoustic_preset openfwi -output DIR  (DIR/data.npy: 5x1000x70)
//   mpiexec -n 2 pairinv forward -acoustic_order 8 -acoustic_free_surface -output out/order8
// (tests/apps/test_forward_app.cpp runs each of these.)
//
// Writes to DIR: data.npy, gathers.h5, model.vti, model.png, gathers.png and, with
// -acoustic_snapshot_every K, snapshots/wavefield_*.vti with the series wavefield.pvd.
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "apps/acoustic_output.hpp"
#include "apps/commands.hpp"
#include "apps/em_forward.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "core/png_image.hpp"
#include "meshes/layered_model.hpp"
#include "meshes/model_io.hpp"
#include "meshes/vtk_io.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

struct ForwardOptions {
  std::string model;
  double dx = 10.0, dz = 10.0;
  fs::path output;
  std::string physics;
};

ForwardOptions readForwardOptions(MPI_Comm comm) {
  ForwardOptions o;
  OptionsBlock opts(comm, "", "pairinv forward: simulate data for a model");
  o.physics = opts.choice("-physics", "Physics of the simulation", "acoustic", {"acoustic", "em"});
  o.model = opts.string("-model", "Model file (.npy, .h5, .vti; velocity in m/s, row 0 at the surface); "
                        "empty: the built-in layered demo model", "");
  o.dx = opts.real("-model_dx", "Horizontal grid spacing of the model in m (.npy/.h5 models)", 10.0, 1e-9);
  o.dz = opts.real("-model_dz", "Vertical grid spacing in m (0: same as -model_dx)", 0.0, 0.0);
  if (o.dz == 0.0) o.dz = o.dx;
  o.output = opts.string("-output", "Output directory", "out/forward");
  return o;
}

std::string snapshotName(int step) {
  std::ostringstream name;
  name << "wavefield_" << std::setw(6) << std::setfill('0') << step << ".vti";
  return name.str();
}

}  // namespace

int runForward(const PetscSession& session) {
  if (emPhysicsRequested()) return runEmForward(session);  // apps/em_forward.cpp
  // 1. Options and model: everything is read and checked before anything is written.
  const ForwardOptions options = readForwardOptions(session.comm());
  // Under -help a missing model file must not stop the listing of options.
  const bool useDemo = options.model.empty() || (session.helpRequested() && !fs::exists(options.model));
  const Field2D model = useDemo ? layeredDemoModel() : readModel(options.model, options.dz, options.dx);
  acoustic::AcousticConfig config = acoustic::readAcousticConfig(session.comm(), model.grid);
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  acoustic::validateAcousticConfig(config, model);

  // 2. Output folder, model files.
  const bool root = session.rank() == 0;
  if (root) {
    ensureDirectory(options.output);
    writeVti(options.output / "model.vti", model.grid, {{"velocity", &model.values}});
    writePngQuicklook(options.output / "model.png", model.grid.nz, model.grid.nx, model.values.data(),
                      Colormap::Viridis);
  }
  logInfo(concat("forward: ", model.grid.nz, " x ", model.grid.nx, " model, ", config.sources.size(), " shots, ",
                 config.receivers.size(), " receivers, order ", config.order, ", dt = ", config.dt, " s, ",
                 config.nt, " steps, ", session.size(), " rank(s)"));

  // 3. Wavefield snapshots as a ParaView series (written by rank 0 of the shot's group).
  std::unique_ptr<PvdSeries> series;
  acoustic::SnapshotCallback snapshot;
  if (config.snapshotEvery > 0) {
    const fs::path dir = options.output / "snapshots";
    ensureDirectory(dir);
    series = std::make_unique<PvdSeries>(options.output / "wavefield.pvd");
    snapshot = [dir, &series](int step, double time, const Field2D& field) {
      const fs::path file = dir / snapshotName(step);
      writeVti(file, field.grid, {{"pressure", &field.values}});
      series->add(time, file);
    };
  }

  // 4. Simulate all shots; gathers arrive on rank 0.
  const acoustic::ShotGathers gathers = acoustic::simulateShots(session.comm(), model, config, snapshot, true);

  // 5. Gathers and quick-looks.
  if (root) {
    writeAcousticGathers(options.output, gathers, config, model);
    writeGatherQuicklook(options.output / "gathers.png", gathers);
    logInfo(concat("forward: wrote ", (options.output / "data.npy").string(), " with shape (", gathers.nshots,
                   ", ", gathers.nsamples, ", ", gathers.nreceivers, ") and gathers.h5, model.vti, PNGs"));
  }
  return 0;
}

}  // namespace pairinv::apps
