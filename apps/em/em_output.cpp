#include "apps/em/em_output.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/npy.hpp"
#include "meshes/model_figure.hpp"
#include "meshes/vtk_io.hpp"
#include "solvers/em/em_analytic.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

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
  const em::Polarisation pol = c.polarisation;
  const bool e = pol == em::Polarisation::E, both = pol == em::Polarisation::Both;
  writeHdf5Atomically(dir / "em_data.h5", [&](Hdf5File& h5) {
    const std::vector<hsize_t> shape = {hsize_t(datum.nfreq), hsize_t(datum.nsrc), hsize_t(datum.nrec)};
    const auto write = [&](const std::string& name, const em::EmData& d) {
      h5.writeDataset("/" + name + "_real", shape, parts(d, false).data(), false);
      h5.writeDataset("/" + name + "_imag", shape, parts(d, true).data(), false);
    };
    write(both ? "field" : e ? "ey" : "hy", sim.field);  // both: source 0 E_y (TE), source 1 H_y (TM)
    write(both ? "secondary" : e ? "hx" : "ex", sim.secondary);
    if (c.source == em::SourceKind::PlaneWave) write("impedance", sim.impedance);
    h5.writeDataset("/model", {hsize_t(model.grid.nz), hsize_t(model.grid.nx)}, model.values.data(), false);
    std::vector<double> rx, rz, sx, sz;
    for (const auto& p : c.receivers) rx.push_back(p.x), rz.push_back(p.z);
    for (const auto& p : c.lineSources) sx.push_back(p.x), sz.push_back(p.z);
    h5.writeAttribute("/", "physics", "em");
    h5.writeAttribute("/", "layout", "datasets [frequency, source, receiver]; e^{i omega t}, z down; plane-wave "
                                     "fields normalised by u = 1 at the top boundary; Z = -Ey/Hx (E-pol), Ex/Hy "
                                     "(H-pol); "
                                     "polarisation both: source 0 is TE (Ey, Hx), source 1 TM (Hy, Ex)");
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

/// "te" or "tm": the MT mode of plane-wave source s.
const char* modeName(const em::EmConfig& c, int s) { return c.isTm(s) ? "tm" : "te"; }

void writeMtTable(const fs::path& file, const em::EmSimulation& sim, const em::EmConfig& c) {
  writeAtomically(file, [&](const fs::path& tmp) {
    std::ofstream out(tmp);
    out << "frequency,x,rho_a,phase,mode\n";
    char line[160];
    for (int s = 0; s < sim.impedance.nsrc; ++s)
      for (int f = 0; f < sim.impedance.nfreq; ++f)
        for (int r = 0; r < sim.impedance.nrec; ++r) {
          const double freq = c.frequencies[std::size_t(f)];
          const em::Complex z = sim.impedance.at(f, s, r);
          std::snprintf(line, sizeof line, "%.10g,%.10g,%.10g,%.10g,%s\n", freq, c.receivers[std::size_t(r)].x,
                        em::apparentResistivity(freq, z), em::phaseDegrees(z), modeName(c, s));
          out << line;
        }
    out.close();
    require(bool(out), "could not write '", file.string(), "'");
  });
}

std::vector<double> receiverPositions(const em::EmConfig& c) {
  std::vector<double> x;
  for (const auto& r : c.receivers) x.push_back(r.x);
  return x;
}

/// Pseudo-sections of apparent resistivity and phase: receivers across, frequency down from the
/// highest (shallow) to the lowest (deep) on a log10 axis when the frequencies are log-spaced.
void writePseudoSections(const fs::path& dir, const std::vector<double>& logRho, const std::vector<double>& phase,
                         const em::EmConfig& c, const std::string& mode) {
  const int nf = int(c.frequencies.size()), nr = int(c.receivers.size());
  std::vector<int> order(static_cast<std::size_t>(nf));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return c.frequencies[std::size_t(a)] > c.frequencies[std::size_t(b)]; });
  const double top = std::log10(c.frequencies[std::size_t(order[0])]);
  const double step = nf > 1 ? std::log10(c.frequencies[std::size_t(order[1])]) - top : -1;
  bool logSpaced = nf > 1 && step != 0;
  for (int f = 1; logSpaced && f < nf; ++f)
    logSpaced = std::abs(std::log10(c.frequencies[std::size_t(order[std::size_t(f)])]) - top - f * step) <
                0.01 * std::abs(step);  // within 1% of a step: rounded values (2.154 Hz) count
  ImageFigure fig;
  fig.rows = nf, fig.cols = nr;
  fig.x = positionAxis("receiver x", receiverPositions(c));
  fig.y = logSpaced ? ImageAxis{"log10 frequency (Hz)", top, step} : ImageAxis{"frequency (highest first)", 0, 1};
  fig.equalAspect = false;
  const auto byFrequency = [&](const std::vector<double>& v) {
    std::vector<double> rows;
    for (int f : order) rows.insert(rows.end(), v.begin() + std::ptrdiff_t(f) * nr, v.begin() + std::ptrdiff_t(f + 1) * nr);
    return rows;
  };
  const std::string suffix = c.polarisation == em::Polarisation::Both ? "_" + mode : "";
  std::string upper = mode;
  for (char& ch : upper) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  fig.title = concat("MT apparent resistivity (", upper, ")");
  fig.panels = {{"", byFrequency(logRho), 0}};
  fig.scales = {rangeScale(Colormap::Viridis, "log10 apparent resistivity (ohm m)", {&fig.panels[0].values})};
  writeImageFigure(dir / ("mt_rho_a" + suffix + ".png"), fig);
  fig.title = concat("MT phase (", upper, ")");
  fig.panels = {{"", byFrequency(phase), 0}};
  fig.scales = {rangeScale(Colormap::Viridis, "phase (degrees)", {&fig.panels[0].values})};
  writeImageFigure(dir / ("mt_phase" + suffix + ".png"), fig);
}

