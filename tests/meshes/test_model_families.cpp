// Model families: every family draws models on its grid within its stated value range; sample i
// depends only on (family, options, seed, i); each family has the structure it promises
// (monotone or random layer order, flat or curved interfaces, faults, smooth fields, air over
// earth); options are validated with messages that name the option.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "meshes/model_families.hpp"
#include "meshes/sample_rng.hpp"
#include "test_support.hpp"

namespace pairinv {
namespace {

using testing::inputErrorMessage;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool columnIsNonDecreasing(const Field2D& m, int ix) {
  for (int iz = 1; iz < m.grid.nz; ++iz)
    if (m.at(iz, ix) < m.at(iz - 1, ix)) return false;
  return true;
}

bool columnsAreIdentical(const Field2D& m) {
  for (int iz = 0; iz < m.grid.nz; ++iz)
    for (int ix = 1; ix < m.grid.nx; ++ix)
      if (m.at(iz, ix) != m.at(iz, 0)) return false;
  return true;
}

Field2D sample(const std::string& family, std::uint64_t index, std::uint64_t seed = 7,
               const FamilyOptions& changes = {}) {
  const ModelFamily& f = findModelFamily(family);
  FamilyOptions options = defaultFamilyOptions(f);
  for (const auto& [name, value] : changes) options[name] = value;
  validateFamilyOptions(f, options);
  return generateModel(f, options, seed, index);
}

// --- the counter-based generator ---

TEST(SampleRng, SplitMixMatchesTheReferenceSequence) {
  // First output of Vigna's splitmix64.c started from state 0.
  EXPECT_EQ(splitmix64(0), 0xe220a8397b1dcdafULL);
}

TEST(SampleRng, DrawsDependOnlyOnSeedIndexAndStream) {
  SampleRng a(3, 10, SampleStream::Model), b(3, 10, SampleStream::Model);
  SampleRng otherIndex(3, 11, SampleStream::Model), otherSeed(4, 10, SampleStream::Model),
      otherStream(3, 10, SampleStream::Noise);

  const double first = a.uniform();

  EXPECT_EQ(first, b.uniform());
  EXPECT_NE(first, otherIndex.uniform());
  EXPECT_NE(first, otherSeed.uniform());
  EXPECT_NE(first, otherStream.uniform());
}

TEST(SampleRng, DistributionsHaveTheirRangesAndMoments) {
  SampleRng rng(1, 2, SampleStream::Model);
  std::set<int> integers;
  double sum = 0, sumSquares = 0, minUniform = 1, maxUniform = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    integers.insert(rng.integer(2, 5));
    const double u = rng.uniform();
    minUniform = std::min(minUniform, u), maxUniform = std::max(maxUniform, u);
    const double g = rng.normal();
    sum += g, sumSquares += g * g;
  }
  EXPECT_EQ(integers, (std::set<int>{2, 3, 4, 5}));
  EXPECT_GE(minUniform, 0.0);
  EXPECT_LT(maxUniform, 1.0);
  EXPECT_NEAR(sum / n, 0.0, 0.03);
  EXPECT_NEAR(sumSquares / n, 1.0, 0.05);
  const double s = rng.logUniform(1e-4, 10.0);
  EXPECT_TRUE(s >= 1e-4 && s <= 10.0) << s;
}

// --- properties shared by every family ---

class EveryFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryFamily, DrawsOnItsGridWithinItsValueRange) {
  const ModelFamily& f = findModelFamily(GetParam());
  const FamilyOptions options = defaultFamilyOptions(f);
  validateFamilyOptions(f, options);
  const auto [lo, hi] = f.valueRange(options);

  for (std::uint64_t i = 0; i < 5; ++i) {
    const Field2D m = generateModel(f, options, 11, i);

    ASSERT_EQ(m.grid.nz, int(options.at("nz")));
    ASSERT_EQ(m.grid.nx, int(options.at("nx")));
    EXPECT_EQ(m.grid.dz, options.at("dz"));
    ASSERT_EQ(m.values.size(), m.grid.size());
    EXPECT_GE(m.min(), lo) << "sample " << i;
    EXPECT_LE(m.max(), hi) << "sample " << i;
    EXPECT_GT(m.min(), 0.0);
  }
}

TEST_P(EveryFamily, SampleDependsOnlyOnSeedAndIndex) {
  const Field2D first = sample(GetParam(), 4);

  const Field2D again = sample(GetParam(), 4);
  const Field2D nextIndex = sample(GetParam(), 5);
  const Field2D otherSeed = sample(GetParam(), 4, 8);

  EXPECT_EQ(first.values, again.values);
  EXPECT_NE(first.values, nextIndex.values);
  EXPECT_NE(first.values, otherSeed.values);
}

