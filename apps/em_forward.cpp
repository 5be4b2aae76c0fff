// pairinv forward -physics em: simulate frequency-domain EM data (MT or line sources) for one
// conductivity model.
//
// Sample runs:
//   pairinv forward -physics em -output out/em                    (built-in demo model, MT)
//   pairinv forward -physics em -model S.npy -em_dx H -em_source mt -em_frequencies 0.1,1,10 -output DIR
//   pairinv forward -physics em -em_source line -em_src_x 500,1500 -em_src_z 0 -output out/csem
//   mpiexec -n 2 pairinv forward -physics em -em_polarisation h -output out/em_tm
// (tests/apps/test_em_forward_app.cpp runs each of these.)
//
// The model holds conductivities in S/m, [nz, nx], row 0 at the surface, on cells of
// -em_dz x -em_dx metres (.npy; .h5/.vti files carry their spacing). Models may start with rows
// of air (<= 1e-6 S/m, as the em-blocks family draws them): the default receiver and source
// depth is then the earth's surface below them (-em_rec_z / -em_src_z override).
// Writes to DIR:
//   data.npy      float64 [2, nfreq, nsrc, nrec]: the datum (-em_data) in its real form
//                 (-em_data_form): part 0 Re d or ln|d|, part 1 Im d or arg d
//   em_data.h5    every component as real/imag datasets [nfreq, nsrc, nrec], positions,
//                 frequencies and the settings needed to rerun
//   mt.csv        (MT) columns frequency, x, rho_a, phase (degrees), one row per frequency and
//                 receiver; E-polarisation unless -em_polarisation h
//   model.vti, model.png      conductivity (and log10 resistivity)
//   fields.vti    |E_y| (or |H_y|) of source 0 on the model grid, one array per frequency
//   MT: mt_rho_a.png, mt_phase.png (pseudo-sections: frequency down, x across) and
//       mt_curves_rho_a.png, mt_curves_phase.png (curves against frequency, up to 5 receivers);
//   line sources: amplitude.png, phase.png (source 0, against receiver, one curve per frequency)
//
// Steps: 1. options and model, all checked before anything is written; 2. output folder and
// model files; 3. simulate; 4. rank 0 writes data, tables, plots and VTK.
#include "apps/em_forward.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "core/npy.hpp"
#include "core/options.hpp"
#include "core/png_image.hpp"
#include "core/png_plot.hpp"
#include "meshes/model_io.hpp"
#include "meshes/vtk_io.hpp"
#include "solvers/em/em_analytic.hpp"
#include "solvers/em/em_parallel.hpp"
#include "solvers/em/em_simulation.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

struct EmForwardOptions {
  std::string model;
  double dx = 50.0, dz = 50.0;
  fs::path output;
};

EmForwardOptions readEmForwardOptions(MPI_Comm comm) {
  EmForwardOptions o;
  {
    OptionsBlock opts(comm, "", "pairinv forward -physics em: simulate EM data for a conductivity model");
    opts.choice("-physics", "Physics of the simulation", "acoustic", {"acoustic", "em"});
    o.model = opts.string("-model", "Conductivity model (.npy, .h5, .vti; S/m, row 0 at the surface); empty: "
                          "the built-in demo (100 ohm m with a 1 ohm m block)", "");
    o.output = opts.string("-output", "Output directory", "out/forward_em");
  }
  OptionsBlock grid(comm, "em_", "EM model grid");
  o.dx = grid.real("-dx", "Horizontal cell size of the model in m (.npy models)", 50.0, 1e-9);
  o.dz = grid.real("-dz", "Vertical cell size in m (0: same as -em_dx)", 0.0, 0.0);
  if (o.dz == 0.0) o.dz = o.dx;
  return o;
}

std::vector<double> parts(const em::EmData& d, bool imaginary) {
  std::vector<double> out(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) out[i] = imaginary ? d.values[i].imag() : d.values[i].real();
  return out;
}

