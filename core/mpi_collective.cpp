#include "core/mpi_collective.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <climits>
#include <vector>

namespace pairinv {

namespace {
void check(int status, const char* what) { ensure(status == MPI_SUCCESS, what, " failed (MPI error ", status, ")"); }
}  // namespace

MpiCollective::MpiCollective(MPI_Comm comm) : comm_(comm) {
  check(MPI_Comm_rank(comm_, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(comm_, &size_), "MPI_Comm_size");
  check(MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node_), "MPI_Comm_split_type");
  check(MPI_Comm_rank(node_, &localRank_), "MPI_Comm_rank");
  check(MPI_Comm_size(node_, &localSize_), "MPI_Comm_size");
}

MpiCollective::~MpiCollective() {
  if (node_ != MPI_COMM_NULL) MPI_Comm_free(&node_);
}

void MpiCollective::allreduce(void* values, std::size_t count, MPI_Datatype type, MPI_Op op) {
  if (size_ == 1 || count == 0) return;
  const double start = MPI_Wtime();
  int bytes = 0;
  check(MPI_Type_size(type, &bytes), "MPI_Type_size");
  auto* p = static_cast<char*>(values);
  for (std::size_t done = 0; done < count;) {  // MPI counts are ints
    const std::size_t n = std::min<std::size_t>(count - done, std::size_t(INT_MAX));
    check(MPI_Allreduce(MPI_IN_PLACE, p + done * std::size_t(bytes), int(n), type, op, comm_), "MPI_Allreduce");
    done += n;
  }
  reduceSeconds_ += MPI_Wtime() - start;
}

void MpiCollective::sum(float* values, std::size_t count) { allreduce(values, count, MPI_FLOAT, MPI_SUM); }
void MpiCollective::sum(double* values, std::size_t count) { allreduce(values, count, MPI_DOUBLE, MPI_SUM); }
void MpiCollective::maximum(double* values, std::size_t count) { allreduce(values, count, MPI_DOUBLE, MPI_MAX); }

template <typename T>
std::vector<T> MpiCollective::gatherValues(const std::vector<T>& mine, MPI_Datatype type) {
  if (size_ == 1) return mine;
  ensure(mine.size() <= std::size_t(INT_MAX), "gather: ", mine.size(), " values on one rank (at most 2^31 - 1)");
  const int count = int(mine.size());
  std::vector<int> counts(rank_ == 0 ? std::size_t(size_) : 0), offsets(counts.size());
  check(MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm_), "MPI_Gather");
  std::size_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    ensure(total <= std::size_t(INT_MAX), "gather: more than 2^31 - 1 values in all");
    offsets[r] = int(total);
    total += std::size_t(counts[r]);
  }
  std::vector<T> all(total);
  check(MPI_Gatherv(mine.data(), count, type, all.data(), counts.data(), offsets.data(), type, 0, comm_),
        "MPI_Gatherv");
  return all;
}

std::vector<float> MpiCollective::gather(const std::vector<float>& mine) { return gatherValues(mine, MPI_FLOAT); }
std::vector<double> MpiCollective::gather(const std::vector<double>& mine) { return gatherValues(mine, MPI_DOUBLE); }

std::string MpiCollective::firstError(const std::string& message) {
  if (size_ == 1) return message;
  // Non-blocking and polled with sleeps: ranks may wait here for minutes while rank 0 works
  // alone (the calibration after training), and a blocking call would spin on their cores.
  int mine = message.empty() ? size_ : rank_, first = size_, done = 0;
  MPI_Request request = MPI_REQUEST_NULL;
  check(MPI_Iallreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm_, &request), "MPI_Iallreduce");
  for (int polls = 0;; ++polls) {
    check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
    if (done) break;
    if (polls > 100) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (first == size_) return "";
  int length = rank_ == first ? int(message.size()) : 0;
  check(MPI_Bcast(&length, 1, MPI_INT, first, comm_), "MPI_Bcast");
  std::vector<char> text(std::size_t(length) + 1, '\0');
  if (rank_ == first) std::copy(message.begin(), message.end(), text.begin());
  check(MPI_Bcast(text.data(), length, MPI_CHAR, first, comm_), "MPI_Bcast");
  // Rank 0 prints InputErrors (core/petsc_program.cpp): say which rank met the problem.
  return first == 0 ? std::string(text.data()) : concat("rank ", first, ": ", text.data());
}

}  // namespace pairinv
