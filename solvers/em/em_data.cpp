#include "solvers/em/em_data.hpp"

#include <cmath>

#include "core/error.hpp"
#include "solvers/em/em_analytic.hpp"

namespace pairinv::em {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

std::array<double, 2> realParts(Complex d, RealForm form, double omega) {
  switch (form) {
    case RealForm::RealImag: return {d.real(), d.imag()};
    case RealForm::LogAmpPhase: return {std::log(std::abs(d)), std::arg(d)};
    case RealForm::RhoaPhase: return {std::log10(std::norm(d) / (omega * kMu0)), std::arg(d) * (180.0 / kPi)};
  }
  return {0.0, 0.0};
}

std::vector<double> toReal(const EmData& data, RealForm form, const std::vector<double>& frequencies) {
  ensure(int(frequencies.size()) == data.nfreq, "toReal: ", frequencies.size(), " frequencies for data of ",
         data.nfreq);
  const std::size_t n = data.size();
  std::vector<double> out(2 * n);
  for (int f = 0; f < data.nfreq; ++f)
    for (int s = 0; s < data.nsrc; ++s)
      for (int r = 0; r < data.nrec; ++r) {
        const std::size_t i = data.index(f, s, r);
        const auto parts = realParts(data.values[i], form, 2 * kPi * frequencies[std::size_t(f)]);
        out[i] = parts[0], out[n + i] = parts[1];
      }
  return out;
}

double partDifference(double synthetic, double observed, int part, RealForm form) {
  const double r = synthetic - observed;
  if (part == 0 || form == RealForm::RealImag) return r;
  return std::remainder(r, form == RealForm::RhoaPhase ? 360.0 : 2 * kPi);
}

std::vector<double> realResidual(const std::vector<double>& synthetic, const std::vector<double>& observed,
                                 RealForm form) {
  require(observed.size() == synthetic.size(), "observed EM data have ", observed.size(), " values; expected ",
          synthetic.size(), " (2 x frequencies x sources x receivers)");
  std::vector<double> r(synthetic.size());
  const std::size_t half = synthetic.size() / 2;
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = partDifference(synthetic[i], observed[i], i >= half, form);
  return r;
}

double misfit(const std::vector<double>& residual, const std::vector<double>* weights) {
  require(!weights || weights->size() == residual.size(), "EM data weights have ", weights ? weights->size() : 0,
          " values; expected ", residual.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < residual.size(); ++i) {
    const double wr = (weights ? (*weights)[i] : 1.0) * residual[i];
    sum += wr * wr;
  }
  return 0.5 * sum;
}

std::array<double, 2> RealFormDerivative::apply(Complex dd) const {
  const Complex x = g * dd;
  return {scale0 * x.real(), scale1 * x.imag()};
}

Complex RealFormDerivative::coefficient(double w0, double w1) const {
  // w0 s0 Re(g dd) + w1 s1 Im(g dd) = Re(conj(s0 w0 + i s1 w1) g dd)
  return std::conj(Complex(scale0 * w0, scale1 * w1)) * g;
}

RealFormDerivative realFormDerivative(Complex d, RealForm form) {
  switch (form) {
    case RealForm::RealImag: return {Complex(1.0), 1.0, 1.0};
    case RealForm::LogAmpPhase: return {1.0 / d, 1.0, 1.0};
    case RealForm::RhoaPhase: return {1.0 / d, 2.0 / std::log(10.0), 180.0 / kPi};
  }
  return {};
}

}  // namespace pairinv::em
