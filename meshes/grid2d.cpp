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


}  // namespace pairinv
