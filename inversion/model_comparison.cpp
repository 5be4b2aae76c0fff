#include "inversion/model_comparison.hpp"

#include <cmath>

#include "core/error.hpp"
#include "meshes/model_figure.hpp"

namespace pairinv::inversion {

void writeModelComparison(const std::filesystem::path& file, const std::string& title,
                          const std::vector<NamedModel>& models, const Field2D* truth, const std::string& quantity,
                          bool logarithmic) {
  require(!models.empty(), "figure '", file.string(), "': no model to show");
  const Grid2D& grid = models.front().model->grid;
  const auto shown = [&](const Field2D& f) {
    require(f.grid.nz == grid.nz && f.grid.nx == grid.nx, "figure '", file.string(), "': a ", f.grid.nz, " x ",
            f.grid.nx, " model beside a ", grid.nz, " x ", grid.nx, " one");
    std::vector<double> v = f.values;
    if (logarithmic) toLog10Resistivity(v);
    return v;
  };
  ImageFigure f = modelFigure(grid, title);
  if (truth) f.panels.push_back({"truth", shown(*truth), 0});
  for (const NamedModel& m : models) f.panels.push_back({m.name, shown(*m.model), 0});
  std::vector<const std::vector<double>*> all;
  for (const ImagePanel& p : f.panels) all.push_back(&p.values);
  f.scales = {logarithmic ? earthResistivityScale(all) : rangeScale(Colormap::Viridis, quantity + " (m/s)", all)};
  if (truth) {
    std::vector<double> error = f.panels.back().values;
    for (std::size_t k = 0; k < error.size(); ++k) error[k] -= f.panels.front().values[k];
    f.panels.push_back({models.back().name + " - truth", std::move(error), 1});
    f.scales.push_back(symmetricScale(logarithmic ? kLog10ResistivityRatioLabel : "model - truth (m/s)",
                                      {&f.panels.back().values}, 1.0));
  }
  writeImageFigure(file, f);
}

}  // namespace pairinv::inversion
