// Inner loops of the 3D acoustic solver (propagator3d.hpp) on one rank's Box3: the leapfrog
// update, the CPML passes along one axis and their transposes. Every kernel runs over owned
// points only and reads halos; the radius and the axis are template parameters inside, so the
// innermost loop (along x) has no branches.
#pragma once

#include <array>

#include "solvers/acoustic3d/propagator3d.hpp"

namespace pairinv::acoustic3d {

/// Stencil weights divided by the spacing of each axis (x, y, z): second[a][0] is the centre.
struct Stencil3 {
  int radius = 0;
  double centre = 0.0;  // sum of second[a][0]
  std::array<std::array<double, acoustic::kMaxRadius + 1>, 3> second{}, first{};
};
Stencil3 scaledStencil3(const acoustic::StencilCoefficients& s, double dx, double dy, double dz);

/// pNext <- 2 p - pNext + V L p; increment (may be null) <- L p.
void leapfrog3(const Box3& box, const Stencil3& st, const double* p, double* pNext, const double* vdt2,
               double* increment);
/// y <- 2 x - y + L nu.
void adjointLeapfrog3(const Box3& box, const Stencil3& st, const double* x, double* y, const double* nu);

/// psi <- b psi + a D1 p on the local lines `range` across `axis` (0 x, 1 y, 2 z); a and b are
/// indexed by the local index along the axis.
void cpmlPsi3(int axis, const Box3& box, const Stencil3& st, LineRange range, const double* p, double* psi,
              const double* a, const double* b);
/// zeta <- b zeta + a (D2 p + D1 psi); pNext += V (D1 psi + zeta); increment += D1 psi + zeta.
void cpmlApply3(int axis, const Box3& box, const Stencil3& st, LineRange range, const double* p, const double* psi,
                double* zeta, double* pNext, const double* vdt2, const double* a, const double* b, double* increment);
/// Lines next to a layer, where a = 0 and b = 1 (psi = zeta = 0 stay so): pNext += V D1 psi;
/// increment += D1 psi. Bitwise what cpmlApply3 gives there.
void cpmlRim3(int axis, const Box3& box, const Stencil3& st, LineRange range, const double* psi, double* pNext,
              const double* vdt2, double* increment);
/// zb <- nu + b zb; w1 <- a zb.
void cpmlAdjointZeta3(int axis, const Box3& box, LineRange range, const double* nu, double* zetaBar, double* w1,
                      const double* a, const double* b);
/// sb <- -D1 (nu + w1) + b sb; w2 <- a sb.
void cpmlAdjointPsi3(int axis, const Box3& box, const Stencil3& st, LineRange range, const double* nu,
                     const double* w1, double* psiBar, double* w2, const double* a, const double* b);
/// y += D2 w1 - D1 w2.
void cpmlAdjointApply3(int axis, const Box3& box, const Stencil3& st, LineRange range, const double* w1,
                       const double* w2, double* y);

}  // namespace pairinv::acoustic3d
