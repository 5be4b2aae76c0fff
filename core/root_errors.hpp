// Work that only rank 0 does (reading a file, preparing an output) but whose failure every rank
// must see: otherwise the other ranks go on and wait forever in the next collective call.
#pragma once

#include <mpi.h>

#include <climits>
#include <exception>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.hpp"

namespace pairinv {

/// Runs `work` on rank 0 of `comm` (other ranks never call it) and rethrows its error on every
/// rank (InputError stays an InputError, anything else becomes an Error with the same message).
/// When `work` returns a std::vector<double> (a decoder's output in latent-space inversion), every
/// rank returns those values. Collective.
template <typename F>
auto runOnRoot(MPI_Comm comm, F&& work) {
  using Result = decltype(work());
  static_assert(std::is_void_v<Result> || std::is_same_v<Result, std::vector<double>>,
                "runOnRoot: the work returns nothing or a std::vector<double>");
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  int kind = 0;  // 0: fine, 1: InputError, 2: anything else
  std::string message;
  [[maybe_unused]] std::vector<double> values;
  if (rank == 0) {
    try {
      if constexpr (std::is_void_v<Result>)
        work();
      else
        values = work();
    } catch (const InputError& e) {
      kind = 1, message = e.what();
    } catch (const std::exception& e) {
      kind = 2, message = e.what();
    } catch (...) {
      kind = 2, message = "unknown error on rank 0";
    }
  }
  MPI_Bcast(&kind, 1, MPI_INT, 0, comm);
  if (kind != 0) {
    int length = int(message.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, comm);
    message.resize(std::size_t(length));
    MPI_Bcast(message.data(), length, MPI_CHAR, 0, comm);
    if (kind == 1) throw InputError(message);
    throw Error(message);
  }
  if constexpr (!std::is_void_v<Result>) {
    long long count = (long long)values.size();
    MPI_Bcast(&count, 1, MPI_LONG_LONG, 0, comm);
    values.resize(std::size_t(count));
    MPI_Bcast(values.data(), int(count), MPI_DOUBLE, 0, comm);
    return values;
  }
}

/// After each rank did its own work: if any rank caught an exception (`failure`, null where it
/// did not), every rank throws the message of the lowest failing rank, InputError if it was one,
/// else Error. Returns normally on every rank when none failed. Collective.
inline void rethrowOnEveryRank(MPI_Comm comm, const std::exception_ptr& failure) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  int mine = failure ? rank : INT_MAX, first = INT_MAX;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm);
  if (first == INT_MAX) return;
  int kind = 2;
  std::string message;
  if (rank == first) {
    try {
      std::rethrow_exception(failure);
    } catch (const InputError& e) {
      kind = 1, message = e.what();
    } catch (const std::exception& e) {
      message = e.what();
    } catch (...) {
      message = "unknown error";
    }
  }
  MPI_Bcast(&kind, 1, MPI_INT, first, comm);
  int length = int(message.size());
  MPI_Bcast(&length, 1, MPI_INT, first, comm);
  message.resize(std::size_t(length));
  MPI_Bcast(message.data(), length, MPI_CHAR, first, comm);
  if (kind == 1) throw InputError(message);
  throw Error(message);
}

}  // namespace pairinv
