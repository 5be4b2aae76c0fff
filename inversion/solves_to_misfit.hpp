// The PDE solves an inversion needs to reach a data misfit, read back from its history.csv
// (TaoDriver's columns, inversionHistoryColumns()). `pairinv evaluate` uses it for the figure
// "PDE solves LSI needs to reach the misfit classical FWI reaches at convergence, against what
// FWI needs": the target of each sample is the long FWI's final data misfit, LSI's path is LSI
// followed by its polish, and FWI's count is its own first iteration at that misfit.
//
// Misfits are compared as the histories log them (data_misfit = |W (F(q) - b)| / |W b| of the
// stage's data), so the paths compared must use the same data and weights: evaluate checks that.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pairinv::inversion {

/// The data_misfit of the last row of `history`; InputError if it cannot be read or is empty.
double finalDataMisfit(const std::filesystem::path& history);

/// The cumulative pde_solves at the first row whose data_misfit is at most `target`, along
/// `histories` run one after the other (each file's pde_solves counts from 0, so each adds the
/// previous files' totals). With lastStageOnly, only rows of each file's last stage count (a
/// multiscale FWI's earlier stages fit low-passed data). NaN if no row reaches the target.
double solvesToReachMisfit(const std::vector<std::filesystem::path>& histories, double target,
                           bool lastStageOnly = false);

/// The figure over the evaluated samples; one value per sample in each vector.
struct SolvesToMisfit {
  std::string path;       // e.g. "LSI + polish (10 it.)"
  std::string reference;  // e.g. "FWI (30 it./stage)"
  std::vector<double> target;          // the reference's final data misfit
  std::vector<double> pathSolves;      // NaN where the path never reaches the target
  std::vector<double> pathMisfit;      // the path's final data misfit
  std::vector<double> referenceSolves;  // the reference's solves to its own final misfit
};

}  // namespace pairinv::inversion
