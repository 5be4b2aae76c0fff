#include "apps/acoustic/acoustic_physics.hpp"

#include <cmath>
#include <iomanip>
#include <memory>
#include <sstream>

#include "apps/acoustic/acoustic_output.hpp"
#include "apps/acoustic/acoustic_starts.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/log_events.hpp"
#include "core/npy.hpp"
#include "inversion/model_smoothing.hpp"
#include "meshes/layered_model.hpp"
#include "meshes/model_figure.hpp"
#include "meshes/vtk_io.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

std::string snapshotName(int step) {
  std::ostringstream name;
  name << "wavefield_" << std::setw(6) << std::setfill('0') << step << ".vti";
  return name.str();
}

}  // namespace

Model AcousticPhysics::demoModel(MPI_Comm) const { return layeredDemoModel(); }

void AcousticPhysics::readOptions(MPI_Comm comm, const ModelGrid& modelGrid, Use use) {
  const Grid2D& grid = planeGrid(modelGrid);
  config_ = acoustic::readAcousticConfig(comm, grid);
  grid_ = grid;
  if (use != Use::Fwi) return;
  fwi_ = inversion::readFwiSettings(comm);
  starts_ = AcousticStarts::read(comm, "Starting models of acoustic FWI");
  inversion::probeTaoOptions(comm);
}

void AcousticPhysics::prepare(MPI_Comm, const Model& model) { check(model); }

void AcousticPhysics::check(const Model& model) { acoustic::validateAcousticConfig(config_, plane(model)); }

void AcousticPhysics::forward(MPI_Comm comm, const Model& m, const fs::path& output) {
  const Field2D& model = plane(m);
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  if (rank == 0) {
    writeVti(output / "model.vti", model.grid, {{"velocity", &model.values}});
    writeModelFigure(output / "model.png", model.grid, model.values, "velocity model", Colormap::Viridis,
                     "velocity (m/s)");
  }
  logInfo(concat("forward: ", model.grid.nz, " x ", model.grid.nx, " model, ", config_.sources.size(), " shots, ",
                 config_.receivers.size(), " receivers, order ", config_.order, ", dt = ", config_.dt, " s, ",
                 config_.nt, " steps, ", size, " rank(s)"));

  // Wavefield snapshots as a ParaView series (written by rank 0 of the shot's group).
  std::unique_ptr<PvdSeries> series;
  acoustic::SnapshotCallback snapshot;
  if (config_.snapshotEvery > 0) {
    const fs::path dir = output / "snapshots";
    ensureDirectory(dir);
    series = std::make_unique<PvdSeries>(output / "wavefield.pvd");
    snapshot = [dir, &series](int step, double time, const Field2D& field) {
      const fs::path file = dir / snapshotName(step);
      writeVti(file, field.grid, {{"pressure", &field.values}});
      series->add(time, file);
    };
  }

  // All shots; the gathers arrive on rank 0.
  const acoustic::ShotGathers gathers = acoustic::simulateShots(comm, model, config_, snapshot, true);
  if (rank == 0) {
    LogEvent event(Event::Output);
    writeAcousticGathers(output, gathers, config_, model);
    const SegyGathers segy = segyGathers(gathers, config_, model.grid);
    const double us = segy.dt * 1e6;
    if (std::abs(us - std::round(us)) <= 1e-6 * us)
      writeSegy(output / "gathers.sgy", segy);
    else
      logWarning(concat("forward: gathers.sgy not written: the sample interval ", segy.dt,
                        " s is not a whole number of microseconds, as SEG-Y needs (choose -acoustic_dt)"));
    writeGatherFigure(output / "gathers.png", gathers, config_, model.grid);
    logInfo(concat("forward: wrote ", (output / "data.npy").string(), " with shape (", gathers.nshots, ", ",
                   gathers.nsamples, ", ", gathers.nreceivers, ") and gathers.h5, model.vti, PNGs"));
  }
}

EnumNames<FwiInitial> AcousticPhysics::fwiStarts() const { return AcousticStarts::kinds(); }

Model AcousticPhysics::startingModel(FwiInitial kind, const Model& truth) const {
  return starts_.make(kind, plane(truth));
}

void AcousticPhysics::readObserved(const fs::path& file) {
  if (isSegyFile(file)) {
    observed_ = readSegyObserved(file, config_, grid_);
    return;
  }
  const NpyArray d = readNpy(file);
  require(d.shape == std::vector<std::size_t>{config_.sources.size(), std::size_t(config_.samplesPerTrace()),
                                              config_.receivers.size()},
          "observed data '", file.string(), "' have shape ", shapeString(d.shape), "; the acquisition gives (",
          config_.sources.size(), ", ", config_.samplesPerTrace(), ", ", config_.receivers.size(), ")");
  observed_ = {int(d.shape[0]), int(d.shape[1]), int(d.shape[2]), d.data};
}

void AcousticPhysics::modelObserved(MPI_Comm comm, const Model& m) {
  const Field2D& truth = plane(m);
  logInfo("fwi: modelling the observed data from the true model");
  observed_ = acoustic::simulateShots(comm, truth, config_);
  acoustic::broadcastGathers(comm, observed_);
}

void AcousticPhysics::fwi(MPI_Comm comm, const Model& start, const Model* trueModel, const fs::path& output) {
  const Field2D& initial = plane(start);
  const Field2D* truth = trueModel ? &plane(*trueModel) : nullptr;
  inversion::FwiSettings settings = fwi_;
  settings.output = output;
  inversion::runAcousticFwi(comm, settings, {config_, observed_, initial, truth});
}

}  // namespace pairinv::apps
