// The increment a forward step writes for the gradient (PackedIncrement, wave_kernels.hpp):
//  - asking for it leaves the step bitwise unchanged, with ordinary and with streaming stores;
//  - it is D^n = p^{n+1} - p^n - B (p^n - p^{n-1}) = V a^n on every row the free surface keeps,
//    CPML terms and the source included (checked against AcousticPropagator::acceleration);
//  - streamed and ordinary stores write the same bits; nothing is written past the last
//    register-wide block of a row (4 doubles or 8 floats: the gradient pads its rows to that).
// On a homogeneous model V = v^2 dt^2 is one number, so a^n times V is D. Both precisions, and
// double stepping with float increments (-acoustic_stored_precision single); the tolerance on D
// is about 450 units of the stored type's round-off.
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

class StepIncrement : public ::testing::TestWithParam<std::tuple<Case, AcousticPrecision, StoredPrecision>> {
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
    config_.storedPrecision = std::get<2>(GetParam());
    if (c == Case::PmlFreeSurface) {
      config_.freeSurface = true;
      pairinv::testing::setAbsorbingSides(config_, false, true, true, true);
    }
    if (c == Case::Damping) config_.boundary = Boundary::Damping;
    validateAcousticConfig(config_, model_);
    config_.dampingVelocity = config_.pmlVelocity = kVelocity;
  }
  template <class Real, class Out>
  void check();
  static constexpr double kVelocity = 2000.0;
  static constexpr int kSteps = 40;
  Field2D model_;
  AcousticConfig config_;
};

template <class Real, class Out>
void StepIncrement::check() {
  // Arrange: three propagators of the same shot; packed rows padded to whole registers.
  constexpr int W = 32 / int(sizeof(Real));  // the last block of a row: W increments
  AcousticPropagator<Real> plain(PETSC_COMM_SELF, model_, config_), ordinary(PETSC_COMM_SELF, model_, config_),
      streamed(PETSC_COMM_SELF, model_, config_);
  const LocalBox& box = plain.localBox();
  const std::ptrdiff_t stride = (box.xm + 7) / 8 * 8 + 8;  // 32-byte rows in either type, one spare register
  const std::size_t packed = std::size_t(box.zm) * std::size_t(stride), owned = plain.ownedSize();
  const Out sentinel = Out(-12345.0);
  std::unique_ptr<Out, Aligned> dOrdinary(static_cast<Out*>(std::aligned_alloc(64, packed * sizeof(Out))));
  std::unique_ptr<Out, Aligned> dStreamed(static_cast<Out*>(std::aligned_alloc(64, packed * sizeof(Out))));
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
    ordinary.advance(wavelet[std::size_t(n)], nullptr, PackedIncrement<Out>{dOrdinary.get(), stride, false});
    streamed.advance(wavelet[std::size_t(n)], nullptr, PackedIncrement<Out>{dStreamed.get(), stride, true});
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
          worst = std::max(worst, std::abs(double(dOrdinary.get()[c]) - double(V * acc[std::size_t(i)])) / scale);
      }
    for (int iz = 0; iz < box.zm; ++iz)
      for (std::ptrdiff_t ix = box.xm + W; ix < stride; ++ix) ASSERT_EQ(dOrdinary.get()[iz * stride + ix], sentinel);
  }
  EXPECT_LT(worst, 450 * double(std::numeric_limits<Out>::epsilon()));
  EXPECT_GT(std::abs(pNext[std::size_t(box.zm / 2) * std::size_t(box.xm) + std::size_t(box.xm / 2)]), Real(0));
}

TEST_P(StepIncrement, IsTheStepsIncrementAndLeavesTheStepUnchanged) {
  withPrecision(config_.precision, [&](auto real) {
    using Real = decltype(real);
    if (config_.storedPrecision == StoredPrecision::Single) check<Real, float>();
    else check<Real, Real>();
  });
}

INSTANTIATE_TEST_SUITE_P(Boundaries, StepIncrement,
                         ::testing::Combine(::testing::Values(Case::Pml, Case::PmlFreeSurface, Case::Damping),
                                            ::testing::Values(AcousticPrecision::Double, AcousticPrecision::Single),
                                            ::testing::Values(StoredPrecision::Solver, StoredPrecision::Single)),
                         [](const auto& info) {
                           const Case c = std::get<0>(info.param);
                           return std::string(c == Case::Pml ? "Pml" : c == Case::Damping ? "Damping" : "PmlFreeSurface") +
                                  "_" + nameOf(std::get<1>(info.param), kPrecisionNames) + "_stored_" +
                                  nameOf(std::get<2>(info.param), kStoredPrecisionNames);
                         });

}  // namespace
}  // namespace pairinv::acoustic
