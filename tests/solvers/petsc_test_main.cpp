// main() of the solver tests: GoogleTest runs inside one PetscSession (PetscInitialize before the
// first test, PetscFinalize after the last), so tests may create PETSc objects and use
// PETSC_COMM_WORLD. Under mpiexec every rank runs every test; rank 0 prints the usual report,
// other ranks print their failures only, and all ranks exit with the same status.
#include <gtest/gtest.h>

#include <cstdio>
#include <exception>

#include "core/petsc_session.hpp"

namespace {

/// Prints the failed assertions of a non-root rank, prefixed with the rank.
class RankFailurePrinter : public ::testing::EmptyTestEventListener {
 public:
  explicit RankFailurePrinter(int rank) : rank_(rank) {}
  void OnTestPartResult(const ::testing::TestPartResult& result) override {
    if (!result.failed()) return;
    std::fprintf(stderr, "[rank %d] %s:%d: Failure\n%s\n", rank_,
                 result.file_name() ? result.file_name() : "?", result.line_number(), result.summary());
  }

 private:
  int rank_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  try {
    pairinv::PetscSession session(&argc, &argv, "pairinv solver tests");
    if (session.rank() != 0) {
      ::testing::TestEventListeners& listeners = ::testing::UnitTest::GetInstance()->listeners();
      delete listeners.Release(listeners.default_result_printer());
      listeners.Append(new RankFailurePrinter(session.rank()));
    }
    int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
    int anyFailed = failed;
    MPI_Allreduce(&failed, &anyFailed, 1, MPI_INT, MPI_MAX, session.comm());
    return anyFailed;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "test setup failed: %s\n", e.what());
    return 1;
  }
}