void writeEmData(const fs::path& dir, const em::EmSimulation& sim, const em::EmConfig& c, const Field2D& model) {
  const std::vector<double> real = em::realData(sim, c);
  const em::EmData& datum = sim.datum(c.datum);
  writeNpy(dir / "data.npy", {2, std::size_t(datum.nfreq), std::size_t(datum.nsrc), std::size_t(datum.nrec)},
           real.data(), NpyType::Float64);
  const bool e = c.polarisation == em::Polarisation::E;
  writeHdf5Atomically(dir / "em_data.h5", [&](Hdf5File& h5) {
    const std::vector<hsize_t> shape = {hsize_t(datum.nfreq), hsize_t(datum.nsrc), hsize_t(datum.nrec)};
    const auto write = [&](const std::string& name, const em::EmData& d) {
      h5.writeDataset("/" + name + "_real", shape, parts(d, false).data(), false);
      h5.writeDataset("/" + name + "_imag", shape, parts(d, true).data(), false);
    };
    write(e ? "ey" : "hy", sim.field);
    write(e ? "hx" : "ex", sim.secondary);
    if (c.source == em::SourceKind::PlaneWave) write("impedance", sim.impedance);
    h5.writeDataset("/model", {hsize_t(model.grid.nz), hsize_t(model.grid.nx)}, model.values.data(), false);
    std::vector<double> rx, rz, sx, sz;
    for (const auto& p : c.receivers) rx.push_back(p.x), rz.push_back(p.z);
    for (const auto& p : c.lineSources) sx.push_back(p.x), sz.push_back(p.z);
    h5.writeAttribute("/", "physics", "em");
    h5.writeAttribute("/", "layout", "datasets [frequency, source, receiver]; e^{i omega t}, z down; plane-wave "
                                     "fields normalised by u = 1 at the top boundary; Z = -Ey/Hx (E-pol), Ex/Hy (H-pol)");
    h5.writeAttribute("/", "polarisation", em::name(c.polarisation));
    h5.writeAttribute("/", "source", em::name(c.source));
    h5.writeAttribute("/", "datum", em::name(c.datum));
    h5.writeAttribute("/", "data_form", em::name(c.form));
    h5.writeAttribute("/", "frequencies", c.frequencies);
    h5.writeAttribute("/", "receiver_x", rx);
    h5.writeAttribute("/", "receiver_z", rz);
    if (!sx.empty()) h5.writeAttribute("/", "source_x", sx), h5.writeAttribute("/", "source_z", sz);
    h5.writeAttribute("/", "source_current", c.current);
    h5.writeAttribute("/", "dx", model.grid.dx);
    h5.writeAttribute("/", "dz", model.grid.dz);
    h5.writeAttribute("/", "air", int(c.air));
    h5.writeAttribute("/", "air_conductivity", c.airConductivity);
    h5.writeAttribute("/", "air_height", c.airHeight);
    h5.writeAttribute("/", "pad_distance", c.padDistance);
    h5.writeAttribute("/", "pad_stretch", c.stretch);
    h5.writeAttribute("/", "refine", c.refinement);
    h5.writeAttribute("/", "pairinv_version", PAIRINV_VERSION);
  });
}

void writeMtTable(const fs::path& file, const em::EmSimulation& sim, const em::EmConfig& c) {
  writeAtomically(file, [&](const fs::path& tmp) {
    std::ofstream out(tmp);
    out << "frequency,x,rho_a,phase\n";
    char line[160];
    for (int f = 0; f < sim.impedance.nfreq; ++f)
      for (int r = 0; r < sim.impedance.nrec; ++r) {
        const double freq = c.frequencies[std::size_t(f)];
        const em::Complex z = sim.impedance.at(f, 0, r);
        std::snprintf(line, sizeof line, "%.10g,%.10g,%.10g,%.10g\n", freq, c.receivers[std::size_t(r)].x,
                      em::apparentResistivity(freq, z), em::phaseDegrees(z));
        out << line;
      }
    out.close();
    require(bool(out), "could not write '", file.string(), "'");
  });
}

