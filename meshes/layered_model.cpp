#include "meshes/layered_model.hpp"

namespace pairinv {

Field2D layeredDemoModel(int nz, int nx, double h) {
  Grid2D g;
  g.nz = nz, g.nx = nx, g.dz = h, g.dx = h;
  Field2D v(g);
  for (int iz = 0; iz < nz; ++iz)
    for (int ix = 0; ix < nx; ++ix) {
      const double z = iz / double(nz), x = ix / double(nx);
      double value = 1500.0;                       // water-like top layer
      if (z >= 0.15) value = 2000.0;               // sediments
      if (z >= 0.35 + 0.15 * x) value = 2600.0;    // dipping interface
      if (z >= 0.70) value = 3500.0;               // basement
      v.at(iz, ix) = value;
    }
  return v;
}

}  // namespace pairinv
