#include "solvers/em/em_data.hpp"

#include <cmath>

#include "core/error.hpp"

namespace pairinv::em {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

std::vector<double> toReal(const EmData& data, RealForm form) {
  const std::size_t n = data.size();
  std::vector<double> out(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const Complex d = data.values[i];
    out[i] = form == RealForm::RealImag ? d.real() : std::log(std::abs(d));
    out[n + i] = form == RealForm::RealImag ? d.imag() : std::arg(d);
  }
  return out;
}

std::vector<double> realResidual(const std::vector<double>& synthetic, const std::vector<double>& observed,
                                 RealForm form) {
  require(observed.size() == synthetic.size(), "observed EM data have ", observed.size(), " values; expected ",
          synthetic.size(), " (2 x frequencies x sources x receivers)");
  std::vector<double> r(synthetic.size());
  const std::size_t half = synthetic.size() / 2;
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = synthetic[i] - observed[i];
    if (form == RealForm::LogAmpPhase && i >= half) r[i] = std::remainder(r[i], 2 * kPi);
  }
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

Complex realFormDerivative(Complex d, RealForm form) { return form == RealForm::RealImag ? Complex(1.0) : 1.0 / d; }

}  // namespace pairinv::em