void writeMtPlots(const fs::path& dir, const em::EmSimulation& sim, const em::EmConfig& c) {
  const int nf = sim.impedance.nfreq, nr = sim.impedance.nrec;
  std::vector<double> logRho(std::size_t(nf) * std::size_t(nr)), phase(logRho.size());
  for (int f = 0; f < nf; ++f)
    for (int r = 0; r < nr; ++r) {
      const em::Complex z = sim.impedance.at(f, 0, r);
      logRho[std::size_t(f * nr + r)] = std::log10(em::apparentResistivity(c.frequencies[std::size_t(f)], z));
      phase[std::size_t(f * nr + r)] = em::phaseDegrees(z);
    }
  writePngQuicklook(dir / "mt_rho_a.png", nf, nr, logRho.data(), Colormap::Viridis);
  writePngQuicklook(dir / "mt_phase.png", nf, nr, phase.data(), Colormap::Viridis);
  std::vector<std::vector<double>> rhoCurves, phaseCurves;
  const int curves = std::min(nr, 5);
  for (int k = 0; k < curves; ++k) {
    const int r = curves == 1 ? 0 : k * (nr - 1) / (curves - 1);
    rhoCurves.emplace_back(), phaseCurves.emplace_back();
    for (int f = 0; f < nf; ++f) {
      rhoCurves.back().push_back(std::pow(10.0, logRho[std::size_t(f * nr + r)]));
      phaseCurves.back().push_back(phase[std::size_t(f * nr + r)]);
    }
  }
  writeLinePlot(dir / "mt_curves_rho_a.png", rhoCurves, true);
  writeLinePlot(dir / "mt_curves_phase.png", phaseCurves, false);
}

void writeLineSourcePlots(const fs::path& dir, const em::EmSimulation& sim) {
  std::vector<std::vector<double>> amplitude, phase;
  for (int f = 0; f < sim.field.nfreq; ++f) {
    amplitude.emplace_back(), phase.emplace_back();
    for (int r = 0; r < sim.field.nrec; ++r) {
      amplitude.back().push_back(std::abs(sim.field.at(f, 0, r)));
      phase.back().push_back(std::arg(sim.field.at(f, 0, r)) * 180.0 / 3.14159265358979323846);
    }
  }
  writeLinePlot(dir / "amplitude.png", amplitude, true);
  writeLinePlot(dir / "phase.png", phase, false);
}

void writeModelAndFields(const fs::path& dir, const Field2D& model, const em::EmSimulation& sim, const em::EmConfig& c) {
  std::vector<double> logRho(model.values.size());
  for (std::size_t i = 0; i < logRho.size(); ++i) logRho[i] = -std::log10(model.values[i]);
  writeVti(dir / "model.vti", model.grid, {{"conductivity", &model.values}, {"log10_resistivity", &logRho}});
  std::vector<double> logSigma(logRho.size());
  for (std::size_t i = 0; i < logRho.size(); ++i) logSigma[i] = -logRho[i];
  writePngQuicklook(dir / "model.png", model.grid.nz, model.grid.nx, logSigma.data(), Colormap::Viridis);

  const char* component = c.polarisation == em::Polarisation::E ? "abs_Ey" : "abs_Hy";
  std::vector<std::vector<double>> magnitudes(sim.modelFields.size());
  std::vector<std::string> names;
  std::vector<NamedArray> arrays;
  for (std::size_t f = 0; f < sim.modelFields.size(); ++f) {
    for (const em::Complex& v : sim.modelFields[f]) magnitudes[f].push_back(std::abs(v));
    char name[64];
    std::snprintf(name, sizeof name, "%s_%gHz_%zu", component, c.frequencies[f], f);
    names.push_back(name);
  }
  for (std::size_t f = 0; f < names.size(); ++f) arrays.push_back({names[f], &magnitudes[f]});
  writeVti(dir / "fields.vti", model.grid, arrays);
}

}  // namespace

