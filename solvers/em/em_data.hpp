// EM data: complex values [frequency, source, receiver], and the real arrays that files,
// misfits, gradients and learning use.
//
// Real layout (one flat vector of 2 * nfreq * nsrc * nrec doubles):
//   real[((part * nfreq + f) * nsrc + s) * nrec + r],  part 0: Re d or ln|d|,
//                                                      part 1: Im d or arg d (radians),
// per RealForm. Data weights W use the same layout, so the misfit
//   phi = 1/2 sum_i (W_i (g_i(d) - d_obs,i))^2
// weights the two parts explicitly (e.g. 1/|d_obs| for relative errors on Re/Im, or 1/sigma_phase
// for the phase). For LogAmpPhase the phase residual is wrapped to (-pi, pi], for RhoaPhase to
// (-180, 180] degrees.
//
// RhoaPhase (impedances only): part 0 = log10(|Z|^2 / (omega mu0)) = (2 / ln 10) ln|Z| -
// log10(omega mu0), part 1 = (180 / pi) arg Z. Both are ln Z's parts scaled (and shifted by a
// constant), which is how the derivatives below handle them.
#pragma once

#include <array>
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

/// The two real parts of one datum d at angular frequency omega.
std::array<double, 2> realParts(Complex d, RealForm form, double omega);

/// The two real parts of each datum in the layout above; `frequencies` (Hz) are the data's.
std::vector<double> toReal(const EmData& data, RealForm form, const std::vector<double>& frequencies);

/// A difference of part `part` (0 or 1) of two data: the phase part wrapped for the log forms.
double partDifference(double synthetic, double observed, int part, RealForm form);

/// g(d) - observed, part differences as partDifference. Throws InputError if `observed` has the
/// wrong length.
std::vector<double> realResidual(const std::vector<double>& synthetic, const std::vector<double>& observed,
                                 RealForm form);

/// 1/2 sum (W r)^2 for a residual r (weights may be null: W = 1).
double misfit(const std::vector<double>& residual, const std::vector<double>* weights);

/// The derivative of the real form at d: the two parts change by (scale0 Re(g dd), scale1 Im(g dd))
/// for a change dd of the datum. g = 1 (RealImag) or 1/d (the log forms); the scales are 1, or
/// 2/ln 10 and 180/pi for RhoaPhase.
struct RealFormDerivative {
  Complex g = 1.0;
  double scale0 = 1.0, scale1 = 1.0;
  /// The two parts' change for dd.
  std::array<double, 2> apply(Complex dd) const;
  /// The data-space weight (w0, w1) moved onto the complex datum for an adjoint:
  /// w0 dpart0 + w1 dpart1 = Re(coefficient(w0, w1) dd).
  Complex coefficient(double w0, double w1) const;
};
RealFormDerivative realFormDerivative(Complex d, RealForm form);

}  // namespace pairinv::em
