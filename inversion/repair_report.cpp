#include "inversion/repair_report.hpp"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "inversion/report_text.hpp"

namespace fs = std::filesystem;

namespace pairinv::inversion {

namespace {

double mean(const std::vector<RepairRow>& rows, double RepairRow::*field) {
  double sum = 0.0;
  for (const RepairRow& r : rows) sum += r.*field;
  return rows.empty() ? NAN : sum / double(rows.size());
}

}  // namespace

std::vector<std::string> RepairRow::columns() {
  return {"sample", "flag_statistic", "estimate_model_error", "estimate_data_misfit", "lsi_model_error",
          "lsi_data_misfit", "final_model_error", "final_data_misfit", "lsi_pde_solves", "polish_pde_solves",
          "seconds", "baseline_model_error", "baseline_data_misfit"};
}

std::vector<double> RepairRow::values() const {
  return {double(sample), flagStatistic, estimateError, estimateMisfit, lsiError, lsiMisfit, finalError, finalMisfit,
          lsiSolves, polishSolves, seconds, baselineError, baselineMisfit};
}

RepairRow RepairRow::fromValues(const std::vector<double>& v) {
  ensure(v.size() == columns().size(), "a repair row of ", v.size(), " values");
  RepairRow r;
  r.sample = std::size_t(v[0]);
  r.flagStatistic = v[1], r.estimateError = v[2], r.estimateMisfit = v[3], r.lsiError = v[4], r.lsiMisfit = v[5];
  r.finalError = v[6], r.finalMisfit = v[7], r.lsiSolves = v[8], r.polishSolves = v[9], r.seconds = v[10];
  r.baselineError = v[11], r.baselineMisfit = v[12];
  return r;
}

void writeRepairReport(const fs::path& dir, const RepairSummary& s) {
  std::ostringstream csv;
  csv << std::setprecision(10);
  const auto columns = RepairRow::columns();
  for (std::size_t c = 0; c < columns.size(); ++c) csv << (c ? "," : "") << columns[c];
  csv << '\n';
  for (const RepairRow& r : s.rows) {
    const auto v = r.values();
    for (std::size_t c = 0; c < v.size(); ++c) csv << (c ? "," : "") << v[c];
    csv << '\n';
  }
  writeTextFile(dir / "summary.csv", csv.str());

  std::ostringstream md;
  md << "# pairinv repair\n\n"
     << "- run: `" << s.run << "`\n- survey: `" << s.input << "`\n"
     << "- flag: " << s.flag << "\n"
     << "- linear baseline: " << (s.baseline.empty() ? "none stored with the run" : s.baseline) << "\n"
     << "- flagged: " << s.samplesFlagged << " of " << s.samplesEstimated << " samples; repaired: " << s.rows.size()
     << "\n- repair: LSI, " << s.lsiIterations << " iterations, alpha " << s.alpha;
  if (s.polishIterations > 0) md << ", then a polish of " << s.polishIterations << " FWI iterations from LSI's model";
  if (s.truthKnown)
    md << "\n- model error: " << s.modelErrorDefinition;
  else
    md << "\n- model error: not measured: the survey holds no true models (field data), so the data misfit is the "
          "only measure of a repair";
  md << "; data misfit: |W (F(q) - b)| / |W b| by the true PDE\n\n";
  // Model errors and their ratios, or n/a without true models.
  const auto error = [&](double e) { return s.truthKnown ? significant(e) : std::string("n/a"); };
  if (s.rows.empty()) {
    md << "No sample was flagged: nothing to repair.\n";
  } else {
    const double e0 = mean(s.rows, &RepairRow::estimateError), m0 = mean(s.rows, &RepairRow::estimateMisfit);
    md << "## Means over the " << s.rows.size() << " repaired samples\n\n"
       << "| model | model error | vs estimate | data misfit | vs estimate | PDE solves |\n|---|---|---|---|---|---|\n";
    const auto row = [&](const std::string& name, double e, double m, double solves) {
      md << "| " << name << " | " << error(e) << " | " << (s.truthKnown ? significant(e / e0, 3) + "x" : "n/a")
         << " | " << significant(m) << " | "
         << significant(m / m0, 3) << "x | " << significant(solves) << " |\n";
    };
    if (!s.baseline.empty())
      row("linear baseline (PCA + ridge)", mean(s.rows, &RepairRow::baselineError),
          mean(s.rows, &RepairRow::baselineMisfit), 0.0);
    row("learned estimate", e0, m0, 0.0);
    row("LSI", mean(s.rows, &RepairRow::lsiError), mean(s.rows, &RepairRow::lsiMisfit), mean(s.rows, &RepairRow::lsiSolves));
    if (s.polishIterations > 0)
      row("LSI + polish (final)", mean(s.rows, &RepairRow::finalError), mean(s.rows, &RepairRow::finalMisfit),
          mean(s.rows, &RepairRow::lsiSolves) + mean(s.rows, &RepairRow::polishSolves));
    md << "\n## Per sample (`summary.csv`; each sample's inversion in `sampleI/`, its polish in `sampleI/polish/`)\n\n"
       << "| sample | flag statistic | estimate error / misfit | LSI | final | PDE solves | seconds |\n"
       << "|---|---|---|---|---|---|---|\n";
    for (const RepairRow& r : s.rows)
      md << "| " << r.sample << " | " << significant(r.flagStatistic, 3) << " | " << error(r.estimateError) << " / "
         << significant(r.estimateMisfit) << " | " << error(r.lsiError) << " / " << significant(r.lsiMisfit) << " | "
         << error(r.finalError) << " / " << significant(r.finalMisfit) << " | " << significant(r.lsiSolves + r.polishSolves)
         << " | " << significant(r.seconds, 3) << " |\n";
  }
  writeTextFile(dir / "report.md", md.str());
}

}  // namespace pairinv::inversion
