// core/number_text.hpp: shortest exact text, and value records that read back to the same
// bits, NaN and infinities included (operator>> cannot read "nan": the bug this replaced).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>

#include "core/number_text.hpp"
#include "tests/core/test_support.hpp"

using namespace pairinv;
using pairinv::testing::inputErrorMessage;

namespace {

bool sameBits(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) && std::signbit(a) == std::signbit(b);
  return std::memcmp(&a, &b, sizeof a) == 0;
}

}  // namespace

TEST(NumberText, ShortestExactIsShortAndReadsBack) {
  EXPECT_EQ(shortestExact(0.1), "0.1");
  EXPECT_EQ(shortestExact(1500.0), "1500");
  EXPECT_EQ(shortestExact(-2.5e-7), "-2.5e-07");
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint64_t> bits;
  for (int i = 0; i < 10000; ++i) {
    std::uint64_t u = bits(rng);
    double v;
    std::memcpy(&v, &u, sizeof v);
    if (std::isnan(v)) continue;
    EXPECT_TRUE(sameBits(std::strtod(shortestExact(v).c_str(), nullptr), v)) << shortestExact(v);
  }
}

TEST(NumberText, ValuesFileReadsBackTheSameBitsWithNanAndInfinities) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> values = {0.0, -0.0, 1.0 / 3.0, 4.9e-324, -1.7976931348623157e308, inf, -inf, nan, -nan, 7};
  const auto file = std::filesystem::temp_directory_path() / "pairinv_test_values.txt";
  writeValuesFile(file, values);
  const std::vector<double> back = readValuesFile(file);
  ASSERT_EQ(back.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_TRUE(sameBits(back[i], values[i])) << i << ": " << back[i];
  std::filesystem::remove(file);
  EXPECT_NE(inputErrorMessage([&] { readValuesFile(file); }).find("cannot read"), std::string::npos);
}

TEST(NumberText, TextThatIsNotOneNumberPerLineIsRefusedWithItsLine) {
  EXPECT_EQ(parseValuesText("1\n2.5\n", "f").size(), 2u);
  for (const char* bad : {"1\n2.5x\n", "1\n\n2\n", "1 2\n", "abc\n"})
    EXPECT_NE(inputErrorMessage([&] { parseValuesText(bad, "f"); }).find("f: line"), std::string::npos) << bad;
}
