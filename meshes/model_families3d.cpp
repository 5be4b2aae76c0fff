#include "meshes/model_families3d.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/error.hpp"

namespace pairinv {

namespace {

struct Plane {  // depth(x, y) = depth0 + sx (x - xc) + sy (y - yc), in cells
  double depth0, sx, sy;
};

}  // namespace

Field3D drawFamily3D(const Family3DOptions& o) {
  const auto [nz, ny, nx] = o.size;
  require(nz > 1 && ny > 1 && nx > 1, "a 3D model needs more than one cell along each axis, not ", nz, " x ", ny,
          " x ", nx);
  require(o.layers >= 1, "a layered model needs at least one interface");
  require(o.vmin > 0 && o.vmin < o.vmax, "velocity range ", o.vmin, " .. ", o.vmax, " m/s is empty");
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Grid3D g;
  g.nz = nz, g.ny = ny, g.nx = nx, g.dz = g.dy = g.dx = o.cell;
  const double xc = 0.5 * (nx - 1), yc = 0.5 * (ny - 1);

  std::vector<Plane> planes;
  for (int k = 0; k < o.layers; ++k) {
    const double dip = std::tan(8.0 * M_PI / 180.0) * unit(rng), azimuth = 2.0 * M_PI * unit(rng);
    planes.push_back({(0.15 + 0.75 * unit(rng)) * nz, dip * std::cos(azimuth), dip * std::sin(azimuth)});
  }
  std::sort(planes.begin(), planes.end(), [](const Plane& a, const Plane& b) { return a.depth0 < b.depth0; });
  std::vector<double> velocity(std::size_t(o.layers) + 1);
  for (double& v : velocity) v = o.vmin + (o.vmax - o.vmin) * unit(rng);
  std::sort(velocity.begin(), velocity.end());

  // The fault: x_f(z) = x0 + z / tan(dip); the hanging wall (x > x_f) moved down by `throw`.
  const double faultX = (0.3 + 0.4 * unit(rng)) * nx, faultDip = (50.0 + 20.0 * unit(rng)) * M_PI / 180.0;
  const double faultThrow = (0.10 + 0.15 * unit(rng)) * nz;
  // The body: an ellipsoid at mid-depth.
  const double bz = (0.4 + 0.2 * unit(rng)) * nz, by = (0.3 + 0.4 * unit(rng)) * ny, bx = (0.3 + 0.4 * unit(rng)) * nx;
  const double az = (0.12 + 0.13 * unit(rng)) * nz, ay = (0.12 + 0.13 * unit(rng)) * ny, ax = (0.12 + 0.13 * unit(rng)) * nx;
  const double contrast = (unit(rng) < 0.5 ? -1.0 : 1.0) * (0.10 + 0.10 * unit(rng));

  Field3D m(g);
  for (int iz = 0; iz < nz; ++iz)
    for (int iy = 0; iy < ny; ++iy)
      for (int ix = 0; ix < nx; ++ix) {
        double z = iz;
        if (o.family == Family3D::Fault && ix > faultX + iz / std::tan(faultDip)) z -= faultThrow;
        int layer = 0;
        for (const Plane& p : planes)
          if (z >= p.depth0 + p.sx * (ix - xc) + p.sy * (iy - yc)) ++layer;
        double v = velocity[std::size_t(layer)];
        if (o.family == Family3D::Body) {
          const double r = std::pow((iz - bz) / az, 2) + std::pow((iy - by) / ay, 2) + std::pow((ix - bx) / ax, 2);
          if (r <= 1.0) v *= 1.0 + contrast;
        }
        m.at(iz, iy, ix) = v;
      }
  return m;
}

}  // namespace pairinv
