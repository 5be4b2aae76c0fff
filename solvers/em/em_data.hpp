// EM data: complex values [frequency, source, receiver], and the real arrays that files,
// misfits, gradients and learning use.
//
// Real layout (one flat vector of 2 * nfreq * nsrc * nrec doubles):
//   real[((part * nfreq + f) * nsrc + s) * nrec + r],  part 0: Re d or ln|d|,
//                                                      part 1: Im d or arg d (radians),
// per RealForm. Data weights W use the same layout, so the misfit
//   phi = 1/2 sum_i (W_i (g_i(d) - d_obs,i))^2
// weights the two parts explicitly (e.g. 1/|d_obs| for relative errors on Re/Im, or 1/sigma_phase
// for the phase). For LogAmpPhase the phase residual is wrapped to (-pi, pi].
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

#include "solvers/em/em_config.hpp"

namespace pairinv::em {

using Complex = std::complex<double>;

struct EmData {
  int nfreq = 0, nsrc = 0, nrec = 0;
  std::vector<Complex> values;  // [f][s][r]

  EmData() = default;
  EmData(int f, int s, int r) : nfreq(f), nsrc(s), nrec(r), values(std::size_t(f) * std::size_t(s) * std::size_t(r)) {}
  std::size_t size() const { return values.size(); }
  std::size_t index(int f, int s, int r) const {
    return (std::size_t(f) * std::size_t(nsrc) + std::size_t(s)) * std::size_t(nrec) + std::size_t(r);
  }
  Complex& at(int f, int s, int r) { return values[index(f, s, r)]; }
  Complex at(int f, int s, int r) const { return values[index(f, s, r)]; }
};

/// The two real parts of each datum in the layout above.
std::vector<double> toReal(const EmData& data, RealForm form);

/// g(d) - observed, with the phase part wrapped to (-pi, pi] for LogAmpPhase. Throws InputError
/// if `observed` has the wrong length.
std::vector<double> realResidual(const std::vector<double>& synthetic, const std::vector<double>& observed,
                                 RealForm form);

/// 1/2 sum (W r)^2 for a residual r (weights may be null: W = 1).
double misfit(const std::vector<double>& residual, const std::vector<double>* weights);

/// The complex derivative g'(d) of the real form: 1 (RealImag) or 1/d (LogAmpPhase), so that
/// (part 0, part 1) of g'(d) dd are the derivatives of the two real parts.
Complex realFormDerivative(Complex d, RealForm form);

}  // namespace pairinv::em
