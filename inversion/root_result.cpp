#include "inversion/root_result.hpp"

#include <cstdint>
#include <exception>
#include <string>

#include "core/error.hpp"

namespace pairinv::inversion {

namespace {

enum Status : std::int64_t { kOk = 0, kInputError = 1, kOtherError = 2 };

}  // namespace

std::vector<double> computeOnRootAndShare(MPI_Comm comm, const std::function<std::vector<double>()>& compute) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  std::vector<double> values;
  std::string message;
  std::exception_ptr failure;
  std::int64_t header[2] = {kOk, 0};  // status, then the values' count or the message's length
  if (rank == 0) {
    try {
      values = compute();
      header[1] = std::int64_t(values.size());
    } catch (const InputError& e) {
      failure = std::current_exception(), header[0] = kInputError, message = e.what();
    } catch (const std::exception& e) {
      failure = std::current_exception(), header[0] = kOtherError, message = e.what();
    } catch (...) {
      failure = std::current_exception(), header[0] = kOtherError, message = "unknown error on rank 0";
    }
    if (failure) header[1] = std::int64_t(message.size());
  }
  MPI_Bcast(header, 2, MPI_INT64_T, 0, comm);
  if (header[0] != kOk) {
    message.resize(std::size_t(header[1]));
    MPI_Bcast(message.data(), int(header[1]), MPI_CHAR, 0, comm);
    if (failure) std::rethrow_exception(failure);
    if (header[0] == kInputError) throw InputError(message);
    throw Error(message);
  }
  values.resize(std::size_t(header[1]));
  MPI_Bcast(values.data(), int(header[1]), MPI_DOUBLE, 0, comm);
  return values;
}

}  // namespace pairinv::inversion
