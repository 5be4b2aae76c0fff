// The few collective operations that data-parallel training needs, behind an interface, so that
// learning/ stays free of MPI (it builds on a GPU node that has LibTorch and nothing else):
//
//   SerialCollective : one process (every operation is the identity).
//   MpiCollective    : the ranks of an MPI communicator (core/mpi_collective.hpp, built with
//                      MPI).
//
// Every operation is collective: all ranks call it, in the same order, with the same counts.
// Sums give the same bits on every rank (the replicated parameters must never drift apart).
//
// Errors. A rank that meets bad input while the others wait in a collective would leave them
// waiting for ever. Code that may throw InputError on some ranks only runs inside
// `collectively(c, f)`: every rank then learns of the first failing rank's message and throws
// it, so that all exit 2 together (internal faults still abort the whole job).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace pairinv {

class Collective {
 public:
  virtual ~Collective() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Rank among the processes of this node, and their number (for threads and GPUs per rank).
  virtual int localRank() const = 0;
  virtual int localSize() const = 0;

  /// In place: values[i] = the sum over ranks of values[i], the same bits on every rank.
  virtual void sum(float* values, std::size_t count) = 0;
  virtual void sum(double* values, std::size_t count) = 0;
  /// In place: values[i] = the maximum over ranks.
  virtual void maximum(double* values, std::size_t count) = 0;
  /// Rank 0 gets every rank's `mine` concatenated in rank order (the counts may differ); the
  /// other ranks get an empty vector.
  virtual std::vector<float> gather(const std::vector<float>& mine) = 0;
  virtual std::vector<double> gather(const std::vector<double>& mine) = 0;
  /// Every rank passes its error ("" for none). Returns "" on every rank when all are empty,
  /// else the message of the lowest failing rank (prefixed with "rank R: " for R > 0).
  virtual std::string firstError(const std::string& message) = 0;
  /// Seconds spent in sum() and maximum() since construction (for the all-reduce share).
  virtual double reduceSeconds() const = 0;
};

class SerialCollective final : public Collective {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  int localRank() const override { return 0; }
  int localSize() const override { return 1; }
  void sum(float*, std::size_t) override {}
  void sum(double*, std::size_t) override {}
  void maximum(double*, std::size_t) override {}
  std::vector<float> gather(const std::vector<float>& mine) override { return mine; }
  std::vector<double> gather(const std::vector<double>& mine) override { return mine; }
  std::string firstError(const std::string& message) override { return message; }
  double reduceSeconds() const override { return 0.0; }
};

/// A process-wide SerialCollective, for callers that have no communicator.
Collective& serialCollective();

/// Runs f() on every rank; if it throws InputError on any rank, every rank throws InputError
/// with the first failing rank's message. Other exceptions propagate on their own rank only
/// (internal faults: main() aborts the job).
template <typename F>
auto collectively(Collective& c, F&& f) -> decltype(f()) {
  std::string error;
  if constexpr (std::is_void_v<decltype(f())>) {
    try {
      f();
    } catch (const InputError& e) {
      error = e.what();
    }
    if (const std::string first = c.firstError(error); !first.empty()) throw InputError(first);
  } else {
    decltype(f()) result{};
    try {
      result = f();
    } catch (const InputError& e) {
      error = e.what();
    }
    if (const std::string first = c.firstError(error); !first.empty()) throw InputError(first);
    return result;
  }
}

/// `threads`, or for 0 the cores shared among the `ranksOnNode` processes of this node (at
/// least one each), so that ranks on one node do not oversubscribe its cores.
std::int64_t threadsPerRank(std::int64_t threads, int ranksOnNode);

/// [begin, end) of the part of `count` items that `rank` of `ranks` takes: contiguous parts
/// whose sizes differ by at most one, the larger ones first.
std::pair<std::size_t, std::size_t> partOf(std::size_t count, int rank, int ranks);

}  // namespace pairinv
