#include "inversion/iteration_output.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/npy.hpp"
#include "core/png_image.hpp"
#include "core/png_plot.hpp"
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

}  // namespace

IterationOutput::IterationOutput(fs::path dir, const Field2D* truth, bool root, std::string quantity, bool logarithmic)
    : dir_(std::move(dir)), truth_(truth), root_(root), quantity_(std::move(quantity)), logarithmic_(logarithmic) {
  if (!root_) return;
  ensureDirectory(dir_ / "iterations");
  ensureDirectory(dir_ / "state");
}

void IterationOutput::writeIterate(int iteration, const Field2D& v) {
  if (!root_) return;
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
  writeVti(file, v.grid, arrays);
  series_.emplace_back(double(iteration), file);
  PvdSeries pvd(dir_ / "models.pvd");
  for (const auto& [time, f] : series_) pvd.add(time, f);
}

void IterationOutput::saveState(const Field2D& v, const std::vector<double>& counters) {
  if (!root_) return;
  writeNpy(dir_ / "state" / "latest.npy", {std::size_t(v.grid.nz), std::size_t(v.grid.nx)}, v.values.data(),
           NpyType::Float64);
  writeAtomically(dir_ / "state" / "progress.txt", [&](const fs::path& tmp) {
    std::ofstream out(tmp);
    out << std::setprecision(17);
    for (double c : counters) out << c << '\n';
    require(out.good(), "cannot write the inversion state in '", dir_.string(), "'");
  });
}

bool IterationOutput::loadState(Field2D& v, std::vector<double>& counters, std::size_t counterCount) {
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

void IterationOutput::writeFinal(const Field2D& v, const Field2D& initial, const HistoryLog& history) {
  if (!root_) return;
  writeModel(dir_ / "model_final.npy", v);
  writeModel(dir_ / "model_final.vti", v);
  const int nz = v.grid.nz, nx = v.grid.nx;
  const auto shown = [&](const Field2D& f) {
    std::vector<double> values = f.values;
    if (logarithmic_)
      for (double& x : values) x = std::log10(x);
    return values;
  };
  const std::vector<double> final = shown(v), start = shown(initial), truth = truth_ ? shown(*truth_) : final;
  // One colour range for final, initial and true model, so the quick-looks compare by eye.
  const auto [lo, hi] = [&] {
    double a = final[0], b = final[0];
    for (const auto* values : {&final, &start, &truth})
      for (double x : *values) a = std::min(a, x), b = std::max(b, x);
    return std::pair{a, b};
  }();
  writePngImage(dir_ / "model_final.png", nz, nx, final.data(), Colormap::Viridis, lo, hi);
  writePngImage(dir_ / "model_initial.png", nz, nx, start.data(), Colormap::Viridis, lo, hi);
  if (truth_) writePngImage(dir_ / "model_true.png", nz, nx, truth.data(), Colormap::Viridis, lo, hi);
  std::vector<double> objective = history.column("objective");
  if (!objective.empty() && objective.front() > 0)
    for (double& o : objective) o /= history.column("objective").front();
  std::vector<std::vector<double>> series = {objective};
  if (truth_) series.push_back(history.column("model_error"));
  if (!objective.empty()) writeLinePlot(dir_ / "convergence.png", series, true);
}

}  // namespace pairinv::inversion
