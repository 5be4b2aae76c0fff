// The closed-form references of solvers/em/em_analytic.hpp: complex K0 against independent
// values (std::cyl_bessel_k on the real axis, K0(ix) = -(pi/2)(Y0(x) + i J0(x)) on the imaginary
// axis, tabulated Kelvin functions ker 1 + i kei 1 = K0(e^{i pi/4}), and mpmath at other points),
// and the layered-earth impedance recursion in its limits.
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/em/em_analytic.hpp"

using pairinv::em::Complex;

namespace {

double relativeError(Complex a, Complex b) { return std::abs(a - b) / std::abs(b); }

}  // namespace

TEST(BesselK0, MatchesReferenceValues) {
  struct Case {
    Complex z, k0;
  };
  const double s = std::sqrt(0.5);
  const Case cases[] = {
      {{1.0, 0.0}, {0.42102443824070833334, 0.0}},
      {{0.1, 0.0}, {2.4270690247020166125, 0.0}},
      {{10.0, 0.0}, {1.7780062316167651811e-5, 0.0}},
      {{s, s}, {0.28670620872831604595, -0.49499463651871990035}},  // ker 1, kei 1 (A&S table 9.12)
      {{5 * s, 5 * s}, {-0.01151172719949066247, 0.011187586509869639657}},
      {{15 * s, 15 * s}, {-1.5143472073472069591e-8, 7.962894398377626618e-6}},
      {{0.3, 2.0}, {-0.56702443238330666207, -0.29805992708511132881}},
      {{9.5, 3.0}, {-2.9381770834221999994e-5, 2.3170321686725923664e-7}},
      {{40.0, 1.0}, {4.4459256602041640535e-19, -7.1170306550469118056e-19}},
  };
  for (const Case& c : cases) EXPECT_LT(relativeError(pairinv::em::besselK0(c.z), c.k0), 1e-9) << "z = " << c.z;
}

TEST(BesselK0, AgreesWithTheStandardLibraryOnTheRealAxis) {
  for (double x = 0.01; x < 30.0; x *= 1.37)
    EXPECT_LT(relativeError(pairinv::em::besselK0(x), std::cyl_bessel_k(0.0, x)), 1e-9) << "x = " << x;
}

TEST(BesselK0, AgreesWithHankelFunctionsOnTheImaginaryAxis) {
  const double pi = 3.14159265358979323846;
  for (double x = 0.05; x < 25.0; x *= 1.41) {
    const Complex expected = -0.5 * pi * Complex(std::cyl_neumann(0.0, x), std::cyl_bessel_j(0.0, x));
    EXPECT_LT(relativeError(pairinv::em::besselK0(Complex(0.0, x)), expected), 1e-9) << "x = " << x;
  }
}

TEST(BesselK0, SeriesAndAsymptoticBranchesMeetSmoothly) {
  const double pi = 3.14159265358979323846;
  for (double angle : {0.0, pi / 4, pi / 2}) {
    const Complex unit = std::polar(1.0, angle);
    const Complex inside = pairinv::em::besselK0((10.0 - 1e-9) * unit), outside = pairinv::em::besselK0(10.0 * unit);
    EXPECT_LT(relativeError(inside, outside), 3e-9) << "arg z = " << angle;
  }
}

TEST(MtImpedance, HalfSpaceHasRhoOneOverSigmaAndPhase45) {
  for (double f : {0.001, 1.0, 1000.0}) {
    const Complex z = pairinv::em::layeredImpedance(f, {0.02}, {});
    EXPECT_NEAR(pairinv::em::apparentResistivity(f, z), 50.0, 1e-9);
    EXPECT_NEAR(pairinv::em::phaseDegrees(z), 45.0, 1e-9);
  }
}

TEST(MtImpedance, LayersOfEqualConductivityAreAHalfSpace) {
  const Complex layered = pairinv::em::layeredImpedance(0.3, {0.1, 0.1, 0.1}, {200.0, 700.0});
  EXPECT_LT(relativeError(layered, pairinv::em::layeredImpedance(0.3, {0.1}, {})), 1e-12);
}

TEST(MtImpedance, SeesTheTopLayerAtHighAndTheBasementAtLowFrequency) {
  const std::vector<double> sigma = {0.01, 1.0}, thickness = {1000.0};
  EXPECT_NEAR(pairinv::em::apparentResistivity(1e4, pairinv::em::layeredImpedance(1e4, sigma, thickness)), 100.0, 0.5);
  EXPECT_NEAR(pairinv::em::apparentResistivity(1e-5, pairinv::em::layeredImpedance(1e-5, sigma, thickness)), 1.0, 0.05);
}

TEST(SkinDepth, IsAbout503MetresForOneOhmMetreAtOneHertz) {
  EXPECT_NEAR(pairinv::em::skinDepth(1.0, 1.0), 503.29, 0.01);
}
