#include "apps/em/em_physics.hpp"

#include "apps/em/em_output.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "meshes/field_view.hpp"
#include "core/log.hpp"
#include "core/log_events.hpp"
#include "core/npy.hpp"
#include "core/segy_file.hpp"
#include "inversion/tao_driver.hpp"
#include "solvers/em/em_parallel.hpp"
#include "solvers/em/em_simulation.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

Model EmPhysics::demoModel(MPI_Comm) const {
  Grid2D g;
  g.nz = 40, g.nx = 60, g.dz = 50.0, g.dx = 50.0;
  Field2D model(g, 0.01);
  for (int iz = 8; iz < 16; ++iz)
    for (int ix = 22; ix < 38; ++ix) model.at(iz, ix) = 1.0;
  return model;
}

void EmPhysics::readOptions(MPI_Comm comm, const ModelGrid& modelGrid, Use use) {
  const Grid2D& grid = planeGrid(modelGrid);
  config_ = em::readEmConfig(comm, grid);
  if (use != Use::Fwi) return;
  fwi_ = inversion::readEmFwiSettings(comm);
  OptionsBlock o(comm, "fwi_", "Starting models of EM inversion");
  smoothing_ = o.real("-smoothing", "Gaussian smoothing length (standard deviation) in m of ln sigma for "
                      "-fwi_initial smooth", 200.0, 0.0);
  halfspace_ = o.real("-halfspace", "Earth conductivity in S/m of -fwi_initial halfspace (0: the geometric mean of "
                      "the truth's earth)", 0.0, 0.0);
  inversion::probeTaoOptions(comm);
}

void EmPhysics::prepare(MPI_Comm comm, const Model& m) {
  const Field2D& model = plane(m);
  requirePositiveFinite(model, "the conductivity model");
  em::placeOnSurface(config_, em::earthSurfaceDepth(model));  // below any air rows of the model
  em::requireRankLayout(comm, config_.ranksPerFrequency);
}

void EmPhysics::check(const Model& model) { em::validateEmConfig(config_, plane(model)); }

void EmPhysics::forward(MPI_Comm comm, const Model& m, const fs::path& output) {
  const Field2D& model = plane(m);
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const std::string sources = config_.source == em::SourceKind::PlaneWave
                                  ? std::string("plane wave")
                                  : concat(config_.sourceCount(), " line source(s)");
  logInfo(concat("forward -physics em: ", model.grid.nz, " x ", model.grid.nx, " model, ", sources, ", ",
                 config_.receivers.size(), " receivers, ", config_.frequencies.size(), " frequencies, ",
                 em::name(config_.polarisation), "-polarisation, ", size, " rank(s)"));
  const em::EmSimulation sim = em::simulateEm(comm, model, config_, true);  // on every rank
  if (rank == 0) {
    LogEvent event(Event::Output);
    writeEmForwardOutput(output, sim, config_, model);
    logInfo(concat("forward -physics em: wrote ", (output / "data.npy").string(), ", em_data.h5",
                   config_.source == em::SourceKind::PlaneWave ? ", mt.csv" : "", ", VTK and PNGs"));
  }
}

EnumNames<FwiInitial> EmPhysics::fwiStarts() const {
  return {{FwiInitial::Smooth, "smooth"}, {FwiInitial::File, "file"}, {FwiInitial::HalfSpace, "halfspace"}};
}

Model EmPhysics::startingModel(FwiInitial kind, const Model& m) const {
  const Field2D& truth = plane(m);
  if (kind == FwiInitial::HalfSpace) return inversion::emHalfSpaceStart(truth, halfspace_);
  ensure(kind == FwiInitial::Smooth, "EM inversion has no starting model '",
          nameOf(kind, kFwiInitialNames), "'");
  return inversion::emSmoothStart(truth, smoothing_);
}

void EmPhysics::readObserved(const fs::path& file) {
  require(!isSegyFile(file), "observed data '", file.string(), "': SEG-Y holds seismic gathers; EM data come as .npy "
          "(the data.npy of pairinv forward -physics em with the same options)");
  const std::size_t nfreq = config_.frequencies.size(), nsrc = std::size_t(config_.sourceCount()),
                    nrec = config_.receivers.size();
  const NpyArray d = readNpy(file);
  require(d.shape == std::vector<std::size_t>{2, nfreq, nsrc, nrec}, "observed data '", file.string(),
          "' have shape ", shapeString(d.shape), "; the -em_ acquisition gives (2, ", nfreq, ", ", nsrc, ", ", nrec,
          ") = (part, frequency, source, receiver)");
  observed_ = d.data;
}

void EmPhysics::modelObserved(MPI_Comm comm, const Model& m) {
  const Field2D& truth = plane(m);
  logInfo("fwi -physics em: modelling the observed data from the true model");
  observed_ = em::realData(em::simulateEm(comm, truth, config_), config_);
}

void EmPhysics::fwi(MPI_Comm comm, const Model& start, const Model* trueModel, const fs::path& output) {
  const Field2D& initial = plane(start);
  const Field2D* truth = trueModel ? &plane(*trueModel) : nullptr;
  int size = 1;
  MPI_Comm_size(comm, &size);
  logInfo(concat("fwi -physics em: ", initial.grid.nz, " x ", initial.grid.nx, " model, ", config_.frequencies.size(),
                 " frequencies, ", config_.sourceCount(), " source(s), ", config_.receivers.size(), " receivers, ",
                 em::name(config_.datum), " data (", em::name(config_.form), "), ", size, " rank(s)"));
  inversion::EmFwiSettings settings = fwi_;
  settings.output = output;
  inversion::runEmFwi(comm, settings, {config_, observed_, initial, truth});
}

}  // namespace pairinv::apps
