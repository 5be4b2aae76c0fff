#include "apps/comparison_figure.hpp"

#include <cmath>

#include "core/error.hpp"
#include "meshes/model_figure.hpp"

namespace pairinv::apps {

void writeComparisonFigure(const std::filesystem::path& file, const std::string& title, Physics physics,
                           const Field2D& truth, const std::vector<NamedModel>& models) {
  require(!models.empty(), "figure '", file.string(), "': no model to compare with the truth");
  const bool logarithmic = physics == Physics::Em;
  const auto shown = [&](const Field2D& f) {
    require(f.grid.nz == truth.grid.nz && f.grid.nx == truth.grid.nx, "figure '", file.string(), "': a ", f.grid.nz,
            " x ", f.grid.nx, " model against a ", truth.grid.nz, " x ", truth.grid.nx, " truth");
    std::vector<double> v = f.values;
    if (logarithmic)
      for (double& x : v) x = std::log10(x);
    return v;
  };
  ImageFigure f = modelFigure(truth.grid, title);
  f.panels.push_back({"truth", shown(truth), 0});
  for (const NamedModel& m : models) f.panels.push_back({m.name, shown(*m.model), 0});
  std::vector<const std::vector<double>*> all;
  for (const ImagePanel& p : f.panels) all.push_back(&p.values);
  f.scales = {rangeScale(Colormap::Viridis, logarithmic ? "log10 conductivity (S/m)" : "velocity (m/s)", all)};
  std::vector<double> error = f.panels.back().values;
  for (std::size_t k = 0; k < error.size(); ++k) error[k] -= f.panels.front().values[k];
  f.panels.push_back({models.back().name + " - truth", std::move(error), 1});
  f.scales.push_back(symmetricScale(logarithmic ? "log10(model / truth)" : "model - truth (m/s)",
                                    {&f.panels.back().values}, 1.0));
  writeImageFigure(file, f);
}

}  // namespace pairinv::apps
