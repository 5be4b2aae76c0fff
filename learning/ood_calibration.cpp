#include "learning/ood_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace pairinv::learning {

namespace {

constexpr std::array<const char*, kQualityScoreCount> kNames = {"rre", "rma", "data_error", "latent_distance",
                                                                 "pca_residual"};

double median(std::vector<double> v) { return percentile(std::move(v), 50.0); }

}  // namespace

const char* qualityScoreName(QualityScore s) { return kNames[std::size_t(s)]; }

std::array<QualityScore, kQualityScoreCount> allQualityScores() {
  return {QualityScore::Rre, QualityScore::Rma, QualityScore::DataError, QualityScore::LatentDistance,
          QualityScore::PcaResidual};
}

std::vector<QualityScore> parseQualityScores(const std::string& list, const std::string& option) {
  std::vector<QualityScore> scores;
  std::stringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    bool known = false;
    for (QualityScore s : allQualityScores())
      if (name == qualityScoreName(s)) {
        known = true;
        if (std::find(scores.begin(), scores.end(), s) == scores.end()) scores.push_back(s);
      }
    require(known, option, ": unknown score '", name, "'; choose from rre, rma, data_error, latent_distance, "
            "pca_residual (comma-separated)");
  }
  require(!scores.empty(), option, " names no score; choose from rre, rma, data_error, latent_distance, pca_residual");
  return scores;
}

std::string qualityScoreList(const std::vector<QualityScore>& scores) {
  std::string text;
  for (QualityScore s : scores) text += (text.empty() ? "" : ",") + std::string(qualityScoreName(s));
  return text;
}

std::vector<double>& ValidationMetrics::operator[](QualityScore s) {
  switch (s) {
    case QualityScore::Rre: return rre;
    case QualityScore::Rma: return rma;
    case QualityScore::DataError: return dataError;
    case QualityScore::LatentDistance: return latentDistance;
    case QualityScore::PcaResidual: return pcaResidual;
  }
  throw InternalError("unknown quality score");
}

const std::vector<double>& ValidationMetrics::operator[](QualityScore s) const {
  return const_cast<ValidationMetrics&>(*this)[s];
}

OodThresholds calibrateOod(const ValidationMetrics& v, double p) {
  OodThresholds t;
  t.percentile = p;
  t.rre = percentile(v.rre, p);
  t.rma = percentile(v.rma, p);
  return t;
}

double OodDetector::statistic(const std::vector<double>& values) const {
  ensure(values.size() == scores.size(), "", values.size(), " score values for a detector of ",
          scores.size(), " scores");
  double t = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < scores.size(); ++j)
    t = std::max(t, (std::log(std::max(values[j], 1e-300)) - center[j]) / spread[j]);
  return t;
}

std::string OodDetector::describe() const {
  std::ostringstream s;
  s << qualityScoreList(scores) << " at " << 100.0 * fpr << "% validation false-positive rate (T > "
    << std::setprecision(3) << threshold << ")";
  return s.str();
}

OodDetector calibrateDetector(const ValidationMetrics& v, const std::vector<QualityScore>& scores, double fpr) {
  require(fpr > 0.0 && fpr < 1.0, "the flag's false-positive rate ", fpr, " is not in (0, 1)");
  ensure(!scores.empty(), "a detector without scores");
  OodDetector d;
  d.scores = scores;
  d.fpr = fpr;
  std::size_t n = 0;
  for (QualityScore s : scores) {
    const std::vector<double>& values = v[s];
    require(!values.empty() && std::isfinite(values.front()), "the run has no validation values of the score ",
            qualityScoreName(s), " (trained by an older pairinv, or not computed by this architecture); rerun "
            "pairinv train with the same command to calibrate it, or choose other -pae_flag_scores");
    ensure(n == 0 || values.size() == n, "validation scores of different lengths");
    n = values.size();
    std::vector<double> logs;
    for (double x : values) logs.push_back(std::log(std::max(x, 1e-300)));
    const double m = median(logs);
    std::vector<double> deviations;
    for (double l : logs) deviations.push_back(std::fabs(l - m));
    d.center.push_back(m);
    d.spread.push_back(std::max(1.4826 * median(deviations), 1e-12));
  }
  std::vector<double> statistics;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> values;
    for (QualityScore s : scores) values.push_back(v[s][i]);
    statistics.push_back(d.statistic(values));
  }
  d.threshold = percentile(statistics, 100.0 * (1.0 - fpr));
  return d;
}

void writeValidationMetrics(const std::filesystem::path& file, const ValidationMetrics& m) {
  writeAtomically(file, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp);
    out.precision(9);
    for (std::size_t j = 0; j < kQualityScoreCount; ++j) out << (j ? "," : "") << kNames[j];
    out << '\n';
    std::size_t rows = 0;
    for (QualityScore s : allQualityScores()) rows = std::max(rows, m[s].size());
    for (std::size_t i = 0; i < rows; ++i) {
      for (QualityScore s : allQualityScores()) {
        const std::vector<double>& values = m[s];
        out << (s == QualityScore::Rre ? "" : ",");
        if (i < values.size()) out << values[i];
        else out << "nan";
      }
      out << '\n';
    }
    out.close();
    if (!out) throw Error(concat("could not write '", file.string(), "'"));
  });
}

ValidationMetrics readValidationMetrics(const std::filesystem::path& file) {
  std::ifstream in(file);
  require(bool(in), "cannot read '", file.string(), "' (the validation metrics of a training run)");
  std::string line;
  std::getline(in, line);
  // The header names the columns: every score now, "rre,rma,data_error" in runs of older versions.
  std::vector<QualityScore> columns;
  std::stringstream header(line);
  for (std::string name; std::getline(header, name, ',');) {
    bool known = false;
    for (QualityScore s : allQualityScores())
      if (name == qualityScoreName(s)) columns.push_back(s), known = true;
    require(known, "'", file.string(), "' is not a calibration file (unknown column '", name, "')");
  }
  require(columns.size() >= 3, "'", file.string(), "' is not a calibration file");
  ValidationMetrics m;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream row(line);
    std::string cell;
    for (QualityScore s : columns) {
      require(bool(std::getline(row, cell, ',')), "'", file.string(), "': bad line '", line, "'");
      char* end = nullptr;
      const double x = std::strtod(cell.c_str(), &end);
      require(end != cell.c_str(), "'", file.string(), "': bad value '", cell, "' in line '", line, "'");
      m[s].push_back(x);
    }
  }
  require(!m[columns.front()].empty(), "'", file.string(), "' holds no validation samples");
  return m;
}

}  // namespace pairinv::learning
