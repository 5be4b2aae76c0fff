#include "apps/acoustic3d/acoustic3d_output.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/figure.hpp"
#include "core/hdf5_io.hpp"
#include "core/npy.hpp"
#include "inversion/iteration_output.hpp"
#include "meshes/model_figure.hpp"
#include "meshes/vtk_io.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

void writeModel3DFigures(const fs::path& dir, const Field3D& m, const acoustic3d::GridPoint3& at) {
  const int depth = m.grid.nz / 2;  // a slice at the sources' depth would show the top layer alone
  const Grid3D& g = m.grid;
  const Field2D xz = inversion::sectionXZ(m, at.iy);
  writeModelFigure(dir / "model_xz.png", xz.grid, xz.values,
                   concat("velocity model: x-z section at y = ", g.y0 + at.iy * g.dy, " m"), Colormap::Viridis,
                   "velocity (m/s)");
  // The horizontal slice: x across, y down the rows.
  ImageFigure f;
  f.title = concat("velocity model: x-y slice at depth ", g.z0 + depth * g.dz, " m");
  f.rows = g.ny, f.cols = g.nx;
  f.x = distanceAxis("x", g.x0, g.dx, g.nx);
  f.y = distanceAxis("y", g.y0, g.dy, g.ny);
  std::vector<double> slice(std::size_t(g.ny) * std::size_t(g.nx));
  for (int iy = 0; iy < g.ny; ++iy)
    for (int ix = 0; ix < g.nx; ++ix) slice[std::size_t(iy) * g.nx + ix] = m.at(depth, iy, ix);
  f.scales = {rangeScale(Colormap::Viridis, "velocity (m/s)", {&slice})};
  f.panels = {{"", slice, 0}};
  writeImageFigure(dir / "model_xy.png", f);
}

void writeAcoustic3DOutput(const fs::path& dir, const acoustic::ShotGathers& d, const acoustic3d::Acoustic3DConfig& c,
                           const Field3D& model) {
  const Grid3D& g = model.grid;
  const std::vector<std::size_t> shape = {std::size_t(d.nshots), std::size_t(d.nsamples), std::size_t(d.nreceivers)};
  writeNpy(dir / "data.npy", shape, d.data.data(), NpyType::Float32);
  writeHdf5Atomically(dir / "gathers.h5", [&](Hdf5File& h5) {
    const std::vector<hsize_t> dims(shape.begin(), shape.end());
    h5.writeDataset("/data", dims, d.data.data(), true, {1, dims[1], dims[2]});
    h5.writeDataset("/model", {hsize_t(g.nz), hsize_t(g.ny), hsize_t(g.nx)}, model.values.data(), true);
    auto positions = [&](const std::vector<acoustic3d::GridPoint3>& points, const char* name) {
      std::vector<double> xyz;
      for (const auto& p : points) xyz.insert(xyz.end(), {g.x0 + p.ix * g.dx, g.y0 + p.iy * g.dy, g.z0 + p.iz * g.dz});
      h5.writeDataset(name, {hsize_t(points.size()), 3}, xyz.data(), false);
    };
    positions(c.sources, "/source_xyz");
    positions(c.receivers, "/receiver_xyz");
    h5.writeAttribute("/data", "dt", c.dt * c.recordEvery);
    h5.writeAttribute("/data", "t0", c.sampleTime(0));
    h5.writeAttribute("/data", "layout", "shot, sample, receiver; positions (x, y, depth) in m in /source_xyz, "
                                         "/receiver_xyz");
  });
  writeVti3D(dir / "model.vti", g, {{"velocity", &model.values}});
  writeModel3DFigures(dir, model, c.sources.front());

  // Shot 0 along the receivers on the y nearest to its source's.
  int lineY = c.receivers.front().iy;
  for (const auto& r : c.receivers)
    if (std::abs(r.iy - c.sources[0].iy) < std::abs(lineY - c.sources[0].iy)) lineY = r.iy;
  std::vector<std::size_t> line;
  std::vector<double> x;
  for (std::size_t r = 0; r < c.receivers.size(); ++r)
    if (c.receivers[r].iy == lineY) line.push_back(r), x.push_back(g.x0 + c.receivers[r].ix * g.dx);
  ImageFigure f;
  f.title = concat("shot 0, receivers at y = ", g.y0 + lineY * g.dy, " m");
  f.rows = d.nsamples, f.cols = int(line.size());
  f.x = positionAxis("receiver x", x);
  f.y = {"time (s)", c.sampleTime(0), c.dt * c.recordEvery};
  f.equalAspect = false;
  std::vector<double> values(std::size_t(f.rows) * line.size());
  for (int j = 0; j < d.nsamples; ++j)
    for (std::size_t k = 0; k < line.size(); ++k) values[std::size_t(j) * line.size() + k] = d.at(0, j, int(line[k]));
  f.scales = {symmetricScale("pressure (source units)", {&values})};
  f.panels = {{"", values, 0}};
  writeImageFigure(dir / "gathers.png", f);
}

}  // namespace pairinv::apps
