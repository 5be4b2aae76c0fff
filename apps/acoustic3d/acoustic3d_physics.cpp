#include "apps/acoustic3d/acoustic3d_physics.hpp"

#include <iomanip>
#include <memory>
#include <sstream>

#include "apps/acoustic3d/acoustic3d_output.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/log_events.hpp"
#include "core/npy.hpp"
#include "core/options.hpp"
#include "meshes/model_families3d.hpp"
#include "meshes/vtk_io.hpp"
#include "solvers/acoustic/acoustic_gradient.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

const char* const kNoSurveys =
    "surveys and learned estimates are 2D: -physics acoustic3d runs `pairinv forward` and `pairinv fwi` on 3D "
    "models (use -physics acoustic or em for surveys)";

std::string snapshotName(int step) {
  std::ostringstream name;
  name << "wavefield_" << std::setw(6) << std::setfill('0') << step << ".vti";
  return name.str();
}

}  // namespace

Model Acoustic3DPhysics::demoModel(MPI_Comm comm) const {
  Family3DOptions f;
  OptionsBlock o(comm, "model3d_", "Built-in 3D model (when no model file is named; meshes/model_families3d.hpp)");
  f.family = o.choice("-family", "Family: layered, fault (layered, cut by a dipping fault) or body (layered with an "
                      "ellipsoidal body)", Family3D::Body, kFamily3DNames);
  const auto size = o.intList("-size", "Cells along z, y, x", {30, 30, 40}, 3);
  require(size.size() == 3, "-model3d_size takes three counts (nz, ny, nx), not ", size.size());
  for (int a = 0; a < 3; ++a) {
    require(size[std::size_t(a)] > 1, "-model3d_size: every count must be > 1");
    f.size[std::size_t(a)] = int(size[std::size_t(a)]);
  }
  f.cell = o.real("-cell", "Cell size in m along every axis", 15.0, 1e-6);
  f.layers = int(o.integer("-layers", "Number of layer interfaces", 3, 1, 100));
  f.vmin = o.real("-vmin", "Lowest layer velocity in m/s", 2000.0, 1.0);
  f.vmax = o.real("-vmax", "Highest layer velocity in m/s", 3600.0, 1.0);
  f.seed = std::uint64_t(o.integer("-seed", "Seed of the draw", 1, 0));
  return drawFamily3D(f);
}

void Acoustic3DPhysics::readOptions(MPI_Comm comm, const ModelGrid& grid, Use use) {
  require(use != Use::Survey, kNoSurveys);
  config_ = acoustic3d::readAcoustic3DConfig(comm, volumeGrid(grid));
  int size = 1;
  MPI_Comm_size(comm, &size);
  ranksPerShot_ = config_.ranksPerShot == 0 ? size : config_.ranksPerShot;
  require(size % ranksPerShot_ == 0, "-acoustic3d_ranks_per_shot ", ranksPerShot_,
          " must divide the number of MPI ranks (", size, ")");
  if (use != Use::Fwi) return;
  fwi_ = inversion::readFwiSettings(comm);
  starts_ = AcousticStarts::read(comm, "Starting models of 3D acoustic FWI");
  inversion::probeTaoOptions(comm);
}

void Acoustic3DPhysics::prepare(MPI_Comm, const Model& model) {
  check(model);
  config_.autoDt = false;  // the time step the truth needs holds for every later model
}

void Acoustic3DPhysics::check(const Model& model) {
  acoustic3d::validateAcoustic3DConfig(config_, volume(model), ranksPerShot_, checked_ == 0);
  ++checked_;
}

