#include "meshes/em_mesh.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace pairinv {

namespace {

constexpr std::size_t kMaxPaddingCells = 10000;

/// Widths of cells growing from `first` by `stretch` until their sum reaches `distance`.
std::vector<double> growingCells(double first, double stretch, double distance) {
  std::vector<double> widths;
  double total = 0.0, w = first;
  while (total < distance) {
    widths.push_back(w);
    total += w;
    w *= stretch;
    require(widths.size() <= kMaxPaddingCells, "the EM mesh would need more than ", kMaxPaddingCells,
            " padding cells to reach ", distance, " m from cells of ", first,
            " m; increase -em_pad_stretch or reduce the padding distance");
  }
  return widths;
}

std::vector<double> refined(const std::vector<double>& widths, int r) {
  std::vector<double> out;
  out.reserve(widths.size() * std::size_t(r));
  for (double w : widths)
    for (int k = 0; k < r; ++k) out.push_back(w / r);
  return out;
}

void setCoordinates(const std::vector<double>& widths, double start, std::vector<double>& faces,
                    std::vector<double>& centres) {
  faces.assign(widths.size() + 1, start);
  centres.resize(widths.size());
  for (std::size_t i = 0; i < widths.size(); ++i) {
    faces[i + 1] = faces[i] + widths[i];
    centres[i] = faces[i] + 0.5 * widths[i];
  }
}

}  // namespace

long EmMesh::modelCell(int iz, int ix) const {
  if (iz < airRows) return -1;
  const int mz = std::clamp((iz - modelRow0 < 0 ? -1 : (iz - modelRow0) / refinement), 0, modelNz - 1);
  const int mx = std::clamp((ix - modelCol0 < 0 ? -1 : (ix - modelCol0) / refinement), 0, modelNx - 1);
  return long(mz) * modelNx + mx;
}

EmMesh buildEmMesh(const Grid2D& g, const EmMeshOptions& o) {
  require(g.nz > 0 && g.nx > 0 && g.dz > 0 && g.dx > 0, "the EM mesh needs a model grid with cells; got ",
          g.nz, " x ", g.nx, " cells of ", g.dz, " x ", g.dx, " m");
  require(std::isfinite(o.padDistance) && o.padDistance >= 0, "EM padding distance must be >= 0, got ",
          o.padDistance, " m (-em_pad_distance)");
  require(std::isfinite(o.airHeight) && o.airHeight >= 0, "EM air height must be >= 0, got ", o.airHeight,
          " m (-em_air_height)");
  require(o.stretch >= 1.0 && o.stretch <= 3.0, "EM padding stretch must lie in [1, 3], got ", o.stretch,
          " (-em_pad_stretch)");
  require(o.refinement >= 1, "EM mesh refinement must be >= 1, got ", o.refinement, " (-em_refine)");

  const std::vector<double> side = growingCells(g.dx * o.stretch, o.stretch, o.padDistance);
  const std::vector<double> below = growingCells(g.dz * o.stretch, o.stretch, o.padDistance);
  std::vector<double> above;
  if (o.top == EmMeshTop::Air) above = growingCells(g.dz, o.stretch, o.airHeight);
  if (o.top == EmMeshTop::Extend) above = growingCells(g.dz * o.stretch, o.stretch, o.padDistance);
  std::reverse(above.begin(), above.end());  // listed top to bottom

  std::vector<double> hx(side.rbegin(), side.rend()), hz = above;
  hx.insert(hx.end(), std::size_t(g.nx), g.dx);
  hx.insert(hx.end(), side.begin(), side.end());
  hz.insert(hz.end(), std::size_t(g.nz), g.dz);
  hz.insert(hz.end(), below.begin(), below.end());

  EmMesh m;
  const int r = o.refinement;
  m.hx = refined(hx, r);
  m.hz = refined(hz, r);
  m.refinement = r;
  m.top = o.top;
  m.modelNx = g.nx, m.modelNz = g.nz;
  m.modelCol0 = int(side.size()) * r;
  m.modelRow0 = int(above.size()) * r;
  m.airRows = o.top == EmMeshTop::Air ? m.modelRow0 : 0;
  double leftWidth = 0, topHeight = 0;
  for (double w : side) leftWidth += w;
  for (double w : above) topHeight += w;
  setCoordinates(m.hx, g.x0 - leftWidth, m.xFaces, m.xCentres);
  setCoordinates(m.hz, g.z0 - topHeight, m.zFaces, m.zCentres);
  // Model faces must sit exactly where the model says (the sums above round).
  for (int i = 0; i <= g.nx * r; ++i) m.xFaces[std::size_t(m.modelCol0 + i)] = g.x0 + double(i) * g.dx / r;
  for (int k = 0; k <= g.nz * r; ++k) m.zFaces[std::size_t(m.modelRow0 + k)] = g.z0 + double(k) * g.dz / r;
  for (std::size_t i = 0; i < m.hx.size(); ++i) m.xCentres[i] = 0.5 * (m.xFaces[i] + m.xFaces[i + 1]);
  for (std::size_t k = 0; k < m.hz.size(); ++k) m.zCentres[k] = 0.5 * (m.zFaces[k] + m.zFaces[k + 1]);
  return m;
}

std::vector<double> meshConductivity(const EmMesh& mesh, const ModelView& model, double airConductivity) {
  ensure(model.grid.nz == mesh.modelNz && model.grid.nx == mesh.modelNx, "the conductivity model (",
          model.grid.nz, " x ", model.grid.nx, ") does not match the EM mesh (", mesh.modelNz, " x ",
          mesh.modelNx, ")");
  std::vector<double> sigma(mesh.cells());
  for (int iz = 0; iz < mesh.nz(); ++iz)
    for (int ix = 0; ix < mesh.nx(); ++ix) {
      const long c = mesh.modelCell(iz, ix);
      sigma[mesh.index(iz, ix)] = c < 0 ? airConductivity : model.at(int(c / model.grid.nx), int(c % model.grid.nx));
    }
  return sigma;
}

Field2D sumToModelCells(const EmMesh& mesh, const Grid2D& model, const std::vector<double>& meshValues) {
  Field2D out(model, 0.0);
  for (int iz = 0; iz < mesh.nz(); ++iz)
    for (int ix = 0; ix < mesh.nx(); ++ix) {
      const long c = mesh.modelCell(iz, ix);
      if (c >= 0) out.values[std::size_t(c)] += meshValues[mesh.index(iz, ix)];
    }
  return out;
}

Field2D averageOverModelCells(const EmMesh& mesh, const Grid2D& model, const std::vector<double>& meshValues) {
  Field2D out(model, 0.0);
  const int r = mesh.refinement;
  for (int iz = 0; iz < model.nz * r; ++iz)
    for (int ix = 0; ix < model.nx * r; ++ix)
      out.values[model.index(iz / r, ix / r)] +=
          meshValues[mesh.index(mesh.modelRow0 + iz, mesh.modelCol0 + ix)] / double(r * r);
  return out;
}

}  // namespace pairinv