Field2D emDemoModel() {
  Grid2D g;
  g.nz = 40, g.nx = 60, g.dz = 50.0, g.dx = 50.0;
  Field2D model(g, 0.01);
  for (int iz = 8; iz < 16; ++iz)
    for (int ix = 22; ix < 38; ++ix) model.at(iz, ix) = 1.0;
  return model;
}

double earthSurfaceDepth(const Field2D& model) {
  const Grid2D& g = model.grid;
  int airRows = 0;
  for (; airRows < g.nz; ++airRows) {
    bool air = true;
    for (int ix = 0; ix < g.nx && air; ++ix) air = model.at(airRows, ix) <= em::kAirLikeConductivity;
    if (!air) break;
  }
  return g.z0 + (airRows < g.nz ? airRows : 0) * g.dz;
}

void defaultDepthsToSurface(em::EmConfig& config, double z) {
  PetscBool receiversSet = PETSC_FALSE, sourcesSet = PETSC_FALSE;
  PetscOptionsHasName(nullptr, nullptr, "-em_rec_z", &receiversSet);
  PetscOptionsHasName(nullptr, nullptr, "-em_src_z", &sourcesSet);
  if (!receiversSet)
    for (em::Point& p : config.receivers) p.z = z;
  if (!sourcesSet)
    for (em::Point& p : config.lineSources) p.z = z;
}

bool emPhysicsRequested() {
  char value[64] = {};
  PetscBool set = PETSC_FALSE;
  PetscOptionsGetString(nullptr, nullptr, "-physics", value, sizeof value, &set);
  return set && std::string(value) == "em";
}

int runEmForward(const PetscSession& session) {
  // 1. Options and model: everything is read and checked before anything is written.
  const EmForwardOptions options = readEmForwardOptions(session.comm());
  const bool useDemo = options.model.empty() || (session.helpRequested() && !fs::exists(options.model));
  const Field2D model = useDemo ? emDemoModel() : readModel(options.model, options.dz, options.dx);
  em::EmConfig config = em::readEmConfig(session.comm(), model.grid);
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  defaultDepthsToSurface(config, earthSurfaceDepth(model));  // below any air rows of the model
  em::validateEmConfig(config, model);
  em::requireRankLayout(session.comm(), config.ranksPerFrequency);

  // 2. Output folder.
  const bool root = session.rank() == 0;
  if (root) ensureDirectory(options.output);
  const std::string sources = config.source == em::SourceKind::PlaneWave
                                  ? std::string("plane wave")
                                  : concat(config.sourceCount(), " line source(s)");
  logInfo(concat("forward -physics em: ", model.grid.nz, " x ", model.grid.nx, " model, ", sources, ", ",
                 config.receivers.size(), " receivers, ",
                 config.frequencies.size(), " frequencies, ", em::name(config.polarisation), "-polarisation, ",
                 session.size(), " rank(s)"));

  // 3. Simulate; results arrive on every rank.
  const em::EmSimulation sim = em::simulateEm(session.comm(), model, config, true);

  // 4. Data, tables, plots, VTK.
  if (root) {
    writeEmData(options.output, sim, config, model);
    if (config.source == em::SourceKind::PlaneWave) {
      writeMtTable(options.output / "mt.csv", sim, config);
      writeMtPlots(options.output, sim, config);
    } else {
      writeLineSourcePlots(options.output, sim);
    }
    writeModelAndFields(options.output, model, sim, config);
    logInfo(concat("forward -physics em: wrote ", (options.output / "data.npy").string(), ", em_data.h5",
                   config.source == em::SourceKind::PlaneWave ? ", mt.csv" : "", ", VTK and PNGs"));
  }
  return 0;
}

}  // namespace pairinv::apps
