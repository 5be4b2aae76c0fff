#include "meshes/field_view.hpp"

#include <cmath>

#include "core/error.hpp"

namespace pairinv {

ModelView::ModelView(const Field2D& f)
    : grid(f.grid), values(f.values.data(), f.grid.nz, f.grid.nx, Eigen::OuterStride<>(f.grid.nx)) {
  ensure(f.values.size() == f.grid.size(), "a field of ", f.values.size(), " values on a ", f.grid.nz, " x ",
         f.grid.nx, " grid");
}

ModelView::ModelView(const ConstMatrixMap& v, double dz, double dx) : values(v) {
  grid.nz = int(v.rows()), grid.nx = int(v.cols());
  grid.dz = dz, grid.dx = dx;
}

Field2D ModelView::field() const {
  Field2D f(grid);
  Eigen::Map<RowMatrix>(f.values.data(), grid.nz, grid.nx) = values;
  return f;
}

void requirePositiveFinite(const ModelView& m, const char* what) {
  require(m.grid.nz > 0 && m.grid.nx > 0, what, " is empty");
  for (int iz = 0; iz < m.grid.nz; ++iz)
    for (int ix = 0; ix < m.grid.nx; ++ix) {
      const double v = m.at(iz, ix);
      require(std::isfinite(v), what, " has a non-finite value (", v, ") at row ", iz, ", column ", ix);
      require(v > 0, what, " must be positive; found ", v, " at row ", iz, ", column ", ix);
    }
}

}  // namespace pairinv
