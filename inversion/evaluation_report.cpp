#include "inversion/evaluation_report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/figure.hpp"
#include "core/roc.hpp"
#include "inversion/evaluation_metrics.hpp"
#include "inversion/report_text.hpp"

namespace fs = std::filesystem;

namespace pairinv::inversion {

namespace {

// Markdown and CSV want one token; method names may hold commas and spaces.
std::string slug(const std::string& name) {
  std::string s;
  for (char c : name) s += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(c)) : '_';
  while (!s.empty() && s.back() == '_') s.pop_back();
  return s;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// A figure only when there is something finite to draw (a tiny set may have none).
bool tryPlot(const std::function<void()>& plot) {
  try {
    plot();
    return true;
  } catch (const InputError&) {
    return false;
  }
}

// The median of the finite values (NaN if there are none).
double finiteMedian(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// The section "PDE solves to reach the converged FWI misfit" and its CSV.
std::string solvesToMisfitSection(const fs::path& dir, const EvaluationResults& r) {
  std::ostringstream md;
  md << "\n## PDE solves to reach the converged FWI misfit\n\n";
  if (!r.solvesToMisfit) {
    md << "Not computed: " << r.solvesToMisfitSkipped << ".\n";
    return md.str();
  }
  const SolvesToMisfit& s = *r.solvesToMisfit;
  std::ostringstream csv;
  csv << std::setprecision(10) << "sample,target_misfit,path_final_misfit,path_solves,fwi_solves\n";
  std::vector<double> reachedPath, reachedReference;
  for (std::size_t i = 0; i < s.target.size(); ++i) {
    csv << (i < r.samples.size() ? r.samples[i] : i) << ',' << s.target[i] << ',' << s.pathMisfit[i] << ','
        << s.pathSolves[i] << ',' << s.referenceSolves[i] << '\n';
    if (!std::isfinite(s.pathSolves[i])) continue;
    reachedPath.push_back(s.pathSolves[i]);
    reachedReference.push_back(s.referenceSolves[i]);
  }
  writeTextFile(dir / "solves_to_fwi_misfit.csv", csv.str());
  const std::size_t n = s.target.size(), reached = reachedPath.size();
  md << "Target of each sample: the data misfit **" << s.reference << "** reaches at its last iteration. **" << s.path
     << "** reaches it in " << reached << " of " << n << " samples (misfits as the inversions' histories log them; "
     << "per sample in solves_to_fwi_misfit.csv).\n\n"
     << "| samples | median target misfit | " << s.path << ": median final misfit | " << s.path
     << ": median PDE solves to the target | " << s.reference << ": median PDE solves to the target |\n"
     << "|---|---|---|---|---|\n"
     << "| all " << n << " | " << significant(finiteMedian(s.target)) << " | " << significant(finiteMedian(s.pathMisfit))
     << " | " << (reached == n ? significant(finiteMedian(reachedPath), 6) : "not reached in all") << " | "
     << significant(finiteMedian(s.referenceSolves), 6) << " |\n";
  if (reached > 0 && reached < n)
    md << "| the " << reached << " reached | - | - | " << significant(finiteMedian(reachedPath), 6) << " | "
       << significant(finiteMedian(reachedReference), 6) << " |\n";
  return md.str();
}

}  // namespace

double finiteMean(const std::vector<double>& values) {
  double sum = 0.0;
  int count = 0;
  for (double v : values)
    if (std::isfinite(v)) sum += v, ++count;
  return count ? sum / count : NAN;
}

const std::vector<double>* QualityResults::score(const std::string& wanted) const {
  for (std::size_t j = 0; j < scoreNames.size(); ++j)
    if (scoreNames[j] == wanted) return &scores[j];
  return nullptr;
}

namespace {

// methods.csv and samples.csv
void writeMethodTables(const fs::path& dir, const EvaluationResults& r) {
  std::ostringstream methods, samples;
  const std::string columns = "model_error,data_misfit,ssim,pde_solves,seconds,mae,rmse\n";
  methods << std::setprecision(10) << "method,samples," << columns;
  samples << std::setprecision(10) << "method,sample," << columns;
  const auto at = [](const std::vector<double>& v, std::size_t i) { return i < v.size() ? v[i] : NAN; };
  for (const MethodResults& m : r.methods) {
    methods << quoted(m.name) << ',' << m.modelError.size();
    for (const auto* v : {&m.modelError, &m.dataMisfit, &m.ssim, &m.pdeSolves, &m.seconds, &m.mae, &m.rmse})
      methods << ',' << finiteMean(*v);
    methods << '\n';
    for (std::size_t i = 0; i < m.modelError.size(); ++i) {
      samples << quoted(m.name) << ',' << (i < r.samples.size() ? r.samples[i] : i);
      for (const auto* v : {&m.modelError, &m.dataMisfit, &m.ssim, &m.pdeSolves, &m.seconds, &m.mae, &m.rmse})
        samples << ',' << at(*v, i);
      samples << '\n';
    }
  }
  writeTextFile(dir / "methods.csv", methods.str());
  writeTextFile(dir / "samples.csv", samples.str());
}

std::string methodsSection(const EvaluationResults& r) {
  std::ostringstream md;
  md << "\n## Methods (means over " << r.samples.size() << " in-distribution samples)\n\n"
     << "| method | model error | MAE | RMSE | SSIM | data misfit (true PDE) | PDE solves | wall time (s) |\n"
     << "|---|---|---|---|---|---|---|---|\n";
  for (const MethodResults& m : r.methods)
    md << "| " << m.name << " | " << significant(finiteMean(m.modelError)) << " | " << significant(finiteMean(m.mae)) << " | "
       << significant(finiteMean(m.rmse)) << " | " << significant(finiteMean(m.ssim)) << " | "
       << significant(finiteMean(m.dataMisfit)) << " | " << significant(finiteMean(m.pdeSolves), 6) << " | "
       << significant(finiteMean(m.seconds), 4) << " |\n";
  md << "\nModel error: " << r.modelErrorDefinition << ". MAE and RMSE: OpenFWI's convention, on models mapped to "
        "[-1, 1]; SSIM on models mapped to [0, 1] (the mapping is in the notes above). Data misfit |F(q) - b| / |b| "
        "with the true PDE on the observed data. PDE solves are those the method made (the evaluation's own forward "
        "run per final model, for the misfit, is not counted); per-sample values in samples.csv.\n\n";
  for (const MethodResults& m : r.methods)
    if (!m.description.empty()) md << "- **" << m.name << "**: " << m.description << '\n';
  md << "\nPublished anchor (seismic, OpenFWI CurveVel-A, 70 x 70): PAE estimate data misfit 0.410, model error "
        "0.157; after LSI 0.059 and 0.108. The publication's summary does not say how these are normalised "
        "(unknown), so they compare with this table only in kind.\n";
  return md.str();
}

// ood.csv, quality.csv and the detection section.
std::string detectionSection(const fs::path& dir, const EvaluationResults& r) {
  std::ostringstream md, ood, quality;
  if (r.quality.empty()) return "";
  const QualityResults& in = r.quality.front();
  quality << std::setprecision(10) << "set,sample";
  for (const std::string& n : in.scoreNames) quality << ',' << n;
  quality << ",flag_statistic,flagged,model_error,data_misfit\n";
  for (const QualityResults& q : r.quality)
    for (std::size_t i = 0; i < q.samples.size(); ++i) {
      quality << quoted(q.name) << ',' << q.samples[i];
      for (const auto& v : q.scores) quality << ',' << v[i];
      quality << ',' << q.flagStatistic[i] << ',' << q.flagged[i] << ',' << q.modelError[i] << ',' << q.dataMisfit[i]
              << '\n';
    }
  writeTextFile(dir / "quality.csv", quality.str());

  const double fpr = r.flagFpr;
  const double inError = finiteMean(in.modelError);
  md << "\n## Detection: which estimates cannot be trusted\n\n"
     << "The flag: " << r.flag << ". It flags " << significant(100.0 * finiteMean(in.flagged), 3) << "% of the "
     << in.samples.size() << " in-distribution test samples (the achieved false-positive rate; calibrated for "
     << significant(100.0 * fpr, 3) << "% on the validation split).\n\n"
     << "Each out-of-distribution (OOD) set against the in-distribution test set: the PAE estimate's mean model "
        "error there (and as a multiple of the in-distribution one), the AUROC of every quality score (0.5: no "
        "separation), the share of the set the flag flags (its true-positive rate), and the true-positive rate "
        "at " << significant(100.0 * fpr, 3) << "% false positives of the best score (ood.csv has every score's).\n\n"
     << "| set | samples | model error (x in-distribution) |";
  for (const std::string& n : in.scoreNames) md << " AUROC " << n << " |";
  md << " AUROC flag | flagged | best TPR at " << significant(100.0 * fpr, 3) << "% FPR |\n|---|---|---|";
  for (std::size_t j = 0; j < in.scoreNames.size() + 3; ++j) md << "---|";
  md << "\n| in-distribution | " << in.samples.size() << " | " << significant(inError, 3) << " |";
  for (std::size_t j = 0; j < in.scoreNames.size() + 1; ++j) md << " - |";
  md << " " << significant(100.0 * finiteMean(in.flagged), 3) << "% | - |\n";
  ood << std::setprecision(10) << "set,score,auroc,tpr_at_fpr\n";
  for (std::size_t k = 1; k < r.quality.size(); ++k) {
    const QualityResults& q = r.quality[k];
    const double e = finiteMean(q.modelError);
    md << "| " << q.name << " | " << q.samples.size() << " | " << significant(e, 3) << " (" << significant(e / inError, 3)
       << "x) |";
    double bestTpr = 0.0;
    std::string best;
    for (std::size_t j = 0; j < in.scoreNames.size(); ++j) {
      const double a = pairinv::auroc(in.scores[j], q.scores[j]);
      const double t = truePositiveRate(in.scores[j], q.scores[j], fpr);
      if (t >= bestTpr) bestTpr = t, best = in.scoreNames[j];
      md << " " << significant(a, 3) << " |";
      ood << quoted(q.name) << ',' << in.scoreNames[j] << ',' << a << ',' << t << '\n';
    }
    const double flagAuroc = pairinv::auroc(in.flagStatistic, q.flagStatistic);
    ood << quoted(q.name) << ",flag," << flagAuroc << ',' << finiteMean(q.flagged) << '\n';
    md << " " << significant(flagAuroc, 3) << " | " << significant(100.0 * finiteMean(q.flagged), 3) << "% | "
       << significant(100.0 * bestTpr, 3) << "% (" << best << ") |\n";
  }
  if (r.quality.size() > 1) writeTextFile(dir / "ood.csv", ood.str());
  else md << "\nNo OOD set given (-ood): no detection figures.\n";
  md << "\nScores (large: suspicious): rre |D_b(M E_q(q_hat)) - b| / |b| and rma |D_q(E_q(q_hat)) - q_hat| / |q_hat| "
        "(the method's), data_error |D_b(E_b(b)) - b| / |b| (the data autoencoder's residual), latent_distance "
        "(Mahalanobis distance of E_b(b) from the training latents, per dimension), pca_residual (the linear "
        "baseline's relative PCA residual of the data). Per sample in quality.csv.\n";
  return md.str();
}

std::string flaggedRepairSection(const fs::path& dir, const EvaluationResults& r) {
  if (!r.flaggedRepair) return "";
  const FlaggedRepair& f = *r.flaggedRepair;
  std::ostringstream md, csv;
  md << "\n## Repair of flagged out-of-distribution samples\n\n"
     << "The flag flagged " << f.flaggedCount << " of the " << f.oodCount << " OOD samples; the first "
     << f.samples.size() << " of them (taken in turn from each OOD set) were repaired. Means over those samples, "
        "and each method against the estimate (flagged_repair.csv per sample):\n\n";
  if (f.samples.empty()) {
    md << "None to repair.\n";
    return md.str();
  }
  md << "| method | model error | vs estimate | data misfit | vs estimate | PDE solves |\n|---|---|---|---|---|---|\n";
  const MethodResults& est = f.rows.front();
  const double e0 = finiteMean(est.modelError), m0 = finiteMean(est.dataMisfit);
  csv << std::setprecision(10) << "method,set,sample,model_error,data_misfit,pde_solves,seconds\n";
  for (const MethodResults& m : f.rows) {
    const double e = finiteMean(m.modelError), d = finiteMean(m.dataMisfit);
    const bool first = &m == &f.rows.front();
    md << "| " << m.name << " | " << significant(e) << " | "
       << (first ? std::string("-") : significant(100.0 * (e / e0 - 1.0), 3) + "%") << " | " << significant(d) << " | "
       << (first ? std::string("-") : significant(m0 / d, 3) + "x lower") << " | " << significant(finiteMean(m.pdeSolves), 6)
       << " |\n";
    for (std::size_t i = 0; i < m.modelError.size(); ++i)
      csv << quoted(m.name) << ',' << quoted(f.sets[i]) << ',' << f.samples[i] << ',' << m.modelError[i] << ','
          << m.dataMisfit[i] << ',' << m.pdeSolves[i] << ',' << m.seconds[i] << '\n';
  }
  md << "\n";
  for (const MethodResults& m : f.rows)
    if (!m.description.empty()) md << "- **" << m.name << "**: " << m.description << '\n';
  writeTextFile(dir / "flagged_repair.csv", csv.str());
  return md.str();
}

// correlations.csv and its section: every score against the estimate's true errors, per set.
std::string correlationSection(const fs::path& dir, const EvaluationResults& r) {
  std::ostringstream md, csv;
  csv << std::setprecision(10) << "set,metric,against,samples,pearson,spearman\n";
  md << "\n## Quality scores against the PAE estimate's true errors\n\n"
     << "Spearman rank correlations per set (Pearson's in correlations.csv).\n\n| set | samples | score | against "
        "model error | against data misfit |\n|---|---|---|---|---|\n";
  for (const QualityResults& q : r.quality)
    for (std::size_t j = 0; j < q.scoreNames.size(); ++j) {
      md << "| " << q.name << " | " << q.samples.size() << " | " << q.scoreNames[j];
      for (const auto* truth : {&q.modelError, &q.dataMisfit}) {
        const double p = pearsonCorrelation(q.scores[j], *truth), s = spearmanCorrelation(q.scores[j], *truth);
        csv << quoted(q.name) << ',' << q.scoreNames[j] << ',' << (truth == &q.modelError ? "model_error" : "data_misfit")
            << ',' << q.samples.size() << ',' << p << ',' << s << '\n';
        md << " | " << significant(s, 3);
      }
      md << " |\n";
    }
  writeTextFile(dir / "correlations.csv", csv.str());
  return md.str();
}

HistogramFigure histogram(const std::string& title, const std::string& xLabel) { return {title, xLabel, 20, {}}; }

std::vector<std::string> writeFigures(const fs::path& dir, const EvaluationResults& r) {
  std::vector<std::string> figures;
  const std::string& errorLabel = r.modelErrorLabel;
  HistogramFigure errors = histogram("model error per method", errorLabel);
  HistogramFigure misfits = histogram("data misfit per method (true PDE)", "relative data misfit |F(q) - b| / |b|");
  for (const MethodResults& m : r.methods)
    errors.series.push_back({m.name, {}, m.modelError}), misfits.series.push_back({m.name, {}, m.dataMisfit});
  if (tryPlot([&] { writeHistogramFigure(dir / "hist_model_error.png", errors); }))
    figures.push_back("hist_model_error.png: model error per method");
  if (tryPlot([&] { writeHistogramFigure(dir / "hist_data_misfit.png", misfits); }))
    figures.push_back("hist_data_misfit.png: relative data misfit (true PDE) per method");
  if (r.quality.empty()) return figures;
  for (const std::string& score : r.quality.front().scoreNames) {
    HistogramFigure values = histogram("quality score " + score + " per set", score);
    PlotFigure scatter{score + " against the PAE estimate's true error", score, errorLabel, AxisScale::Linear,
                       AxisScale::Linear, Marks::Points, false, {}};
    for (const QualityResults& q : r.quality) {
      values.series.push_back({q.name, {}, *q.score(score)});
      scatter.series.push_back({q.name, *q.score(score), q.modelError});
    }
    const std::string hist = "hist_" + score + ".png", scatterFile = "scatter_" + score + "_model_error.png";
    if (tryPlot([&] { writeHistogramFigure(dir / hist, values); })) figures.push_back(hist + ": " + score + " per set");
    if ((score == "rre" || score == "rma" || score == "pca_residual") &&
        tryPlot([&] { writePlotFigure(dir / scatterFile, scatter); }))
      figures.push_back(scatterFile + ": " + score + " (x) against the true model error (y), per set");
  }
  return figures;
}

}  // namespace

void writeEvaluationReport(const fs::path& dir, const EvaluationResults& r) {
  writeMethodTables(dir, r);
  std::ostringstream md;
  md << "# " << r.title << "\n\n";
  for (const std::string& n : r.notes) md << "- " << n << '\n';
  md << methodsSection(r) << solvesToMisfitSection(dir, r) << detectionSection(dir, r) << flaggedRepairSection(dir, r)
     << (r.quality.empty() ? "" : correlationSection(dir, r));
  md << "\n## Figures\n\nColours follow the order of the methods table (histograms of errors) or of the sets "
        "(in-distribution first, then the OOD sets): blue, red, green, orange, purple, brown, pink, grey, olive, cyan. Axes are linear, scaled to "
        "the data (the CSV files hold the values).\n\n";
  for (const std::string& f : writeFigures(dir, r)) {
    const std::string file = f.substr(0, f.find(':'));
    md << "- " << f.substr(file.size() + 2) << "\n\n  ![" << slug(file) << "](" << file << ")\n";
  }
  writeTextFile(dir / "report.md", md.str());
}

}  // namespace pairinv::inversion