void writeMtPlots(const fs::path& dir, const em::EmSimulation& sim, const em::EmConfig& c) {
  const int nf = sim.impedance.nfreq, nr = sim.impedance.nrec, ns = sim.impedance.nsrc;
  // [source][frequency][receiver]
  std::vector<double> logRho(std::size_t(ns) * std::size_t(nf) * std::size_t(nr)), phase(logRho.size());
  const auto at = [&](int s, int f, int r) {
    return (std::size_t(s) * std::size_t(nf) + std::size_t(f)) * std::size_t(nr) + std::size_t(r);
  };
  for (int s = 0; s < ns; ++s) {
    for (int f = 0; f < nf; ++f)
      for (int r = 0; r < nr; ++r) {
        const em::Complex z = sim.impedance.at(f, s, r);
        logRho[at(s, f, r)] = std::log10(em::apparentResistivity(c.frequencies[std::size_t(f)], z));
        phase[at(s, f, r)] = em::phaseDegrees(z);
      }
    const auto block = [&](const std::vector<double>& v) {
      return std::vector<double>(v.begin() + std::ptrdiff_t(at(s, 0, 0)), v.begin() + std::ptrdiff_t(at(s + 1, 0, 0)));
    };
    writePseudoSections(dir, block(logRho), block(phase), c, modeName(c, s));
  }
  PlotFigure rho{"MT sounding curves", "frequency (Hz)", "apparent resistivity (ohm m)", AxisScale::Log,
                 AxisScale::Log, Marks::Lines, false, {}};
  PlotFigure phi{"MT phase curves", "frequency (Hz)", "phase (degrees)", AxisScale::Log, AxisScale::Linear,
                 Marks::Lines, false, {}};
  const int curves = std::min(nr, ns > 1 ? 3 : 5);
  for (int s = 0; s < ns; ++s)
    for (int k = 0; k < curves; ++k) {
      const int r = curves == 1 ? 0 : k * (nr - 1) / (curves - 1);
      const std::string label =
          concat("x = ", c.receivers[std::size_t(r)].x, " m", ns > 1 ? concat(", ", modeName(c, s)) : "");
      rho.series.push_back({label, c.frequencies, {}});
      phi.series.push_back({label, c.frequencies, {}});
      for (int f = 0; f < nf; ++f) {
        rho.series.back().y.push_back(std::pow(10.0, logRho[at(s, f, r)]));
        phi.series.back().y.push_back(phase[at(s, f, r)]);
      }
    }
  writePlotFigure(dir / "mt_curves_rho_a.png", rho);
  writePlotFigure(dir / "mt_curves_phase.png", phi);
}

void writeLineSourcePlots(const fs::path& dir, const em::EmSimulation& sim, const em::EmConfig& c) {
  const char* field = c.polarisation == em::Polarisation::E ? "|Ey| (V/m)" : "|Hy| (A/m)";
  PlotFigure amplitude{"line source 0: field amplitude", "receiver x (m)", field, AxisScale::Linear, AxisScale::Log,
                       Marks::Lines, false, {}};
  PlotFigure phase{"line source 0: field phase", "receiver x (m)", "phase (degrees)", AxisScale::Linear,
                   AxisScale::Linear, Marks::Lines, false, {}};
  for (int f = 0; f < sim.field.nfreq; ++f) {
    const std::string label = concat("f = ", c.frequencies[std::size_t(f)], " Hz");
    amplitude.series.push_back({label, receiverPositions(c), {}});
    phase.series.push_back({label, receiverPositions(c), {}});
    for (int r = 0; r < sim.field.nrec; ++r) {
      amplitude.series.back().y.push_back(std::abs(sim.field.at(f, 0, r)));
      phase.series.back().y.push_back(std::arg(sim.field.at(f, 0, r)) * 180.0 / 3.14159265358979323846);
    }
  }
  writePlotFigure(dir / "amplitude.png", amplitude);
  writePlotFigure(dir / "phase.png", phase);
}

void writeModelAndFields(const fs::path& dir, const Field2D& model, const em::EmSimulation& sim, const em::EmConfig& c) {
  std::vector<double> logRho(model.values.size());
  for (std::size_t i = 0; i < logRho.size(); ++i) logRho[i] = -std::log10(model.values[i]);
  writeVti(dir / "model.vti", model.grid, {{"conductivity", &model.values}, {"log10_resistivity", &logRho}});
  std::vector<double> shown = model.values;
  toLog10Resistivity(shown);
  ImageFigure figure = modelFigure(model.grid, "resistivity model");
  figure.scales = {earthResistivityScale({&shown})};
  figure.panels = {{"", shown, 0}};
  writeImageFigure(dir / "model.png", figure);

  const char* component = c.polarisation == em::Polarisation::H ? "abs_Hy" : "abs_Ey";  // both: source 0 is TE
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

void writeEmForwardOutput(const fs::path& dir, const em::EmSimulation& sim, const em::EmConfig& config,
                          const Field2D& model) {
  writeEmData(dir, sim, config, model);
  if (config.source == em::SourceKind::PlaneWave) {
    writeMtTable(dir / "mt.csv", sim, config);
    writeMtPlots(dir, sim, config);
  } else {
    writeLineSourcePlots(dir, sim, config);
  }
  writeModelAndFields(dir, model, sim, config);
}

}  // namespace pairinv::apps
