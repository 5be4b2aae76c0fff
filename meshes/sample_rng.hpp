// Counter-based random numbers for datasets: the draws of sample i depend only on
// (seed, i, stream), never on which MPI rank makes the sample or in what order.
//
//   key    = splitmix64(splitmix64(splitmix64(seed) ^ index) ^ stream)
//   engine = std::mt19937_64(key)
//
// splitmix64 (Steele, Lea & Flood 2014) is a bijective 64-bit mixer, so nearby seeds and
// indices give unrelated keys. The conversions to uniform/normal numbers are written out here
// rather than taken from <random>'s distributions, whose algorithms the C++ standard leaves to
// each library: a dataset made with one compiler is then reproduced with another.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace pairinv {

/// Independent streams of one sample: the model, the noise added to its data, and the other
/// degradations of its data (dead traces and shots).
enum class SampleStream : std::uint64_t { Model = 1, Noise = 2, Degradation = 3 };

inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class SampleRng {
 public:
  SampleRng(std::uint64_t seed, std::uint64_t index, SampleStream stream)
      : engine_(splitmix64(splitmix64(splitmix64(seed) ^ index) ^ std::uint64_t(stream))) {}

  /// Uniform in [0, 1), 53 random bits.
  double uniform() { return double(engine_() >> 11) * 0x1.0p-53; }
  /// Uniform in [a, b).
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  /// Uniform integer in [lo, hi] (inclusive); lo when hi <= lo.
  int integer(int lo, int hi) {
    if (hi <= lo) return lo;
    const int value = lo + int(uniform() * double(hi - lo + 1));
    return value > hi ? hi : value;
  }
  /// Uniform in log space between a > 0 and b > 0 (conductivities, resistivities).
  double logUniform(double a, double b) { return std::exp(uniform(std::log(a), std::log(b))); }
  /// True with probability 1/2.
  bool coin() { return (engine_() >> 63) != 0; }
  /// Standard normal (Box-Muller; the second value of each pair is kept for the next call).
  double normal() {
    if (hasSpare_) {
      hasSpare_ = false;
      return spare_;
    }
    const double u = 1.0 - uniform();  // (0, 1]: the log is finite
    const double radius = std::sqrt(-2.0 * std::log(u));
    const double angle = 2.0 * M_PI * uniform();
    spare_ = radius * std::sin(angle);
    hasSpare_ = true;
    return radius * std::cos(angle);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool hasSpare_ = false;
};

}  // namespace pairinv
