#include "solvers/acoustic/wavelet.hpp"

#include <cmath>
#include <complex>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/npy.hpp"

namespace pairinv::acoustic {

std::vector<double> rickerWavelet(double f, double delay, double dt, int nt) {
  std::vector<double> w(static_cast<std::size_t>(nt));
  for (int n = 0; n < nt; ++n) {
    const double a = M_PI * f * (n * dt - delay);
    const double beta = a * a;
    w[std::size_t(n)] = (1.0 - 2.0 * beta) * std::exp(-beta);
  }
  return w;
}

std::vector<double> openfwiRickerWavelet(double f, double dt, int nt) {
  const int nw = 2 * int(std::floor(2.2 / (f * dt) / 2.0)) + 1;
  const int nc = nw / 2;
  std::vector<double> w(std::size_t(nt), 0.0);
  for (int k = 0; k < std::min(nw, nt); ++k) {
    const double a = (nc - k) * f * dt * M_PI;
    const double beta = a * a;
    w[std::size_t(k)] = (1.0 - 2.0 * beta) * std::exp(-beta);
  }
  return w;
}

std::vector<double> readWaveletFile(const std::filesystem::path& file, int nt) {
  const NpyArray a = readNpy(file);
  require(a.shape.size() == 1 || (a.shape.size() == 2 && a.shape[0] == 1), "wavelet file '",
          file.string(), "' must hold a 1-D array (nt,); found shape ", shapeString(a.shape));
  require(!a.data.empty(), "wavelet file '", file.string(), "' is empty");
  for (double v : a.data)
    require(std::isfinite(v), "wavelet file '", file.string(), "' contains a non-finite value");
  if (a.data.size() > std::size_t(nt))
    logInfo(concat("wavelet '", file.string(), "' has ", a.data.size(), " samples; using the first ", nt));
  std::vector<double> w(std::size_t(nt), 0.0);
  for (std::size_t i = 0; i < std::min(w.size(), a.data.size()); ++i) w[i] = a.data[i];
  return w;
}

double waveletMaxFrequency(const std::vector<double>& w, double dt, double fraction) {
  // A direct DFT on a fixed frequency grid: cheap (once per run) and needs no FFT library.
  const int nf = 512;
  const double fNyquist = 0.5 / dt;
  std::vector<double> amplitude(nf);
  double peak = 0.0;
  for (int i = 0; i < nf; ++i) {
    const double f = fNyquist * i / (nf - 1);
    std::complex<double> sum = 0.0;
    for (std::size_t n = 0; n < w.size(); ++n)
      sum += w[n] * std::polar(1.0, -2.0 * M_PI * f * double(n) * dt);
    amplitude[std::size_t(i)] = std::abs(sum);
    peak = std::max(peak, amplitude[std::size_t(i)]);
  }
  for (int i = nf - 1; i >= 0; --i)
    if (amplitude[std::size_t(i)] >= fraction * peak) return fNyquist * i / (nf - 1);
  return 0.0;
}

}  // namespace pairinv::acoustic
