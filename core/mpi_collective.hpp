// Collective (core/collective.hpp) over an MPI communicator: MPI_Allreduce on flat buffers.
//
// Why MPI_Allreduce and not LibTorch's c10d (Debian's libtorch_cpu does contain
// ProcessGroupGloo): every pairinv command already starts under mpiexec, which hands each rank
// its communicator; Gloo would need a second rendezvous (a TCP store's address and port, or a
// shared file) that batch systems do not provide. MPI's reduction order is fixed for a given
// rank count and message size, so a run is bit-identical to its rerun and every rank holds the
// same bits (the trainer checks this every epoch). The Collective interface keeps learning/
// free of both, so an NCCL collective for multi-GPU nodes would be one more implementation.
// On CUDA the buffers pass through host memory: correct, but NCCL would avoid the copy.
#pragma once

#include <mpi.h>

#include "core/collective.hpp"

namespace pairinv {

class MpiCollective final : public Collective {
 public:
  /// Does not take ownership of `comm` (it must outlive this object).
  explicit MpiCollective(MPI_Comm comm);
  ~MpiCollective() override;
  MpiCollective(const MpiCollective&) = delete;
  MpiCollective& operator=(const MpiCollective&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int localRank() const override { return localRank_; }
  int localSize() const override { return localSize_; }
  void sum(float* values, std::size_t count) override;
  void sum(double* values, std::size_t count) override;
  void maximum(double* values, std::size_t count) override;
  std::vector<float> gather(const std::vector<float>& mine) override;
  std::vector<double> gather(const std::vector<double>& mine) override;
  std::string firstError(const std::string& message) override;
  double reduceSeconds() const override { return reduceSeconds_; }

 private:
  void allreduce(void* values, std::size_t count, MPI_Datatype type, MPI_Op op);
  template <typename T>
  std::vector<T> gatherValues(const std::vector<T>& mine, MPI_Datatype type);

  MPI_Comm comm_;
  MPI_Comm node_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1, localRank_ = 0, localSize_ = 1;
  double reduceSeconds_ = 0.0;
};

}  // namespace pairinv