INSTANTIATE_TEST_SUITE_P(Families, EveryFamily, ::testing::ValuesIn(modelFamilyNames()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// --- the structure each family promises ---

TEST(ModelFamilies, FlatVelAHasFlatLayersIncreasingWithDepth) {
  for (std::uint64_t i = 0; i < 10; ++i) {
    const Field2D m = sample("flatvel-a", i);
    std::set<double> layers(m.values.begin(), m.values.end());

    EXPECT_TRUE(columnsAreIdentical(m)) << "sample " << i;
    EXPECT_TRUE(columnIsNonDecreasing(m, 0)) << "sample " << i;
    EXPECT_GE(layers.size(), 1u);
    EXPECT_LE(layers.size(), 5u);
  }
}

TEST(ModelFamilies, FlatVelBHasLayersInRandomOrder) {
  int nonMonotone = 0;
  for (std::uint64_t i = 0; i < 20; ++i) nonMonotone += !columnIsNonDecreasing(sample("flatvel-b", i), 0);

  EXPECT_GT(nonMonotone, 5);
}

TEST(ModelFamilies, CurveVelAHasCurvedLayersIncreasingWithDepth) {
  int curved = 0;
  for (std::uint64_t i = 0; i < 10; ++i) {
    const Field2D m = sample("curvevel-a", i);
    curved += !columnsAreIdentical(m);
    for (int ix = 0; ix < m.grid.nx; ++ix) ASSERT_TRUE(columnIsNonDecreasing(m, ix)) << "sample " << i;
  }
  EXPECT_GE(curved, 9);
}

TEST(ModelFamilies, FlatFaultOffsetsFlatLayers) {
  // With one vertical fault and a large throw every sample with more than one layer is offset.
  int offset = 0;
  for (std::uint64_t i = 0; i < 10; ++i) {
    const Field2D m = sample("flatfault-a", i, 7,
                             {{"faults_min", 1}, {"faults_max", 1}, {"dip_min", 90}, {"dip_max", 90},
                              {"throw_min", 100}, {"throw_max", 100}, {"layers_min", 3}});
    offset += !columnsAreIdentical(m);
  }
  EXPECT_EQ(offset, 10);
}

TEST(ModelFamilies, WithoutFaultsFlatFaultIsFlatVel) {
  const Field2D m = sample("flatfault-a", 3, 7, {{"faults_min", 0}, {"faults_max", 0}});

  EXPECT_TRUE(columnsAreIdentical(m));
}

TEST(ModelFamilies, BodiesArePaintedOverTheLayersOnly) {
  // Without bodies (the default) the samples are the plain family's; with them, cells differ
  // from the layered model only where a body lies, and some do.
  for (const char* family : {"flatvel-a", "curvefault-a"}) {
    for (std::uint64_t i = 0; i < 5; ++i) {
      const Field2D plain = sample(family, i, 7, {{"bodies_max", 0}});
      EXPECT_EQ(plain.values, sample(family, i).values) << family << " sample " << i;
      const Field2D bodies = sample(family, i, 7, {{"bodies_min", 2}, {"bodies_max", 2}, {"body_radius_min", 60}});
      std::size_t changed = 0;
      for (std::size_t k = 0; k < plain.values.size(); ++k) changed += plain.values[k] != bodies.values[k];
      EXPECT_GT(changed, 0u) << family << " sample " << i;
      EXPECT_LT(changed, plain.values.size() / 2) << family << " sample " << i;
    }
  }
}

TEST(ModelFamilies, GaussianRandomFieldHasItsMeanSpreadAndSmoothness) {
  double sum = 0, sumSquares = 0, neighbourProducts = 0;
  std::size_t n = 0, pairs = 0;
  const double mean = 3000, spread = 300;  // narrow enough that clipping at 1500/4500 is negligible
  for (std::uint64_t i = 0; i < 20; ++i) {
    const Field2D m = sample("grf", i, 7, {{"std", spread}, {"corr_x", 60}});
    for (int iz = 0; iz < m.grid.nz; ++iz)
      for (int ix = 0; ix < m.grid.nx; ++ix) {
        const double v = m.at(iz, ix) - mean;
        sum += v, sumSquares += v * v, ++n;
        if (ix + 1 < m.grid.nx) neighbourProducts += v * (m.at(iz, ix + 1) - mean), ++pairs;
      }
  }
  const double variance = sumSquares / double(n);
  EXPECT_NEAR(sum / double(n), 0.0, 60.0);
  EXPECT_NEAR(std::sqrt(variance), spread, 60.0);
  // Covariance exp(-h^2 / (2 l^2)) at one cell (h = 10 m, l = 60 m): 0.986.
  EXPECT_GT(neighbourProducts / double(pairs) / variance, 0.95);
}

TEST(ModelFamilies, AnomaliesLieOnALinearGradient) {
  const Field2D m = sample("anomalies", 0, 7, {{"anomalies_min", 0}, {"anomalies_max", 0}});

  EXPECT_DOUBLE_EQ(m.at(0, 5), 2000.0);
  EXPECT_DOUBLE_EQ(m.at(m.grid.nz - 1, 5), 4000.0);
  EXPECT_TRUE(columnsAreIdentical(m));

  const Field2D withInclusions = sample("anomalies", 0, 7, {{"anomalies_min", 2}, {"radius_min", 100}});
  EXPECT_FALSE(columnsAreIdentical(withInclusions));
}

TEST(ModelFamilies, EmBlocksPutsAirOverALayeredEarthWithInclusions) {
  int withInclusions = 0;
  for (std::uint64_t i = 0; i < 10; ++i) {
    const Field2D m = sample("em-blocks", i);
    const ModelFamily& f = findModelFamily("em-blocks");
    EXPECT_EQ(f.quantity, "conductivity");
    for (int iz = 0; iz < 8; ++iz)
      for (int ix = 0; ix < m.grid.nx; ++ix) ASSERT_EQ(m.at(iz, ix), 1e-8);
    for (int iz = 8; iz < m.grid.nz; ++iz)
      for (int ix = 0; ix < m.grid.nx; ++ix) ASSERT_GE(m.at(iz, ix), 1e-4);
    withInclusions += !columnsAreIdentical(m);
  }
  EXPECT_GE(withInclusions, 5);
}

TEST(ModelFamilies, EmBlocksOverburdenCoversTheEarthsTopAndLeavesTheRestAlone) {
  const FamilyOptions overburden = {{"overburden_thickness_min", 100}, {"overburden_thickness_max", 200},
                                    {"overburden_sigma_min", 0.3}, {"overburden_sigma_max", 3}};
  for (std::uint64_t i = 0; i < 10; ++i) {
    const Field2D plain = sample("em-blocks", i), m = sample("em-blocks", i, 7, overburden);
    // 25 m cells under 8 air rows: cells 8..11 (centres 12.5..87.5 m deep) always lie in it, the
    // cells from 16 on (200 m and deeper) never do; the earth below is the sample without it.
    const double sigma = m.at(8, 0);
    EXPECT_GE(sigma, 0.3);
    EXPECT_LT(sigma, 3.0);
    for (int iz = 8; iz < 12; ++iz)
      for (int ix = 0; ix < m.grid.nx; ++ix) ASSERT_EQ(m.at(iz, ix), sigma);
    for (int iz = 16; iz < m.grid.nz; ++iz)
      for (int ix = 0; ix < m.grid.nx; ++ix) ASSERT_EQ(m.at(iz, ix), plain.at(iz, ix));
    for (int ix = 0; ix < m.grid.nx; ++ix) ASSERT_EQ(m.at(7, ix), 1e-8);
  }
}

// --- names and options ---

TEST(ModelFamilies, ShortNamesMeanTheAVariants) {
  EXPECT_EQ(findModelFamily("flatvel").name, "flatvel-a");
  EXPECT_EQ(findModelFamily("curvefault").name, "curvefault-a");
}

TEST(ModelFamilies, UnknownFamilyIsRefusedWithTheList) {
  const std::string message = inputErrorMessage([] { findModelFamily("flatvell"); });

  EXPECT_TRUE(contains(message, "unknown model family 'flatvell'")) << message;
  EXPECT_TRUE(contains(message, "curvefault-b")) << message;
  EXPECT_TRUE(contains(message, "em-blocks")) << message;
}

struct BadOption {
  std::string name;
  FamilyOptions changes;
  std::string message;
};

class FamilyBadOptions : public ::testing::TestWithParam<BadOption> {};

TEST_P(FamilyBadOptions, AreRefusedNamingTheOption) {
  const ModelFamily& f = findModelFamily("curvefault-a");
  FamilyOptions options = defaultFamilyOptions(f);
  for (const auto& [name, value] : GetParam().changes) options[name] = value;

  const std::string message = inputErrorMessage([&] { validateFamilyOptions(f, options); });

  EXPECT_TRUE(contains(message, GetParam().message)) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FamilyBadOptions,
    ::testing::Values(BadOption{"out_of_range", {{"dip_max", 120}}, "-family_dip_max = 120 is out of range"},
                      BadOption{"not_whole", {{"layers_max", 2.5}}, "-family_layers_max = 2.5 must be a whole"},
                      BadOption{"min_above_max", {{"vmin", 5000}}, "-family_vmin = 5000 must not exceed"},
                      BadOption{"layers_do_not_fit", {{"thickness_min", 200}}, "do not fit in the model depth"},
                      BadOption{"unknown", {{"air_cells", 3}}, "has no parameter -family_air_cells"}),
    [](const auto& info) { return info.param.name; });

TEST(ModelFamilies, FormattedOptionsAreExactAndInParameterOrder) {
  const ModelFamily& f = findModelFamily("grf");
  FamilyOptions options = defaultFamilyOptions(f);
  options["std"] = 0.1 + 0.2;  // needs 17 digits

  const std::string text = formatFamilyOptions(f, options);

  EXPECT_EQ(text.rfind("-family_nz 70 -family_nx 70 -family_dz 10 -family_dx 10 ", 0), 0u) << text;
  EXPECT_TRUE(contains(text, "-family_std 0.30000000000000004")) << text;
}

}  // namespace
}  // namespace pairinv
