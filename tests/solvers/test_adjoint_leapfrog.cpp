// The fused adjoint leapfrog + imaging kernel (adjoint_leapfrog.hpp) against references:
//  - the register-blocked kernel against the same arithmetic one point at a time,
//  - its step in mu = V x against the transposed step of adjoint_kernels.hpp in x, times V,
//  - its image against the imaging condition written out here,
// to round-off, for stencil radii 1, 2, 4, with and without damping, on boxes whose widths
// leave every remainder modulo 4 (so the blocked code's tail loop runs too), with packed rows
// longer than the box's (as the gradient pads them); in both precisions (AcousticPrecision),
// with tolerances of a few units of each one's round-off.
#include <gtest/gtest.h>

#include <random>
#include <tuple>
#include <vector>

#include "acoustic_test_support.hpp"
#include "solvers/acoustic/adjoint_kernels.hpp"
#include "solvers/acoustic/acoustic_propagator.hpp"
#include "solvers/acoustic/adjoint_leapfrog.hpp"
#include "solvers/acoustic/stencil.hpp"

namespace pairinv::acoustic {
namespace {

using pairinv::testing::relativeL2;

template <class Real>
std::vector<Real> randomField(std::size_t n, unsigned seed, double lo, double hi) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> draw(lo, hi);
  std::vector<Real> v(n);
  for (Real& x : v) x = Real(draw(engine));
  return v;
}

/// Round-off of one kernel application in Real, relative: 1e-14 in double, 1e-6 in float.
template <class Real>
constexpr double kRoundOff = std::is_same_v<Real, float> ? 1e-6 : 1e-14;

template <class Real>
std::vector<double> widen(const std::vector<Real>& f) {
  return std::vector<double>(f.begin(), f.end());
}

/// Arrays of one test: x, y and V, B over the whole LocalBox storage (halos included, as if
/// exchanged), the packed increment D of the forward step and an image that already holds a sum
/// (packed rows of `stride` >= xm doubles).
template <class Real>
struct Arrays {
  LocalBox box;
  ScaledStencil stencil;
  std::ptrdiff_t stride = 0;
  std::vector<Real> x, y, V, B, D, image;
  Arrays(int order, int zm, int xm) {
    const StencilCoefficients c = stencilForOrder(order);
    stencil = scaledStencil(c, 10.0, 12.5);
    box = LocalBox{0, 0, zm, xm, c.radius};
    stride = xm + 3;
    const std::size_t n = box.storage(), packed = std::size_t(zm) * std::size_t(stride);
    x = randomField<Real>(n, 1, -1.0, 1.0), y = randomField<Real>(n, 2, -1.0, 1.0);
    V = randomField<Real>(n, 3, 1e-3, 4e-2), B = randomField<Real>(n, 4, 0.9, 1.0);
    D = randomField<Real>(packed, 5, -1.0, 1.0), image = randomField<Real>(packed, 8, -1.0, 1.0);
  }
  std::vector<Real> scaled(const std::vector<Real>& f) const {
    std::vector<Real> s(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) s[i] = V[i] * f[i];
    return s;
  }
  PackedImaging<Real> imaging(std::vector<Real>& img) const { return {D.data(), img.data(), stride}; }
  /// Owned points of a LocalBox field, packed.
  std::vector<double> owned(const std::vector<Real>& f) const {
    std::vector<double> o;
    for (int iz = 0; iz < box.zm; ++iz)
      for (int ix = 0; ix < box.xm; ++ix) o.push_back(f[std::size_t(box.offset(iz, ix))]);
    return o;
  }
};

class AdjointLeapfrog : public ::testing::TestWithParam<std::tuple<int, bool, int, AcousticPrecision>> {};

template <class Real>
void blockedMatchesReference(int order, bool damped, int xm) {
  Arrays<Real> a(order, 11, xm);
  const std::vector<Real> mu = a.scaled(a.x);
  std::vector<Real> fastNext = a.scaled(a.y), refNext = fastNext, fastImage = a.image, refImage = a.image;
  const Real* B = damped ? a.B.data() : nullptr;
  adjointLeapfrogImaging(a.box, a.stencil, mu.data(), fastNext.data(), a.V.data(), B, a.imaging(fastImage));
  adjointLeapfrogImagingReference(a.box, a.stencil, mu.data(), refNext.data(), a.V.data(), B, a.imaging(refImage));
  EXPECT_LT(relativeL2(a.owned(fastNext), a.owned(refNext)), kRoundOff<Real>);
  EXPECT_LT(relativeL2(widen(fastImage), widen(refImage)), kRoundOff<Real>);
  // Halos are read, never written.
  for (int ix = -a.box.radius; ix < 0; ++ix)
    EXPECT_EQ(fastNext[std::size_t(a.box.offset(0, ix))], refNext[std::size_t(a.box.offset(0, ix))]);
}

template <class Real>
void scaledStepIsTransposedStep(int order, bool damped, int xm) {
  Arrays<Real> a(order, 11, xm);
  const Real* B = damped ? a.B.data() : nullptr;
  // Reference: y' = x + B (x - y) + L (V x), in x (adjoint_kernels.hpp).
  std::vector<Real> y = a.y;
  const std::vector<Real> nu = a.scaled(a.x);
  adjointLeapfrogStep(a.box, a.stencil, a.x.data(), y.data(), nu.data(), B);
  // Fused kernel in mu = V x must give V y'.
  std::vector<Real> muNext = a.scaled(a.y), image = a.image;
  adjointLeapfrogImaging(a.box, a.stencil, nu.data(), muNext.data(), a.V.data(), B, a.imaging(image));
  EXPECT_LT(relativeL2(a.owned(muNext), a.owned(a.scaled(y))), 10 * kRoundOff<Real>);
  // Image: += V x D at owned points, written out; the rows' padding is left alone.
  std::vector<double> expected = widen(a.image);
  for (int iz = 0; iz < a.box.zm; ++iz)
    for (int ix = 0; ix < a.box.xm; ++ix) {
      const std::size_t c = std::size_t(iz) * std::size_t(a.stride) + std::size_t(ix);
      expected[c] += double(a.V[std::size_t(a.box.offset(iz, ix))]) * double(a.x[std::size_t(a.box.offset(iz, ix))]) *
                     double(a.D[c]);
    }
  EXPECT_LT(relativeL2(widen(image), expected), kRoundOff<Real>);
  for (int iz = 0; iz < a.box.zm; ++iz)
    for (std::ptrdiff_t ix = a.box.xm; ix < a.stride; ++ix)
      EXPECT_EQ(image[std::size_t(iz * a.stride + ix)], a.image[std::size_t(iz * a.stride + ix)]);
}

TEST_P(AdjointLeapfrog, BlockedKernelMatchesPointwiseReference) {
  const auto [order, damped, xm, precision] = GetParam();
  withPrecision(precision, [&](auto real) { blockedMatchesReference<decltype(real)>(order, damped, xm); });
}

TEST_P(AdjointLeapfrog, ScaledStepIsTheTransposedStepTimesV) {
  const auto [order, damped, xm, precision] = GetParam();
  withPrecision(precision, [&](auto real) { scaledStepIsTransposedStep<decltype(real)>(order, damped, xm); });
}

// Widths 3 and 16 - 19 leave every remainder modulo 4 (double's register); 7, 24 and 31 add
// remainders modulo 8 (float's).
INSTANTIATE_TEST_SUITE_P(RadiiDampingWidths, AdjointLeapfrog,
                         ::testing::Combine(::testing::Values(2, 4, 8), ::testing::Bool(),
                                            ::testing::Values(3, 7, 16, 17, 18, 19, 24, 31),
                                            ::testing::Values(AcousticPrecision::Double, AcousticPrecision::Single)),
                         [](const auto& info) {
                           return "order" + std::to_string(std::get<0>(info.param)) +
                                  (std::get<1>(info.param) ? "_damped_" : "_plain_") + "width" +
                                  std::to_string(std::get<2>(info.param)) + "_" +
                                  nameOf(std::get<3>(info.param), kPrecisionNames);
                         });

}  // namespace
}  // namespace pairinv::acoustic
