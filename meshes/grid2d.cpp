#include "meshes/grid2d.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace pairinv {

double Field2D::min() const {
  ensure(!values.empty(), "min() of an empty field");
  return *std::min_element(values.begin(), values.end());
}
double Field2D::max() const {
  ensure(!values.empty(), "max() of an empty field");
  return *std::max_element(values.begin(), values.end());
}

void requirePositiveFinite(const Field2D& field, const char* what) {
  require(!field.values.empty(), what, " is empty");
  for (int iz = 0; iz < field.grid.nz; ++iz)
    for (int ix = 0; ix < field.grid.nx; ++ix) {
      const double v = field.at(iz, ix);
      require(std::isfinite(v), what, " has a non-finite value (", v, ") at row ", iz, ", column ", ix);
      require(v > 0, what, " must be positive; found ", v, " at row ", iz, ", column ", ix);
    }
}

}  // namespace pairinv
