#include "solvers/em/em_parallel.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace pairinv::em {

void requireRankLayout(MPI_Comm comm, int ranksPerGroup) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  require(ranksPerGroup >= 1 && size % ranksPerGroup == 0, "-em_ranks_per_frequency ", ranksPerGroup,
          " must divide the number of MPI ranks (", size, ")");
}

EmTaskPlan::EmTaskPlan(MPI_Comm comm, int ranksPerGroup, int nfreq, int nsrc) {
  requireRankLayout(comm, ranksPerGroup);
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const int groups = size / ranksPerGroup, myGroup = rank / ranksPerGroup;
  MPI_Comm_split(comm, myGroup, rank, &group_);
  MPI_Comm_rank(group_, &groupRank_);

  const int blocks = std::max(1, std::min(nsrc, groups / std::max(nfreq, 1)));
  int task = 0;
  for (int f = 0; f < nfreq; ++f)
    for (int b = 0; b < blocks; ++b, ++task) {
      const int first = int(long(nsrc) * b / blocks), end = int(long(nsrc) * (b + 1) / blocks);
      if (task % groups == myGroup && end > first) tasks_.push_back({f, first, end});
    }
}

EmTaskPlan::~EmTaskPlan() {
  if (group_ != MPI_COMM_NULL) MPI_Comm_free(&group_);
}

void sumOverRanks(MPI_Comm comm, std::vector<double>& values) {
  if (!values.empty()) MPI_Allreduce(MPI_IN_PLACE, values.data(), int(values.size()), MPI_DOUBLE, MPI_SUM, comm);
}

}  // namespace pairinv::em
