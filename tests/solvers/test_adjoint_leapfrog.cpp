// The fused adjoint leapfrog + imaging kernel (adjoint_leapfrog.hpp) against references:
//  - the register-blocked kernel against the same arithmetic one point at a time,
//  - its step in mu = V x against the transposed step of adjoint_kernels.hpp in x, times V,
//  - its image against the imaging condition written out here,
// to round-off, for stencil radii 1, 2, 4, with and without damping, on boxes whose widths
// leave every remainder modulo 4 (so the blocked code's tail loop runs too), with packed rows
// longer than the box's (as the gradient pads them).
#include <gtest/gtest.h>

#include <random>
#include <tuple>
#include <vector>

#include "acoustic_test_support.hpp"
#include "solvers/acoustic/adjoint_kernels.hpp"
#include "solvers/acoustic/adjoint_leapfrog.hpp"
#include "solvers/acoustic/stencil.hpp"

namespace pairinv::acoustic {
namespace {

using pairinv::testing::relativeL2;

std::vector<double> randomField(std::size_t n, unsigned seed, double lo, double hi) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> draw(lo, hi);
  std::vector<double> v(n);
  for (double& x : v) x = draw(engine);
  return v;
}

/// Arrays of one test: x, y and V, B over the whole LocalBox storage (halos included, as if
/// exchanged), the packed increment D of the forward step and an image that already holds a sum
/// (packed rows of `stride` >= xm doubles).
struct Arrays {
  LocalBox box;
  ScaledStencil stencil;
  std::ptrdiff_t stride = 0;
  std::vector<double> x, y, V, B, D, image;
  Arrays(int order, int zm, int xm) {
    const StencilCoefficients c = stencilForOrder(order);
    stencil = scaledStencil(c, 10.0, 12.5);
    box = LocalBox{0, 0, zm, xm, c.radius};
    stride = xm + 3;
    const std::size_t n = box.storage(), packed = std::size_t(zm) * std::size_t(stride);
    x = randomField(n, 1, -1.0, 1.0), y = randomField(n, 2, -1.0, 1.0);
    V = randomField(n, 3, 1e-3, 4e-2), B = randomField(n, 4, 0.9, 1.0);
    D = randomField(packed, 5, -1.0, 1.0), image = randomField(packed, 8, -1.0, 1.0);
  }
  std::vector<double> scaled(const std::vector<double>& f) const {
    std::vector<double> s(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) s[i] = V[i] * f[i];
    return s;
  }
  PackedImaging imaging(std::vector<double>& img) const { return {D.data(), img.data(), stride}; }
  /// Owned points of a LocalBox field, packed.
  std::vector<double> owned(const std::vector<double>& f) const {
    std::vector<double> o;
    for (int iz = 0; iz < box.zm; ++iz)
      for (int ix = 0; ix < box.xm; ++ix) o.push_back(f[std::size_t(box.offset(iz, ix))]);
    return o;
  }
};

class AdjointLeapfrog : public ::testing::TestWithParam<std::tuple<int, bool, int>> {};

TEST_P(AdjointLeapfrog, BlockedKernelMatchesPointwiseReference) {
  const auto [order, damped, xm] = GetParam();
  Arrays a(order, 11, xm);
  const std::vector<double> mu = a.scaled(a.x);
  std::vector<double> fastNext = a.scaled(a.y), refNext = fastNext, fastImage = a.image, refImage = a.image;
  const double* B = damped ? a.B.data() : nullptr;
  adjointLeapfrogImaging(a.box, a.stencil, mu.data(), fastNext.data(), a.V.data(), B, a.imaging(fastImage));
  adjointLeapfrogImagingReference(a.box, a.stencil, mu.data(), refNext.data(), a.V.data(), B, a.imaging(refImage));
  EXPECT_LT(relativeL2(a.owned(fastNext), a.owned(refNext)), 1e-14);
  EXPECT_LT(relativeL2(fastImage, refImage), 1e-14);
  // Halos are read, never written.
  for (int ix = -a.box.radius; ix < 0; ++ix)
    EXPECT_EQ(fastNext[std::size_t(a.box.offset(0, ix))], refNext[std::size_t(a.box.offset(0, ix))]);
}

TEST_P(AdjointLeapfrog, ScaledStepIsTheTransposedStepTimesV) {
  const auto [order, damped, xm] = GetParam();
  Arrays a(order, 11, xm);
  const double* B = damped ? a.B.data() : nullptr;
  // Reference: y' = x + B (x - y) + L (V x), in x (adjoint_kernels.hpp).
  std::vector<double> y = a.y;
  const std::vector<double> nu = a.scaled(a.x);
  adjointLeapfrogStep(a.box, a.stencil, a.x.data(), y.data(), nu.data(), B);
  // Fused kernel in mu = V x must give V y'.
  std::vector<double> muNext = a.scaled(a.y), image = a.image;
  adjointLeapfrogImaging(a.box, a.stencil, nu.data(), muNext.data(), a.V.data(), B, a.imaging(image));
  EXPECT_LT(relativeL2(a.owned(muNext), a.owned(a.scaled(y))), 1e-13);
  // Image: += V x D at owned points, written out; the rows' padding is left alone.
  std::vector<double> expected = a.image;
  for (int iz = 0; iz < a.box.zm; ++iz)
    for (int ix = 0; ix < a.box.xm; ++ix) {
      const std::size_t c = std::size_t(iz) * std::size_t(a.stride) + std::size_t(ix);
      expected[c] += a.V[std::size_t(a.box.offset(iz, ix))] * a.x[std::size_t(a.box.offset(iz, ix))] * a.D[c];
    }
  EXPECT_LT(relativeL2(image, expected), 1e-14);
  for (int iz = 0; iz < a.box.zm; ++iz)
    for (std::ptrdiff_t ix = a.box.xm; ix < a.stride; ++ix)
      EXPECT_EQ(image[std::size_t(iz * a.stride + ix)], a.image[std::size_t(iz * a.stride + ix)]);
}

INSTANTIATE_TEST_SUITE_P(RadiiDampingWidths, AdjointLeapfrog,
                         ::testing::Combine(::testing::Values(2, 4, 8), ::testing::Bool(),
                                            ::testing::Values(3, 16, 17, 18, 19)),
                         [](const auto& info) {
                           return "order" + std::to_string(std::get<0>(info.param)) +
                                  (std::get<1>(info.param) ? "_damped_" : "_plain_") + "width" +
                                  std::to_string(std::get<2>(info.param));
                         });

}  // namespace
}  // namespace pairinv::acoustic
