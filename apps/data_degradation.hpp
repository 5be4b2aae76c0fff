// What a survey can do to its clean data before storing them, to train with realistic noise and
// to build out-of-distribution test sets that the detector never sees in training:
//
//   white noise        n ~ N(0, sigma^2) per value, sigma = rms(d) / 10^(SNR / 20)
//   band-limited noise white noise band-passed to [fmin, fmax] Hz along time (zero-phase
//                      windowed sinc, inversion/lowpass_filter.hpp), then scaled to the same
//                      SNR: rms(n) = rms(d) / 10^(SNR / 20)
//   dead traces        round(fraction * receivers) receivers of every shot set to zero
//   dead shots         that many whole shots set to zero
// and, for EM data (apps/em/em_degradation.hpp), on the complex data before their real form:
//   relative noise     Re d and Im d each get N(0, (e |d|)^2)  (e = 0.05: "5% noise")
//   static shift       TM impedances of site r times 10^(s_r / 2), s_r ~ N(0, sigma^2): galvanic
//                      distortion shifts the TM apparent resistivity by s_r decades at every
//                      frequency and leaves its phase alone
//   missing band       frequencies in [fmin, fmax] are not measured: their values are filled by
//                      linear interpolation of ln d in log f between the nearest measured
//                      frequencies (the nearest one beyond either end), as a fixed-input network
//                      must be fed
//
// The SNR is the ratio of the sample's mean signal power (over all shots) to the noise power,
// in dB. Every draw comes from SampleRng(seed, index, Noise) or (seed, index, Degradation), so
// sample i is degraded the same way by any rank. Dead traces and shots are drawn without
// replacement, and they are zeroed after the noise is added: a dead channel records nothing.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace pairinv::apps {

struct DataDegradation {
  double snrDb = std::numeric_limits<double>::infinity();  // infinity: no noise
  std::array<double, 2> band{0.0, 0.0};                     // Hz; fmax 0: white noise
  double deadTraceFraction = 0.0;
  int deadShots = 0;
  double relativeNoise = 0.0;                // EM: e above
  double staticShift = 0.0;                  // EM (TM): sigma above, in decades of rho_a
  std::array<double, 2> missingBand{0.0, 0.0};  // EM: Hz; fmax 0: none

  bool noisy() const { return snrDb < std::numeric_limits<double>::infinity(); }
  bool bandLimited() const { return band[1] > 0.0; }
  bool missingFrequencies() const { return missingBand[1] > 0.0; }
  /// Any of the EM-only degradations.
  bool emOnly() const {
    return relativeNoise != 0.0 || staticShift != 0.0 || missingBand != std::array<double, 2>{0.0, 0.0};
  }
  /// e.g. "band-limited noise 5-20 Hz at 10 dB, 10% dead traces"; "none" when clean.
  std::string describe() const;
};

/// Checks the settings against an acoustic acquisition (shots, receivers, time step dt):
/// InputError naming the -survey_ option for a band outside (0, Nyquist), fmin >= fmax, a band
/// without an SNR, a fraction outside [0, 1), dead shots that would leave no live shot, or an
/// EM-only degradation.
void validateDegradation(const DataDegradation& d, int shots, int receivers, double dt);

/// Degrades acoustic gathers laid out [shot][sample][receiver] in place.
void degradeGathers(std::vector<double>& data, int shots, int samples, int receivers, double dt,
                    const DataDegradation& degradation, std::uint64_t seed, std::uint64_t index);

/// Adds white Gaussian noise at the SNR (any data layout; EM data take noise only).
void addNoiseAtSnr(std::vector<double>& data, double snrDb, std::uint64_t seed, std::uint64_t index);

}  // namespace pairinv::apps
