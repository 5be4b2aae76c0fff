// Source time functions sampled at the solver's time step: w[n] is the source at t = n dt.
#pragma once

#include <filesystem>
#include <vector>

namespace pairinv::acoustic {

/// Ricker wavelet (1 - 2 beta) exp(-beta), beta = (pi f (t - delay))^2, at t = n dt, n < nt.
std::vector<double> rickerWavelet(double peakFrequency, double delay, double dt, int nt);

/// OpenFWI's windowed Ricker: w[k] = (1 - 2 beta) exp(-beta), beta = ((nc - k) f dt pi)^2 for
/// k < nw = 2 floor(2.2 / (f dt) / 2) + 1, nc = floor(nw / 2), and zero after the window.
std::vector<double> openfwiRickerWavelet(double peakFrequency, double dt, int nt);

/// A wavelet from a 1-D .npy file sampled at dt; zero-padded or truncated to nt samples.
std::vector<double> readWaveletFile(const std::filesystem::path& file, int nt);

/// Highest frequency (Hz) at which the amplitude spectrum still exceeds `fraction` of its peak.
double waveletMaxFrequency(const std::vector<double>& wavelet, double dt, double fraction = 0.05);

}  // namespace pairinv::acoustic
