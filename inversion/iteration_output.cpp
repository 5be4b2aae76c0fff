#include "inversion/iteration_output.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/npy.hpp"
#include "core/figure.hpp"
#include "core/log_events.hpp"
#include "inversion/model_comparison.hpp"
#include "meshes/model3d_io.hpp"
#include "meshes/model_io.hpp"
#include "meshes/vtk_io.hpp"

namespace fs = std::filesystem;

namespace pairinv::inversion {

namespace {

fs::path iterateFile(const fs::path& dir, int iteration) {
  std::ostringstream name;
  name << "model_" << std::setw(4) << std::setfill('0') << iteration << ".vti";
  return dir / "iterations" / name.str();
}

void writeFieldVti(const fs::path& file, const Field2D& f, const std::vector<NamedArray>& arrays) {
  writeVti(file, f.grid, arrays);
}
void writeFieldVti(const fs::path& file, const Field3D& f, const std::vector<NamedArray>& arrays) {
  writeVti3D(file, f.grid, arrays);
}
std::vector<std::size_t> shapeOf(const Field2D& f) { return {std::size_t(f.grid.nz), std::size_t(f.grid.nx)}; }
std::vector<std::size_t> shapeOf(const Field3D& f) {
  return {std::size_t(f.grid.nz), std::size_t(f.grid.ny), std::size_t(f.grid.nx)};
}
void writeFieldModel(const fs::path& file, const Field2D& f) { writeModel(file, f); }
void writeFieldModel(const fs::path& file, const Field3D& f) { writeModel3D(file, f); }

/// What the models figure shows of a field, and how its title names it.
const Field2D& shown(const Field2D& f) { return f; }
Field2D shown(const Field3D& f) { return sectionXZ(f, f.grid.ny / 2); }
std::string shownText(const Field2D&) { return "models"; }
std::string shownText(const Field3D& f) {
  return concat("models, x-z section at y = ", f.grid.y0 + (f.grid.ny / 2) * f.grid.dy, " m");
}

}  // namespace

Field2D sectionXZ(const Field3D& f, int iy) {
  Grid2D g;
  g.nz = f.grid.nz, g.nx = f.grid.nx, g.dz = f.grid.dz, g.dx = f.grid.dx, g.z0 = f.grid.z0, g.x0 = f.grid.x0;
  Field2D s(g);
  for (int iz = 0; iz < g.nz; ++iz)
    for (int ix = 0; ix < g.nx; ++ix) s.at(iz, ix) = f.at(iz, iy, ix);
  return s;
}

template <class Field>
BasicIterationOutput<Field>::BasicIterationOutput(fs::path dir, const Field* truth, bool root, std::string quantity, bool logarithmic)
    : dir_(std::move(dir)), truth_(truth), root_(root), quantity_(std::move(quantity)), logarithmic_(logarithmic) {
  if (!root_) return;
  ensureDirectory(dir_ / "iterations");
  ensureDirectory(dir_ / "state");
}

template <class Field>
void BasicIterationOutput<Field>::writeIterate(int iteration, const Field& v) {
  if (!root_) return;
  LogEvent event(Event::Output);
  std::vector<NamedArray> arrays = {{quantity_, &v.values}};
  std::vector<double> difference;
  if (truth_) {
    difference.resize(v.values.size());
    for (std::size_t i = 0; i < difference.size(); ++i)
      difference[i] = logarithmic_ ? std::log10(v.values[i] / truth_->values[i]) : v.values[i] - truth_->values[i];
    arrays.push_back({"truth", &truth_->values});
    arrays.push_back({"difference", &difference});
  }
  for (const auto& [name, values] : extras_) arrays.push_back({name, &values});
  const fs::path file = iterateFile(dir_, iteration);
  writeFieldVti(file, v, arrays);
  series_.emplace_back(double(iteration), file);
  PvdSeries pvd(dir_ / "models.pvd");
  for (const auto& [time, f] : series_) pvd.add(time, f);
}

template <class Field>
void BasicIterationOutput<Field>::saveState(const Field& v, const std::vector<double>& counters) {
  if (!root_) return;
  LogEvent event(Event::Output);
  writeNpy(dir_ / "state" / "latest.npy", shapeOf(v), v.values.data(), NpyType::Float64);
  writeAtomically(dir_ / "state" / "progress.txt", [&](const fs::path& tmp) {
    std::ofstream out(tmp);
    out << std::setprecision(17);
    for (double c : counters) out << c << '\n';
    require(out.good(), "cannot write the inversion state in '", dir_.string(), "'");
  });
}

template <class Field>
bool BasicIterationOutput<Field>::loadState(Field& v, std::vector<double>& counters, std::size_t counterCount) {
  const fs::path progress = dir_ / "state" / "progress.txt", latest = dir_ / "state" / "latest.npy";
  if (!fs::exists(progress) || !fs::exists(latest)) return false;
  std::ifstream in(progress);
  counters.assign(counterCount, 0.0);
  for (double& c : counters) in >> c;
  require(!in.fail(), "cannot resume: '", progress.string(), "' is corrupt; remove the state folder to restart");
  const NpyArray a = readNpy(latest);
  require(a.data.size() == v.values.size(), "cannot resume: '", latest.string(), "' has ", a.data.size(),
          " values but the model has ", v.values.size(), "; use a new -output folder");
  v.values = a.data;
  series_.clear();
  for (int it = 0; it <= int(counters.back()); ++it)
    if (fs::exists(iterateFile(dir_, it))) series_.emplace_back(double(it), iterateFile(dir_, it));
  return true;
}

template <class Field>
void BasicIterationOutput<Field>::writeFinal(const Field& v, const Field& initial, const HistoryLog& history) {
  if (!root_) return;
  LogEvent event(Event::Output);
  writeFieldModel(dir_ / "model_final.npy", v);
  writeFieldModel(dir_ / "model_final.vti", v);
  writeModelsFigure(v, initial);
  writeConvergenceFigure(history);
}

template <class Field>
void BasicIterationOutput<Field>::writeModelsFigure(const Field& v, const Field& initial) const {
  const auto& final = shown(v);
  const auto& start = shown(initial);
  std::optional<Field2D> truth;
  if (truth_) truth = shown(*truth_);
  writeModelComparison(dir_ / "models.png", "inversion " + dir_.filename().string() + ": " + shownText(v),
                       {{"initial", &start}, {"final", &final}}, truth ? &*truth : nullptr, quantity_, logarithmic_);
}

template <class Field>
void BasicIterationOutput<Field>::writeConvergenceFigure(const HistoryLog& history) const {
  const std::vector<double> objective = history.column("objective"), stage = history.column("stage"),
                            iteration = history.column("iteration");
  if (objective.empty()) return;
  // One series per stage (frequency band), each over its own first objective: the stages
  // minimise different functions.
  PlotFigure p{"inversion " + dir_.filename().string() + ": convergence", "iteration", "relative value",
               AxisScale::Linear, AxisScale::Log, Marks::Lines, false, {}};
  const bool staged = stage.size() == objective.size() && stage.front() != stage.back();
  for (std::size_t k = 0; k < objective.size(); ++k) {
    if (k == 0 || (staged && stage[k] != stage[k - 1]))
      p.series.push_back({staged ? concat("objective / its initial value, stage ", int(stage[k]) + 1)
                                 : "objective / initial objective",
                          {}, {}});
    const double first = objective[k - (p.series.back().y.size())];
    p.series.back().x.push_back(iteration.size() == objective.size() ? iteration[k] : double(k));
    p.series.back().y.push_back(first > 0 ? objective[k] / first : objective[k]);
  }
  if (truth_) {
    Series error{logarithmic_ ? "model error (decades RMS)" : "relative model error", {}, history.column("model_error")};
    for (std::size_t k = 0; k < error.y.size(); ++k)
      error.x.push_back(iteration.size() == error.y.size() ? iteration[k] : double(k));
    p.series.push_back(std::move(error));
  }
  p.wholeX = true;
  writePlotFigure(dir_ / "convergence.png", p);
}

template class BasicIterationOutput<Field2D>;
template class BasicIterationOutput<Field3D>;

}  // namespace pairinv::inversion
