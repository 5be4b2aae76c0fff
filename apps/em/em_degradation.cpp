#include "apps/em/em_degradation.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "meshes/sample_rng.hpp"

namespace pairinv::apps {

namespace {

bool inBand(double f, const std::array<double, 2>& band) { return f >= band[0] && f <= band[1]; }

void shiftTm(em::EmData& data, const em::EmConfig& c, double sigma, SampleRng& rng) {
  std::vector<double> factor(std::size_t(data.nrec));
  for (double& f : factor) f = std::pow(10.0, 0.5 * sigma * rng.normal());  // rho_a ~ |Z|^2
  for (int s = 0; s < data.nsrc; ++s)
    if (c.isTm(s))
      for (int f = 0; f < data.nfreq; ++f)
        for (int r = 0; r < data.nrec; ++r) data.at(f, s, r) *= factor[std::size_t(r)];
}

void addRelativeNoise(em::EmData& data, double e, SampleRng& rng) {
  for (em::Complex& d : data.values) {
    const double sigma = e * std::abs(d);
    const double re = rng.normal(), im = rng.normal();
    d += em::Complex(sigma * re, sigma * im);
  }
}

/// ln d of the missing frequencies from the measured ones, linearly in log10 f.
void fillMissingBand(em::EmData& data, const std::vector<double>& freqs, const std::array<double, 2>& band) {
  std::vector<int> measured;
  for (int f = 0; f < data.nfreq; ++f)
    if (!inBand(freqs[std::size_t(f)], band)) measured.push_back(f);
  const auto logf = [&](int f) { return std::log10(freqs[std::size_t(f)]); };
  for (int f = 0; f < data.nfreq; ++f) {
    if (!inBand(freqs[std::size_t(f)], band)) continue;
    int below = -1, above = -1;  // nearest measured frequencies on either side
    for (int m : measured) {
      if (freqs[std::size_t(m)] < freqs[std::size_t(f)] &&
          (below < 0 || freqs[std::size_t(m)] > freqs[std::size_t(below)]))
        below = m;
      if (freqs[std::size_t(m)] > freqs[std::size_t(f)] &&
          (above < 0 || freqs[std::size_t(m)] < freqs[std::size_t(above)]))
        above = m;
    }
    const double w = below >= 0 && above >= 0 ? (logf(f) - logf(below)) / (logf(above) - logf(below)) : 0.0;
    for (int s = 0; s < data.nsrc; ++s)
      for (int r = 0; r < data.nrec; ++r) {
        if (below < 0 || above < 0) {
          data.at(f, s, r) = data.at(below >= 0 ? below : above, s, r);
          continue;
        }
        const em::Complex lo = std::log(data.at(below, s, r)), hi = std::log(data.at(above, s, r));
        // Phases interpolate along the shorter arc between the two measured ones.
        const double dphi = std::remainder(hi.imag() - lo.imag(), 2 * M_PI);
        data.at(f, s, r) = std::exp(em::Complex(lo.real() + w * (hi.real() - lo.real()), lo.imag() + w * dphi));
      }
  }
}

}  // namespace

void validateEmDegradation(const DataDegradation& d, const em::EmConfig& c) {
  require(!d.bandLimited() && d.deadTraceFraction == 0 && d.deadShots == 0,
          "-survey_noise_band, -survey_dead_traces and -survey_dead_shots apply to acoustic gathers; EM surveys take "
          "-survey_noise_snr, -survey_noise_relative, -survey_static_shift and -survey_missing_band");
  require(d.relativeNoise >= 0.0 && d.relativeNoise <= 1.0, "-survey_noise_relative ", d.relativeNoise,
          " must be a fraction in [0, 1]");
  require(d.staticShift >= 0.0 && d.staticShift <= 2.0, "-survey_static_shift ", d.staticShift,
          " must be an rms in decades in [0, 2]");
  const bool tm = c.source == em::SourceKind::PlaneWave && c.datum == em::DatumKind::Impedance &&
                  c.polarisation != em::Polarisation::E;
  require(d.staticShift == 0.0 || tm,
          "-survey_static_shift distorts TM impedances: it needs -em_source mt, "
          "-em_data impedance and -em_polarisation h or both");
  if (d.missingBand == std::array<double, 2>{0.0, 0.0}) return;
  require(d.missingBand[0] > 0.0 && d.missingBand[0] < d.missingBand[1], "-survey_missing_band ", d.missingBand[0], ",",
          d.missingBand[1], ": give FMIN,FMAX in Hz with 0 < FMIN < FMAX");
  const auto inside =
      std::count_if(c.frequencies.begin(), c.frequencies.end(), [&](double f) { return inBand(f, d.missingBand); });
  require(inside > 0, "-survey_missing_band ", d.missingBand[0], ",", d.missingBand[1],
          " Hz holds none of the -em_frequencies");
  require(std::size_t(inside) < c.frequencies.size(), "-survey_missing_band ", d.missingBand[0], ",", d.missingBand[1],
          " Hz holds every one of the -em_frequencies: nothing is left to interpolate from");
}

void degradeEmData(em::EmData& data, const em::EmConfig& c, const DataDegradation& d, std::uint64_t seed,
                   std::uint64_t index) {
  SampleRng rng(seed, index, SampleStream::Degradation);  // -survey_noise_snr draws from the Noise stream
  if (d.staticShift > 0) shiftTm(data, c, d.staticShift, rng);
  if (d.relativeNoise > 0) addRelativeNoise(data, d.relativeNoise, rng);
  if (d.missingFrequencies()) fillMissingBand(data, c.frequencies, d.missingBand);
}

}  // namespace pairinv::apps
