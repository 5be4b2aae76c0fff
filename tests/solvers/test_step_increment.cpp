// The increment a forward step writes for the gradient (PackedIncrement, wave_kernels.hpp):
//  - asking for it leaves the step bitwise unchanged, with ordinary and with streaming stores;
//  - it is D^n = p^{n+1} - p^n - B (p^n - p^{n-1}) = V a^n on every row the free surface keeps,
//    CPML terms and the source included (checked against AcousticPropagator::acceleration);
//  - streamed and ordinary stores write the same bits; nothing is written past the last
//    register-wide block of a row (4 doubles or 8 floats: the gradient pads its rows to that).
// On a homogeneous model V = v^2 dt^2 is one number, so a^n times V is D. Both precisions; the
// tolerance on D is about 450 units of each one's round-off.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <tuple>
#include <vector>

#include "acoustic_test_support.hpp"
#include "solvers/acoustic/acoustic_propagator.hpp"

namespace pairinv::acoustic {
namespace {

enum class Case { Pml, PmlFreeSurface, Damping };

struct Aligned {
  void operator()(void* p) const { std::free(p); }
};

class StepIncrement : public ::testing::TestWithParam<std::tuple<Case, AcousticPrecision>> {
 protected:
  void SetUp() override {
    model_ = pairinv::testing::homogeneousModel(18, 23, 10.0, kVelocity);
    config_ = pairinv::testing::plainConfig(4, 1e-3, kSteps, 15.0);
    config_.dt = 0.5 * maxStableDt(4, model_.grid, kVelocity);
    config_.padCells = 6;
    config_.sources = {{4, 11}};
    config_.receivers = {{2, 5}};
    const Case c = std::get<0>(GetParam());
    config_.precision = std::get<1>(GetParam());
    if (c == Case::PmlFreeSurface) {
      config_.freeSurface = true;
      pairinv::testing::setAbsorbingSides(config_, false, true, true, true);
    }
    if (c == Case::Damping) config_.boundary = Boundary::Damping;
    validateAcousticConfig(config_, model_);
    config_.dampingVelocity = config_.pmlVelocity = kVelocity;
  }
  template <class Real>
  void check();
  static constexpr double kVelocity = 2000.0;
  static constexpr int kSteps = 40;
  Field2D model_;
  AcousticConfig config_;
};

template <class Real>
void StepIncrement::check() {
  // Arrange: three propagators of the same shot; packed rows padded to whole registers.
  constexpr int W = 32 / int(sizeof(Real));
  AcousticPropagator<Real> plain(PETSC_COMM_SELF, model_, config_), ordinary(PETSC_COMM_SELF, model_, config_),
      streamed(PETSC_COMM_SELF, model_, config_);
  const LocalBox& box = plain.localBox();
  const std::ptrdiff_t stride = (box.xm + W - 1) / W * W + W;
  const std::size_t packed = std::size_t(box.zm) * std::size_t(stride), owned = plain.ownedSize();
  const Real sentinel = Real(-12345.0);
  std::unique_ptr<Real, Aligned> dOrdinary(static_cast<Real*>(std::aligned_alloc(64, packed * sizeof(Real))));
  std::unique_ptr<Real, Aligned> dStreamed(static_cast<Real*>(std::aligned_alloc(64, packed * sizeof(Real))));
  std::vector<Real> pPrev(owned), p(owned), pNext(owned), acc(box.storage());
  const GridPoint source = config_.sources.front();
  const std::vector<double> wavelet = makeWavelet(config_);
  for (auto* prop : {&plain, &ordinary, &streamed}) prop->startShot(source);
  const Real V = Real(kVelocity * kVelocity * config_.dt * config_.dt);
  const int firstKept = config_.freeSurface ? 1 : 0;
  double worst = 0.0;

  for (int n = 0; n < kSteps; ++n) {
    std::fill(dOrdinary.get(), dOrdinary.get() + packed, sentinel);
    std::fill(dStreamed.get(), dStreamed.get() + packed, sentinel);
    plain.copyOwned(plain.previousField(), pPrev.data());
    plain.copyOwned(plain.field(), p.data());
    // Act
    plain.advance(wavelet[std::size_t(n)]);
    ordinary.advance(wavelet[std::size_t(n)], nullptr, PackedIncrement<Real>{dOrdinary.get(), stride, false});
    streamed.advance(wavelet[std::size_t(n)], nullptr, PackedIncrement<Real>{dStreamed.get(), stride, true});
    // Assert: the same step; D as recovered from three fields; the padding untouched.
    plain.copyOwned(plain.field(), pNext.data());
    plain.acceleration(pNext.data(), p.data(), pPrev.data(), acc.data());
    double scale = 0.0;
    for (std::size_t i = 0; i < owned; ++i) scale = std::max(scale, double(std::abs(pNext[i])));
    for (int iz = 0; iz < box.zm; ++iz)
      for (int ix = 0; ix < box.xm; ++ix) {
        const std::ptrdiff_t i = box.offset(iz, ix);
        const std::size_t c = std::size_t(iz * stride + ix);
        ASSERT_EQ(ordinary.field()[i], plain.field()[i]) << "step " << n << " at " << iz << ", " << ix;
        ASSERT_EQ(streamed.field()[i], plain.field()[i]) << "step " << n << " at " << iz << ", " << ix;
        ASSERT_EQ(dStreamed.get()[c], dOrdinary.get()[c]);
        if (iz >= firstKept && scale > 0.0)
          worst = std::max(worst, double(std::abs(dOrdinary.get()[c] - V * acc[std::size_t(i)])) / scale);
      }
    for (int iz = 0; iz < box.zm; ++iz)
      for (std::ptrdiff_t ix = box.xm + W; ix < stride; ++ix) ASSERT_EQ(dOrdinary.get()[iz * stride + ix], sentinel);
  }
  EXPECT_LT(worst, 450 * double(std::numeric_limits<Real>::epsilon()));
  EXPECT_GT(std::abs(pNext[std::size_t(box.zm / 2) * std::size_t(box.xm) + std::size_t(box.xm / 2)]), Real(0));
}

TEST_P(StepIncrement, IsTheStepsIncrementAndLeavesTheStepUnchanged) {
  withPrecision(config_.precision, [&](auto real) { check<decltype(real)>(); });
}

INSTANTIATE_TEST_SUITE_P(Boundaries, StepIncrement,
                         ::testing::Combine(::testing::Values(Case::Pml, Case::PmlFreeSurface, Case::Damping),
                                            ::testing::Values(AcousticPrecision::Double, AcousticPrecision::Single)),
                         [](const auto& info) {
                           const Case c = std::get<0>(info.param);
                           return std::string(c == Case::Pml ? "Pml" : c == Case::Damping ? "Damping" : "PmlFreeSurface") +
                                  "_" + nameOf(std::get<1>(info.param), kPrecisionNames);
                         });

}  // namespace
}  // namespace pairinv::acoustic
