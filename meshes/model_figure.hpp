// Figures of models on a Grid2D: x across, depth down, both in m (or km), one unit as long on
// both axes. The caller adds the colour scales and panels (core/figure.hpp).
#pragma once

#include <string>

#include "core/figure.hpp"
#include "meshes/grid2d.hpp"

namespace pairinv {

inline ImageFigure modelFigure(const Grid2D& g, const std::string& title) {
  ImageFigure f;
  f.title = title;
  f.rows = g.nz, f.cols = g.nx;
  const bool km = std::max(g.nx * g.dx, g.nz * g.dz) >= 2000;  // one unit for both axes
  const double unit = km ? 1000 : 1;
  const std::string suffix = km ? " (km)" : " (m)";
  f.x = {"x" + suffix, g.x0 / unit, g.dx / unit};
  f.y = {"depth" + suffix, g.z0 / unit, g.dz / unit};
  f.equalAspect = true;
  return f;
}

/// A one-panel figure of `values` on grid g in `map` colours over their own range.
inline void writeModelFigure(const std::filesystem::path& file, const Grid2D& g, const std::vector<double>& values,
                             const std::string& title, Colormap map, const std::string& colourLabel) {
  ImageFigure f = modelFigure(g, title);
  f.scales = {rangeScale(map, colourLabel, {&values})};
  f.panels = {{"", values, 0}};
  writeImageFigure(file, f);
}

}  // namespace pairinv
