#include "inversion/solves_to_misfit.hpp"

#include <cmath>

#include "core/error.hpp"
#include "inversion/history_log.hpp"
#include "inversion/tao_driver.hpp"

namespace fs = std::filesystem;

namespace pairinv::inversion {

namespace {

HistoryLog readHistory(const fs::path& history) {
  require(fs::exists(history), "cannot read the inversion history '", history.string(), "': no such file");
  HistoryLog log(history, inversionHistoryColumns());
  require(log.resume() > 0, "the inversion history '", history.string(), "' has no rows");
  return log;
}

}  // namespace

double finalDataMisfit(const fs::path& history) { return readHistory(history).column("data_misfit").back(); }

double solvesToReachMisfit(const std::vector<fs::path>& histories, double target, bool lastStageOnly) {
  double offset = 0.0;
  for (const fs::path& file : histories) {
    const HistoryLog log = readHistory(file);
    const std::vector<double> misfit = log.column("data_misfit"), solves = log.column("pde_solves"),
                              stage = log.column("stage");
    for (std::size_t i = 0; i < misfit.size(); ++i)
      if ((!lastStageOnly || stage[i] == stage.back()) && misfit[i] <= target) return offset + solves[i];
    offset += solves.back();
  }
  return NAN;
}

}  // namespace pairinv::inversion
