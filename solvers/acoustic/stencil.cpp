#include "solvers/acoustic/stencil.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace pairinv::acoustic {

StencilCoefficients stencilForOrder(int order) {
  StencilCoefficients s;
  switch (order) {
    case 2:
      s.radius = 1;
      s.second = {-2.0, 1.0};
      s.first = {0.0, 0.5};
      break;
    case 4:
      s.radius = 2;
      s.second = {-5.0 / 2.0, 4.0 / 3.0, -1.0 / 12.0};
      s.first = {0.0, 2.0 / 3.0, -1.0 / 12.0};
      break;
    case 8:
      s.radius = 4;
      s.second = {-205.0 / 72.0, 8.0 / 5.0, -1.0 / 5.0, 8.0 / 315.0, -1.0 / 560.0};
      s.first = {0.0, 4.0 / 5.0, -1.0 / 5.0, 4.0 / 105.0, -1.0 / 280.0};
      break;
    default:
      throw InputError(concat("spatial order ", order, " is not supported; use 2, 4 or 8"));
  }
  return s;
}

double secondDerivativeSpectralRadius(const StencilCoefficients& s) {
  // Scan the symbol c0 + 2 sum c_k cos(k theta) over [0, pi]; the extreme is at or near pi.
  double worst = 0.0;
  for (int i = 0; i <= 2000; ++i) {
    const double theta = M_PI * i / 2000.0;
    double symbol = s.second[0];
    for (int k = 1; k <= s.radius; ++k) symbol += 2.0 * s.second[k] * std::cos(k * theta);
    worst = std::max(worst, -symbol);
  }
  return worst;
}

}  // namespace pairinv::acoustic
