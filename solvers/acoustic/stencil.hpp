// Central finite-difference coefficients on a uniform grid, for orders 2, 4 and 8.
//
//   d2u/dx2 ~ (c[0] u_i + sum_{k=1..r} c[k] (u_{i+k} + u_{i-k})) / h^2
//   du/dx   ~ (sum_{k=1..r} d[k] (u_{i+k} - u_{i-k})) / h
//
// with radius r = order/2 (d[0] unused). These are the standard Taylor (Fornberg) weights.
#pragma once

#include <array>

namespace pairinv::acoustic {

constexpr int kMaxRadius = 4;

struct StencilCoefficients {
  int radius = 0;
  std::array<double, kMaxRadius + 1> second{};  // c[0..r]
  std::array<double, kMaxRadius + 1> first{};   // d[1..r]
};

/// Coefficients for order 2, 4 or 8; throws InputError for any other order.
StencilCoefficients stencilForOrder(int order);

/// Largest value over wavenumbers of -(symbol of the 1D second-derivative stencil) * h^2,
/// i.e. the spectral radius that bounds the time step (4 for order 2, 16/3 for order 4, ...).
double secondDerivativeSpectralRadius(const StencilCoefficients& s);

}  // namespace pairinv::acoustic
