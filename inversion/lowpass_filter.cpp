#include "inversion/lowpass_filter.hpp"

#include <cmath>

namespace pairinv::inversion {

namespace {

std::vector<double> kernel(double dt, double cutoff) {
  // Transition width about cutoff / 2: the kernel spans ~4 periods of the cutoff.
  const int half = std::max(4, int(std::ceil(2.0 / (cutoff * dt))));
  std::vector<double> k(std::size_t(2 * half + 1));
  const double fc = cutoff * dt;  // cycles per sample
  double sum = 0.0;
  for (int i = -half; i <= half; ++i) {
    const double sinc = i == 0 ? 2.0 * fc : std::sin(2.0 * M_PI * fc * i) / (M_PI * i);
    const double w = 0.42 + 0.5 * std::cos(M_PI * i / half) + 0.08 * std::cos(2.0 * M_PI * i / half);
    sum += k[std::size_t(i + half)] = sinc * w;
  }
  for (double& x : k) x /= sum;  // unit gain at zero frequency
  return k;
}

}  // namespace

std::vector<double> lowPass(const std::vector<double>& s, double dt, double cutoff) {
  if (cutoff <= 0 || cutoff >= 0.5 / dt) return s;
  const std::vector<double> k = kernel(dt, cutoff);
  const int half = int(k.size() / 2), n = int(s.size());
  std::vector<double> out(s.size(), 0.0);
  for (int i = 0; i < n; ++i) {
    double acc = 0.0;
    for (int j = -half; j <= half; ++j)
      if (i - j >= 0 && i - j < n) acc += k[std::size_t(j + half)] * s[std::size_t(i - j)];
    out[std::size_t(i)] = acc;
  }
  return out;
}

void lowPassTraces(std::vector<double>& data, int shots, int samples, int receivers, double dt, double cutoff) {
  if (cutoff <= 0 || cutoff >= 0.5 / dt) return;
  std::vector<double> trace(static_cast<std::size_t>(samples));
  for (int s = 0; s < shots; ++s)
    for (int r = 0; r < receivers; ++r) {
      auto at = [&](int j) -> double& {
        return data[(std::size_t(s) * std::size_t(samples) + std::size_t(j)) * std::size_t(receivers) + std::size_t(r)];
      };
      for (int j = 0; j < samples; ++j) trace[std::size_t(j)] = at(j);
      const std::vector<double> filtered = lowPass(trace, dt, cutoff);
      for (int j = 0; j < samples; ++j) at(j) = filtered[std::size_t(j)];
    }
}

}  // namespace pairinv::inversion
