#include "learning/ood_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace pairinv::learning {

double percentile(std::vector<double> values, double p) {
  require(!values.empty(), "percentile of an empty set");
  require(p >= 0.0 && p <= 100.0, "percentile ", p, " is not in [0, 100]");
  std::sort(values.begin(), values.end());
  const double pos = p / 100.0 * double(values.size() - 1);
  const auto lo = std::size_t(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - double(lo)) * (values[hi] - values[lo]);
}

OodThresholds calibrateOod(const ValidationMetrics& v, double p) {
  OodThresholds t;
  t.percentile = p;
  t.rre = percentile(v.rre, p);
  t.rma = percentile(v.rma, p);
  return t;
}

void writeValidationMetrics(const std::filesystem::path& file, const ValidationMetrics& m) {
  writeAtomically(file, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp);
    out.precision(9);
    out << "rre,rma,data_error\n";
    for (std::size_t i = 0; i < m.rre.size(); ++i) out << m.rre[i] << ',' << m.rma[i] << ',' << m.dataError[i] << '\n';
    out.close();
    if (!out) throw Error(concat("could not write '", file.string(), "'"));
  });
}

ValidationMetrics readValidationMetrics(const std::filesystem::path& file) {
  std::ifstream in(file);
  require(bool(in), "cannot read '", file.string(), "' (the validation metrics of a training run)");
  ValidationMetrics m;
  std::string line;
  std::getline(in, line);
  require(line == "rre,rma,data_error", "'", file.string(), "' is not a calibration file");
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream row(line);
    double a, b, c;
    char comma1, comma2;
    require(bool(row >> a >> comma1 >> b >> comma2 >> c), "'", file.string(), "': bad line '", line, "'");
    m.rre.push_back(a);
    m.rma.push_back(b);
    m.dataError.push_back(c);
  }
  require(!m.rre.empty(), "'", file.string(), "' holds no validation samples");
  return m;
}

double auroc(const std::vector<double>& negatives, const std::vector<double>& positives) {
  require(!negatives.empty() && !positives.empty(), "AUROC needs samples of both classes");
  // Rank statistic (Mann-Whitney U) with ties counted half.
  std::vector<std::pair<double, int>> all;
  for (double v : negatives) all.emplace_back(v, 0);
  for (double v : positives) all.emplace_back(v, 1);
  std::sort(all.begin(), all.end());
  double rankSumPos = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double rank = 0.5 * double(i + 1 + j);  // average of ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k)
      if (all[k].second == 1) rankSumPos += rank;
    i = j;
  }
  const double np = double(positives.size()), nn = double(negatives.size());
  return (rankSumPos - np * (np + 1) / 2) / (np * nn);
}

}  // namespace pairinv::learning
