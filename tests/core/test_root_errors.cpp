// runOnRoot and rethrowOnEveryRank (core/root_errors.hpp) on 1 and 2 ranks: work on rank 0 only,
// its values on every rank, and a failure on one rank thrown on every rank with its kind.
#include <gtest/gtest.h>
#include <mpi.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/root_errors.hpp"

namespace pairinv {
namespace {

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

TEST(RunOnRoot, OnlyRankZeroWorksAndEveryRankGetsItsValues) {
  int calls = 0;
  const std::vector<double> values = runOnRoot(MPI_COMM_WORLD, [&] {
    ++calls;
    return std::vector<double>{1.5, -2.0, 3.25};
  });
  EXPECT_EQ(calls, rank() == 0 ? 1 : 0);
  EXPECT_EQ(values, (std::vector<double>{1.5, -2.0, 3.25}));
  const std::vector<double> none = runOnRoot(MPI_COMM_WORLD, [] { return std::vector<double>{}; });
  EXPECT_TRUE(none.empty());
}

TEST(RunOnRoot, AFailureOnRankZeroIsThrownOnEveryRankWithItsKind) {
  try {
    runOnRoot(MPI_COMM_WORLD, [] { throw InputError("the file 'x.h5' is corrupt"); });
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "the file 'x.h5' is corrupt");
  }
  try {
    (void)runOnRoot(MPI_COMM_WORLD, []() -> std::vector<double> { throw std::runtime_error("decoder fault"); });
    FAIL() << "no exception";
  } catch (const InputError&) {
    FAIL() << "an internal fault became bad input";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "decoder fault");
  }
}

TEST(RethrowOnEveryRank, TheLowestFailingRanksMessageReachesEveryRank) {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  std::exception_ptr failure;
  if (rank() == size - 1) failure = std::make_exception_ptr(InputError("sample 7 is bad"));
  EXPECT_THROW(rethrowOnEveryRank(MPI_COMM_WORLD, failure), InputError);
  EXPECT_NO_THROW(rethrowOnEveryRank(MPI_COMM_WORLD, nullptr));
}

}  // namespace
}  // namespace pairinv

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  if (pairinv::rank() != 0) delete ::testing::UnitTest::GetInstance()->listeners().Release(
      ::testing::UnitTest::GetInstance()->listeners().default_result_printer());
  const int failed = RUN_ALL_TESTS();
  int any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return any;
}