void Acoustic3DPhysics::forward(MPI_Comm comm, const Model& m, const fs::path& output) {
  const Field3D& model = volume(m);
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  logInfo(concat("forward 3D: ", shapeText(m), " model, ", config_.sources.size(), " shots, ", config_.receivers.size(),
                 " receivers, order ", config_.order, ", dt = ", config_.dt, " s, ", config_.nt, " steps, ", size,
                 " rank(s)"));
  std::unique_ptr<PvdSeries> series;
  acoustic3d::Snapshot3DCallback snapshot;
  if (config_.snapshotEvery > 0) {
    const fs::path dir = output / "snapshots";
    if (rank == 0) ensureDirectory(dir);
    MPI_Barrier(comm);  // the snapshot shot's group may not hold rank 0
    series = std::make_unique<PvdSeries>(output / "wavefield.pvd");
    snapshot = [dir, &series](int step, double time, const Field3D& field) {
      if (field.values.empty()) return;  // not the shot group's rank 0
      const fs::path file = dir / snapshotName(step);
      writeVti3D(file, field.grid, {{"pressure", &field.values}});
      series->add(time, file);
    };
  }
  const acoustic::ShotGathers gathers = acoustic3d::simulateShots3D(comm, model, config_, snapshot, true);
  if (rank == 0) {
    LogEvent event(Event::Output);
    writeAcoustic3DOutput(output, gathers, config_, model);
    logInfo(concat("forward 3D: wrote ", (output / "data.npy").string(), " with shape (", gathers.nshots, ", ",
                   gathers.nsamples, ", ", gathers.nreceivers, "), gathers.h5, model.vti and PNGs"));
  }
}

EnumNames<FwiInitial> Acoustic3DPhysics::fwiStarts() const { return AcousticStarts::kinds(); }

Model Acoustic3DPhysics::startingModel(FwiInitial kind, const Model& truth) const {
  return starts_.make(kind, volume(truth));
}

void Acoustic3DPhysics::readObserved(const fs::path& file) {
  const NpyArray d = readNpy(file);
  require(d.shape == std::vector<std::size_t>{config_.sources.size(), std::size_t(config_.samplesPerTrace()),
                                              config_.receivers.size()},
          "observed data '", file.string(), "' have shape ", shapeString(d.shape), "; the acquisition gives (",
          config_.sources.size(), ", ", config_.samplesPerTrace(), ", ", config_.receivers.size(), ")");
  for (double v : d.data) require(std::isfinite(v), "observed data '", file.string(), "' hold a value ", v);
  observed_ = {int(d.shape[0]), int(d.shape[1]), int(d.shape[2]), d.data};
}

void Acoustic3DPhysics::modelObserved(MPI_Comm comm, const Model& truth) {
  logInfo("fwi 3D: modelling the observed data from the true model");
  observed_ = acoustic3d::simulateShots3D(comm, volume(truth), config_);
  acoustic::broadcastGathers(comm, observed_);
}

void Acoustic3DPhysics::fwi(MPI_Comm comm, const Model& initial, const Model* truth, const fs::path& output) {
  inversion::FwiSettings settings = fwi_;
  settings.output = output;
  inversion::Fwi3DProblem problem{config_, observed_, volume(initial), truth ? &volume(*truth) : nullptr};
  inversion::runAcousticFwi3D(comm, settings, problem);
}

void Acoustic3DPhysics::prepareSurvey(const ModelFamily&, const FamilyOptions&, std::uint64_t,
                                      const DataDegradation&) {
  throw InputError(kNoSurveys);
}
std::string Acoustic3DPhysics::describeSurveyData(SurveyLayout&) const { throw InputError(kNoSurveys); }
std::string Acoustic3DPhysics::surveyDataText() const { throw InputError(kNoSurveys); }
std::vector<float> Acoustic3DPhysics::simulateSample(const Field2D&, const DataDegradation&, std::uint64_t,
                                                     std::size_t) const {
  throw InputError(kNoSurveys);
}
void Acoustic3DPhysics::readSampleFwiOptions(MPI_Comm, bool, FwiOptions&) const { throw InputError(kNoSurveys); }
std::unique_ptr<SampleProblem> Acoustic3DPhysics::readSample(const fs::path&, std::size_t) const {
  throw InputError(kNoSurveys);
}

}  // namespace pairinv::apps
