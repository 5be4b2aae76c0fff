#include "solvers/em/em_analytic.hpp"

#include <cmath>

#include "core/error.hpp"

namespace pairinv::em {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kEulerGamma = 0.57721566490153286061;

/// K0(z) = -(ln(z/2) + gamma_E) I0(z) + sum_{k>=1} H_k (z^2/4)^k / (k!)^2, H_k = 1 + ... + 1/k.
/// The two parts cancel for larger |z| (K0 ~ e^{-z}, I0 ~ e^{z}), losing about 2|z|/ln 10
/// digits; summing in long double keeps about 1e-10 relative accuracy up to |z| = 10.
Complex k0Series(Complex z) {
  using Wide = std::complex<long double>;
  const Wide w(z.real(), z.imag());
  const Wide q = 0.25L * w * w;
  Wide term = 1.0L, i0 = 1.0L, tail = 0.0L;
  long double harmonic = 0.0L;
  for (int k = 1; k < 500; ++k) {
    term *= q / (long double)(k * k);
    harmonic += 1.0L / k;
    i0 += term;
    tail += harmonic * term;
    if (std::abs(term) * harmonic < 1e-21L * std::abs(i0)) break;
  }
  const Wide k0 = -(std::log(0.5L * w) + (long double)kEulerGamma) * i0 + tail;
  return Complex(double(k0.real()), double(k0.imag()));
}

/// K0(z) ~ sqrt(pi / (2z)) e^{-z} sum_k (-1)^k [1^2 3^2 ... (2k-1)^2] / (k! (8z)^k), summed
/// until the terms stop decreasing.
Complex k0Asymptotic(Complex z) {
  Complex term = 1.0, sum = 1.0;
  for (int k = 1; k < 100; ++k) {
    const Complex next = term * (-double((2 * k - 1) * (2 * k - 1)) / (8.0 * k)) / z;
    if (std::abs(next) >= std::abs(term)) break;
    term = next;
    sum += term;
    if (std::abs(term) < 1e-17 * std::abs(sum)) break;
  }
  return std::sqrt(kPi / (2.0 * z)) * std::exp(-z) * sum;
}

}  // namespace

Complex besselK0(Complex z) {
  require(std::abs(z) > 0 && !(z.imag() == 0 && z.real() < 0), "K0 is not defined at z = ", z);
  return std::abs(z) < 10.0 ? k0Series(z) : k0Asymptotic(z);
}

double skinDepth(double frequency, double sigma) { return std::sqrt(2.0 / (2 * kPi * frequency * kMu0 * sigma)); }

Complex lineSourceField(double frequency, double sigma, double current, double r) {
  const double omega = 2 * kPi * frequency;
  const Complex gamma = std::sqrt(Complex(0.0, omega * kMu0 * sigma));
  return -Complex(0.0, omega * kMu0 * current / (2 * kPi)) * besselK0(gamma * r);
}

Complex layeredImpedance(double frequency, const std::vector<double>& sigma, const std::vector<double>& thickness) {
  require(!sigma.empty() && thickness.size() + 1 == sigma.size(), "layeredImpedance needs n conductivities and n-1 ",
          "thicknesses; got ", sigma.size(), " and ", thickness.size());
  const double omega = 2 * kPi * frequency;
  const auto zeta = [&](double s) { return Complex(0.0, omega * kMu0) / std::sqrt(Complex(0.0, omega * kMu0 * s)); };
  Complex z = zeta(sigma.back());
  for (std::size_t j = thickness.size(); j-- > 0;) {
    const Complex gamma = std::sqrt(Complex(0.0, omega * kMu0 * sigma[j]));
    const Complex zj = zeta(sigma[j]), t = std::tanh(gamma * thickness[j]);
    z = zj * (z + zj * t) / (zj + z * t);
  }
  return z;
}

double apparentResistivity(double frequency, Complex impedance) {
  return std::norm(impedance) / (2 * kPi * frequency * kMu0);
}

double phaseDegrees(Complex impedance) { return std::arg(impedance) * 180.0 / kPi; }

}  // namespace pairinv::em
