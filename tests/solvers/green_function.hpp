// The analytic response of the 2D acoustic whole space to a point source, for comparing traces.
//
// (1/c^2) u_tt - lap u = s(t) delta(x) has the Green's function G = H(t - r/c) / (2 pi sqrt(t^2 -
// r^2/c^2)), so u(r, t) = (G * s)(t). The substitution tau = (r/c) cosh(theta) removes the
// inverse square-root singularity at the wavefront:
//
//   u(r, t) = 1/(2 pi) integral_0^acosh(t c / r) s(t - (r/c) cosh(theta)) d theta,
//
// with s = 0 before t = 0. The integrand is smooth on that interval, so composite Simpson with
// a step of 2.5e-4 is accurate to about 1e-10 relative for a Ricker source (checked in the tests
// by halving the step).
#pragma once

#include <cmath>

namespace pairinv::testing {

/// The Ricker wavelet (1 - 2 beta) exp(-beta), beta = (pi f (t - delay))^2, and 0 for t < 0.
inline double rickerAt(double peakFrequency, double delay, double t) {
  if (t < 0.0) return 0.0;
  const double a = M_PI * peakFrequency * (t - delay);
  return (1.0 - 2.0 * a * a) * std::exp(-a * a);
}

/// u(r, t) for the source time function `source` (a callable double -> double, zero for t < 0).
template <typename Source>
double wholeSpaceResponse2D(const Source& source, double r, double c, double t, double maxStep = 2.5e-4) {
  const double travel = r / c;
  if (t <= travel) return 0.0;
  const double thetaMax = std::acosh(t / travel);
  int n = 2 * int(std::ceil(thetaMax / maxStep / 2.0));
  if (n < 2) n = 2;
  const double h = thetaMax / n;
  // At theta_max the argument is exactly 0 (computed, it may round to -1e-17 and miss s(0)).
  double sum = source(t - travel) + source(0.0);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4.0 : 2.0) * source(t - travel * std::cosh(i * h));
  return sum * h / 3.0 / (2.0 * M_PI);
}

}  // namespace pairinv::testing
