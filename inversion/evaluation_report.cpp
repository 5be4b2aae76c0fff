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
#include "core/png_plot.hpp"
#include "inversion/evaluation_metrics.hpp"

namespace fs = std::filesystem;

namespace pairinv::inversion {

namespace {

void writeText(const fs::path& file, const std::string& text) {
  writeAtomically(file, [&](const fs::path& tmp) {
    std::ofstream out(tmp);
    out << text;
    out.close();
    require(!out.fail(), "error while writing '", file.string(), "' (disk full?)");
  });
}

std::string number(double v, int digits = 4) {
  if (!std::isfinite(v)) return "nan";
  std::ostringstream s;
  s << std::setprecision(digits) << v;
  return s.str();
}

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
  writeText(dir / "solves_to_fwi_misfit.csv", csv.str());
  const std::size_t n = s.target.size(), reached = reachedPath.size();
  md << "Target of each sample: the data misfit **" << s.reference << "** reaches at its last iteration. **" << s.path
     << "** reaches it in " << reached << " of " << n << " samples (misfits as the inversions' histories log them; "
     << "per sample in solves_to_fwi_misfit.csv).\n\n"
     << "| samples | median target misfit | " << s.path << ": median final misfit | " << s.path
     << ": median PDE solves to the target | " << s.reference << ": median PDE solves to the target |\n"
     << "|---|---|---|---|---|\n"
     << "| all " << n << " | " << number(finiteMedian(s.target)) << " | " << number(finiteMedian(s.pathMisfit))
     << " | " << (reached == n ? number(finiteMedian(reachedPath), 6) : "not reached in all") << " | "
     << number(finiteMedian(s.referenceSolves), 6) << " |\n";
  if (reached > 0 && reached < n)
    md << "| the " << reached << " reached | - | - | " << number(finiteMedian(reachedPath), 6) << " | "
       << number(finiteMedian(reachedReference), 6) << " |\n";
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

void writeEvaluationReport(const fs::path& dir, const EvaluationResults& r) {
  // CSV tables.
  std::ostringstream methods, samples, quality, correlations, ood;
  methods << std::setprecision(10) << "method,samples,model_error,data_misfit,ssim,pde_solves,seconds\n";
  samples << std::setprecision(10) << "method,sample,model_error,data_misfit,ssim,pde_solves,seconds\n";
  for (const MethodResults& m : r.methods) {
    methods << quoted(m.name) << ',' << m.modelError.size() << ',' << finiteMean(m.modelError) << ','
            << finiteMean(m.dataMisfit) << ',' << finiteMean(m.ssim) << ',' << finiteMean(m.pdeSolves) << ','
            << finiteMean(m.seconds) << '\n';
    for (std::size_t i = 0; i < m.modelError.size(); ++i)
      samples << quoted(m.name) << ',' << (i < r.samples.size() ? r.samples[i] : i) << ',' << m.modelError[i] << ','
              << m.dataMisfit[i] << ',' << m.ssim[i] << ',' << m.pdeSolves[i] << ',' << m.seconds[i] << '\n';
  }
  quality << std::setprecision(10) << "set,sample,rre,rma,model_error,data_misfit\n";
  correlations << std::setprecision(10) << "set,metric,against,samples,pearson,spearman\n";
  struct Correlation {
    std::string set, metric, against;
    std::size_t samples;
    double pearson, spearman;
  };
  std::vector<Correlation> corr;
  for (const QualityResults& q : r.quality) {
    for (std::size_t i = 0; i < q.rre.size(); ++i)
      quality << quoted(q.name) << ',' << q.samples[i] << ',' << q.rre[i] << ',' << q.rma[i] << ',' << q.modelError[i]
              << ',' << q.dataMisfit[i] << '\n';
    for (const auto& [metric, values] : {std::pair{"RRE", &q.rre}, std::pair{"RMA", &q.rma}})
      for (const auto& [against, truth] :
           {std::pair{"model_error", &q.modelError}, std::pair{"data_misfit", &q.dataMisfit}}) {
        corr.push_back({q.name, metric, against, values->size(), pearsonCorrelation(*values, *truth),
                        spearmanCorrelation(*values, *truth)});
        correlations << quoted(q.name) << ',' << metric << ',' << against << ',' << values->size() << ','
                     << corr.back().pearson << ',' << corr.back().spearman << '\n';
      }
  }
  writeText(dir / "methods.csv", methods.str());
  writeText(dir / "samples.csv", samples.str());
  writeText(dir / "quality.csv", quality.str());
  writeText(dir / "correlations.csv", correlations.str());
  if (r.hasOod) {
    ood << std::setprecision(10) << "score,auroc\nRRE," << r.aurocRre << "\nRMA," << r.aurocRma << '\n';
    writeText(dir / "ood.csv", ood.str());
  }

  // Figures (colours in the order of the methods / sets: blue, red, green, orange, purple).
  std::vector<std::string> figures;
  std::vector<std::vector<double>> errors, misfits;
  for (const MethodResults& m : r.methods) errors.push_back(m.modelError), misfits.push_back(m.dataMisfit);
  if (tryPlot([&] { writeHistogram(dir / "hist_model_error.png", errors); }))
    figures.push_back("hist_model_error.png: model error per method");
  if (tryPlot([&] { writeHistogram(dir / "hist_data_misfit.png", misfits); }))
    figures.push_back("hist_data_misfit.png: relative data misfit (true PDE) per method");
  std::vector<std::vector<double>> rre, rma, qerr, qmis;
  for (const QualityResults& q : r.quality)
    rre.push_back(q.rre), rma.push_back(q.rma), qerr.push_back(q.modelError), qmis.push_back(q.dataMisfit);
  if (tryPlot([&] { writeHistogram(dir / "hist_rre.png", rre); })) figures.push_back("hist_rre.png: RRE per set");
  if (tryPlot([&] { writeHistogram(dir / "hist_rma.png", rma); })) figures.push_back("hist_rma.png: RMA per set");
  if (tryPlot([&] { writeScatterPlot(dir / "scatter_rre_model_error.png", rre, qerr); }))
    figures.push_back("scatter_rre_model_error.png: RRE (x) against the true model error (y), per set");
  if (tryPlot([&] { writeScatterPlot(dir / "scatter_rma_model_error.png", rma, qerr); }))
    figures.push_back("scatter_rma_model_error.png: RMA (x) against the true model error (y), per set");
  if (tryPlot([&] { writeScatterPlot(dir / "scatter_rre_data_misfit.png", rre, qmis); }))
    figures.push_back("scatter_rre_data_misfit.png: RRE (x) against the true data misfit (y), per set");
  if (tryPlot([&] { writeScatterPlot(dir / "scatter_rma_data_misfit.png", rma, qmis); }))
    figures.push_back("scatter_rma_data_misfit.png: RMA (x) against the true data misfit (y), per set");

  // The Markdown report.
  std::ostringstream md;
  md << "# " << r.title << "\n\n";
  for (const std::string& n : r.notes) md << "- " << n << '\n';
  md << "\n## Methods (means over " << r.samples.size() << " samples)\n\n"
     << "| method | model error | data misfit (true PDE) | SSIM | PDE solves | wall time (s) |\n"
     << "|---|---|---|---|---|---|\n";
  for (const MethodResults& m : r.methods)
    md << "| " << m.name << " | " << number(finiteMean(m.modelError)) << " | " << number(finiteMean(m.dataMisfit))
       << " | " << number(finiteMean(m.ssim)) << " | " << number(finiteMean(m.pdeSolves), 6) << " | "
       << number(finiteMean(m.seconds), 4) << " |\n";
  md << "\nModel error: " << r.modelErrorDefinition << "; data misfit |F(q) - b| / |b| with the true PDE on the observed "
        "data; PDE solves are those the method made (the evaluation's own forward run per final model, for the "
        "misfit, is not counted); per-sample values in samples.csv.\n\n";
  for (const MethodResults& m : r.methods)
    if (!m.description.empty()) md << "- **" << m.name << "**: " << m.description << '\n';
  md << "\nPublished anchor (seismic, OpenFWI): PAE estimate data misfit 0.410, model error 0.157; after LSI "
        "0.059 and 0.108.\n";
  md << solvesToMisfitSection(dir, r);
  md << "\n## Quality metrics of the PAE estimate\n\n"
     << "Correlations of RRE and RMA with the PAE estimate's true errors, over the samples of each set given "
        "in the column samples (quality.csv).\n\n"
     << "| set | samples | metric | against | Pearson | Spearman |\n|---|---|---|---|---|---|\n";
  for (const Correlation& c : corr)
    md << "| " << c.set << " | " << c.samples << " | " << c.metric << " | " << c.against << " | "
       << number(c.pearson, 3) << " | " << number(c.spearman, 3) << " |\n";
  std::size_t negatives = 0, positives = 0;  // the AUROC's samples
  for (const QualityResults& q : r.quality) (q.name == "OOD" ? positives : negatives) += q.rre.size();
  if (r.hasOod)
    md << "\nOOD detection (OOD set positive, in-distribution negative) over " << positives << " OOD and "
       << negatives << " in-distribution samples: AUROC of RRE " << number(r.aurocRre, 3) << ", of RMA "
       << number(r.aurocRma, 3) << " (ood.csv).\n";
  else
    md << "\nNo OOD set given (-ood): no OOD-detection AUROC.\n";
  md << "\n## Figures\n\nColours follow the order of the methods table (histograms of errors) or of the sets "
        "(in-distribution, OOD): blue, red, green, orange, purple. Axes are linear, scaled to the data "
        "(the CSV files hold the values).\n\n";
  for (const std::string& f : figures) {
    const std::string file = f.substr(0, f.find(':'));
    md << "- " << f.substr(file.size() + 2) << "\n\n  ![" << slug(file) << "](" << file << ")\n";
  }
  writeText(dir / "report.md", md.str());
}

}  // namespace pairinv::inversion
