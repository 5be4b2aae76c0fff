// Closed-form EM solutions that the finite-volume solver is checked against (and that users
// may want for quick estimates). Time dependence e^{i omega t}; z is depth (positive down).
//
// Skin depth: delta = sqrt(2 / (omega mu0 sigma)) ~ 503 sqrt(1 / (sigma f)) m; fields decay as
// e^{-z/delta} and turn by one radian per delta. Propagation constant gamma = sqrt(i omega mu0
// sigma) = (1 + i) / delta.
//
// Line current I (along y) in a whole space of conductivity sigma:
//   E_y(r) = -(i omega mu0 I / (2 pi)) K0(gamma r),
// the Green's function of -lap E + gamma^2 E = -i omega mu0 I delta(x) in 2D.
//
// Magnetotellurics over layers (sigma_j, thickness h_j; the last is a half-space): with
// zeta_j = i omega mu0 / gamma_j, Z_N = zeta_N and upwards
//   Z_j = zeta_j (Z_{j+1} + zeta_j tanh(gamma_j h_j)) / (zeta_j + Z_{j+1} tanh(gamma_j h_j)),
// Z = Z_0 at the surface. Apparent resistivity rho_a = |Z|^2 / (omega mu0), phase = arg Z
// (45 degrees over a half-space, where rho_a = 1 / sigma).
#pragma once

#include <complex>
#include <vector>

namespace pairinv::em {

using Complex = std::complex<double>;

constexpr double kMu0 = 4e-7 * 3.14159265358979323846;  // H/m

/// Modified Bessel function K0(z) for Re z > 0 (and z off the negative real axis): the
/// ascending series for |z| < 10, the asymptotic expansion (optimally truncated) beyond.
/// Relative accuracy about 1e-9 or better (tested against independent values).
Complex besselK0(Complex z);

/// Skin depth in m for frequency f (Hz) and conductivity sigma (S/m).
double skinDepth(double frequency, double sigma);

/// E_y at distance r (m) from a line current I (A) in a whole space.
Complex lineSourceField(double frequency, double sigma, double current, double r);

/// Surface impedance of a layered earth. `sigma` lists the layers from the top, `thickness`
/// the thicknesses of all but the last (a half-space): thickness.size() == sigma.size() - 1.
Complex layeredImpedance(double frequency, const std::vector<double>& sigma, const std::vector<double>& thickness);

/// rho_a = |Z|^2 / (omega mu0) in ohm m and phase = arg Z in degrees.
double apparentResistivity(double frequency, Complex impedance);
double phaseDegrees(Complex impedance);

}  // namespace pairinv::em
