#include "apps/data_degradation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "core/error.hpp"
#include "inversion/lowpass_filter.hpp"
#include "meshes/sample_rng.hpp"

namespace pairinv::apps {

namespace {

double rms(const std::vector<double>& v) {
  double power = 0.0;
  for (double x : v) power += x * x;
  return v.empty() ? 0.0 : std::sqrt(power / double(v.size()));
}

/// `count` distinct integers of [0, n), drawn by a partial Fisher-Yates shuffle.
std::vector<int> drawDistinct(SampleRng& rng, int n, int count) {
  std::vector<int> all(static_cast<std::size_t>(n));
  std::iota(all.begin(), all.end(), 0);
  for (int i = 0; i < count; ++i) std::swap(all[std::size_t(i)], all[std::size_t(rng.integer(i, n - 1))]);
  all.resize(std::size_t(count));
  return all;
}

/// Noise of the given shape, white or band-passed along time, scaled to rms `sigma`.
std::vector<double> noise(int shots, int samples, int receivers, double dt, const DataDegradation& d, double sigma,
                          std::uint64_t seed, std::uint64_t index) {
  SampleRng rng(seed, index, SampleStream::Noise);
  std::vector<double> n(std::size_t(shots) * std::size_t(samples) * std::size_t(receivers));
  for (double& x : n) x = rng.normal();
  if (d.bandLimited()) {
    std::vector<double> low = n;
    inversion::lowPassTraces(n, shots, samples, receivers, dt, d.band[1]);
    inversion::lowPassTraces(low, shots, samples, receivers, dt, d.band[0]);
    for (std::size_t i = 0; i < n.size(); ++i) n[i] -= low[i];
  }
  // White noise keeps its draws times sigma (as surveys made before band-limited noise existed);
  // filtered noise is scaled to the exact rms, since the filter removes a share of its power.
  const double r = d.bandLimited() ? rms(n) : 1.0;
  for (double& x : n) x *= r > 0 ? sigma / r : 0.0;
  return n;
}

}  // namespace

std::string DataDegradation::describe() const {
  std::ostringstream s;
  if (noisy()) {
    if (bandLimited())
      s << "band-limited noise " << band[0] << "-" << band[1] << " Hz";
    else
      s << "white noise";
    s << " at " << snrDb << " dB";
  }
  if (deadTraceFraction > 0) s << (s.tellp() > 0 ? ", " : "") << 100.0 * deadTraceFraction << "% dead traces";
  if (deadShots > 0) s << (s.tellp() > 0 ? ", " : "") << deadShots << " dead shot(s)";
  if (relativeNoise > 0) s << (s.tellp() > 0 ? ", " : "") << 100.0 * relativeNoise << "% relative noise";
  if (staticShift > 0) s << (s.tellp() > 0 ? ", " : "") << "TM static shifts of " << staticShift << " decades (rms)";
  if (missingFrequencies())
    s << (s.tellp() > 0 ? ", " : "") << "frequencies " << missingBand[0] << "-" << missingBand[1]
      << " Hz missing (interpolated)";
  return s.tellp() > 0 ? s.str() : "none";
}

void validateDegradation(const DataDegradation& d, int shots, int receivers, double dt) {
  require(!std::isnan(d.snrDb), "-survey_noise_snr is not a number");
  require(!d.emOnly(), "-survey_noise_relative, -survey_static_shift and -survey_missing_band apply to EM surveys "
          "(-survey_physics em)");
  if (d.band[0] != 0.0 || d.band[1] != 0.0) {
    const double nyquist = 0.5 / dt;
    require(d.noisy(), "-survey_noise_band shapes the noise of -survey_noise_snr; give -survey_noise_snr too");
    require(d.band[0] >= 0.0 && d.band[0] < d.band[1], "-survey_noise_band ", d.band[0], ",", d.band[1],
            ": give FMIN,FMAX in Hz with 0 <= FMIN < FMAX");
    require(d.band[1] < nyquist, "-survey_noise_band: FMAX ", d.band[1], " Hz is not below the Nyquist frequency ",
            nyquist, " Hz of the recorded sampling (dt ", dt, " s)");
  }
  require(d.deadTraceFraction >= 0.0 && d.deadTraceFraction < 1.0, "-survey_dead_traces ", d.deadTraceFraction,
          " must be a fraction in [0, 1)");
  require(d.deadShots >= 0 && d.deadShots < shots, "-survey_dead_shots ", d.deadShots, " must leave a live shot "
          "(the survey has ", shots, " shots)");
  ensure(receivers >= 1, "an acquisition without receivers");
}

void degradeGathers(std::vector<double>& data, int shots, int samples, int receivers, double dt,
                    const DataDegradation& d, std::uint64_t seed, std::uint64_t index) {
  ensure(data.size() == std::size_t(shots) * std::size_t(samples) * std::size_t(receivers),
          "gathers of ", data.size(), " values for ", shots, " x ", samples, " x ", receivers);
  if (d.noisy()) {
    const std::vector<double> n =
        noise(shots, samples, receivers, dt, d, rms(data) / std::pow(10.0, d.snrDb / 20.0), seed, index);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] += n[i];
  }
  SampleRng rng(seed, index, SampleStream::Degradation);
  const int deadPerShot = int(std::lround(d.deadTraceFraction * receivers));
  for (int s = 0; s < shots && deadPerShot > 0; ++s)
    for (int r : drawDistinct(rng, receivers, deadPerShot))
      for (int t = 0; t < samples; ++t) data[(std::size_t(s) * std::size_t(samples) + std::size_t(t)) * std::size_t(receivers) + std::size_t(r)] = 0.0;
  for (int s : drawDistinct(rng, shots, d.deadShots))
    std::fill_n(data.begin() + std::ptrdiff_t(s) * samples * receivers, std::size_t(samples) * std::size_t(receivers), 0.0);
}

void addNoiseAtSnr(std::vector<double>& data, double snrDb, std::uint64_t seed, std::uint64_t index) {
  if (data.empty() || !std::isfinite(snrDb)) return;
  const double sigma = rms(data) / std::pow(10.0, snrDb / 20.0);
  SampleRng rng(seed, index, SampleStream::Noise);
  for (double& d : data) d += sigma * rng.normal();
}

}  // namespace pairinv::apps
