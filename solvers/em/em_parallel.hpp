// How the work of an EM survey is shared over MPI ranks.
//
// The ranks form groups of -em_ranks_per_frequency ranks (MUMPS factorises one system over a
// group). The unit of work is a task: one frequency and a contiguous block of its sources,
// solved with one factorisation. With at least as many frequencies as groups, each task holds
// all sources of a frequency (one factorisation per frequency); with more groups than
// frequencies, a frequency's sources are split into up to groups/nfreq blocks, each factorising
// the same matrix, so that every group has work. Tasks go round-robin to the groups. Results
// are summed over the communicator from each group's rank 0, so every entry comes from exactly
// one task and the data do not depend on the number of ranks (beyond MUMPS's own rounding
// when a group has several ranks).
#pragma once

#include <mpi.h>

#include <vector>

namespace pairinv::em {

struct EmTask {
  int frequency = 0;
  int firstSource = 0, endSource = 0;  // sources [first, end)
};

class EmTaskPlan {
 public:
  /// Throws InputError if ranksPerGroup does not divide the number of ranks of `comm`.
  EmTaskPlan(MPI_Comm comm, int ranksPerGroup, int nfreq, int nsrc);
  EmTaskPlan(const EmTaskPlan&) = delete;
  EmTaskPlan& operator=(const EmTaskPlan&) = delete;
  ~EmTaskPlan();

  MPI_Comm group() const { return group_; }
  /// Rank 0 of the group contributes the group's results to the sums.
  bool groupRoot() const { return groupRank_ == 0; }
  /// The tasks of this rank's group.
  const std::vector<EmTask>& tasks() const { return tasks_; }

 private:
  MPI_Comm group_ = MPI_COMM_NULL;
  int groupRank_ = 0;
  std::vector<EmTask> tasks_;
};

/// Throws InputError unless ranksPerGroup divides the number of ranks of `comm` (so that an
/// app can check -em_ranks_per_frequency before it writes anything).
void requireRankLayout(MPI_Comm comm, int ranksPerGroup);

/// Sums `values` over `comm` in place (every rank gets the total).
void sumOverRanks(MPI_Comm comm, std::vector<double>& values);

}  // namespace pairinv::em
