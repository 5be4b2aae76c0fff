// The evaluation log behind bit-exact resumes (inversion/evaluation_log.hpp): what a rerun
// replays, where it stops (the last end of an iteration; a torn record after a kill is
// dropped), a call that differs ending the replay for good, and appends after the replay.
#include <gtest/gtest.h>
#include <mpi.h>

#include <filesystem>
#include <fstream>

#include "inversion/evaluation_log.hpp"

namespace fs = std::filesystem;
using pairinv::inversion::EvaluationLog;
using Kind = EvaluationLog::Kind;

namespace {

class EvaluationLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pairinv_evaluation_log_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    file_ = dir_ / "evaluations.bin";
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// A stage of three variables: two iterations logged, then an objective call in flight.
  void writeStage() {
    EvaluationLog log(MPI_COMM_WORLD, file_);
    log.begin({2, 7, 40.0, 1.5, false, {1.0, 2.0, 3.0}});
    log.replay(Kind::Objective, {1.0, 2.0, 3.0});  // nothing to replay: starts appending
    log.append({Kind::Objective, {1.0, 2.0, 3.0}, 5.0, 10.0, {0.1, 0.2, 0.3}});
    log.append({Kind::IterationEnd, {}, 0.0, 0.0, {}});
    log.append({Kind::Objective, {0.9, 1.9, 2.9}, 4.0, 10.0, {0.01, 0.02, 0.03}});
    log.append({Kind::DataTerm, {0.9, 1.9, 2.9}, 3.5, 0.0, {}});
    log.append({Kind::IterationEnd, {}, 1.0, 0.0, {}});
    log.append({Kind::Objective, {0.8, 1.8, 2.8}, 3.0, 10.0, {0.0, 0.0, 0.0}});  // in flight
  }

  fs::path dir_, file_;
};

TEST_F(EvaluationLogTest, ReplaysTheCallsUpToTheLastEndOfAnIteration) {
  writeStage();
  EvaluationLog log(MPI_COMM_WORLD, file_);
  ASSERT_TRUE(log.load());
  EXPECT_EQ(log.header().stage, 2);
  EXPECT_EQ(log.header().firstIteration, 7);
  EXPECT_EQ(log.header().pdeSolves, 40.0);
  EXPECT_EQ(log.header().x0, (std::vector<double>{1.0, 2.0, 3.0}));
  EXPECT_EQ(log.firstObjective(), 5.0);

  const auto first = log.replay(Kind::Objective, {1.0, 2.0, 3.0});
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->value, 5.0);
  EXPECT_EQ(first->gradient, (std::vector<double>{0.1, 0.2, 0.3}));
  EXPECT_TRUE(log.replay(Kind::IterationEnd, {}).has_value());
  EXPECT_TRUE(log.replay(Kind::Objective, {0.9, 1.9, 2.9}).has_value());
  const auto data = log.replay(Kind::DataTerm, {0.9, 1.9, 2.9});
  ASSERT_TRUE(data.has_value());
  EXPECT_EQ(data->value, 3.5);
  EXPECT_TRUE(log.replay(Kind::IterationEnd, {}).has_value());
  // The call in flight when the run stopped is not replayed: it is made again, and logged.
  EXPECT_FALSE(log.replay(Kind::Objective, {0.8, 1.8, 2.8}).has_value());
  EXPECT_FALSE(log.diverged());
  log.append({Kind::Objective, {0.8, 1.8, 2.8}, 3.0, 10.0, {0.0, 0.0, 0.0}});
  log.append({Kind::IterationEnd, {}, 2.0, 0.0, {}});

  EvaluationLog again(MPI_COMM_WORLD, file_);
  ASSERT_TRUE(again.load());
  const std::vector<std::pair<Kind, std::vector<double>>> calls = {
      {Kind::Objective, {1.0, 2.0, 3.0}}, {Kind::IterationEnd, {}},          {Kind::Objective, {0.9, 1.9, 2.9}},
      {Kind::DataTerm, {0.9, 1.9, 2.9}},  {Kind::IterationEnd, {}},          {Kind::Objective, {0.8, 1.8, 2.8}},
      {Kind::IterationEnd, {}}};
  for (const auto& [kind, x] : calls) EXPECT_TRUE(again.replay(kind, x).has_value());
  EXPECT_FALSE(again.replaying());
  EXPECT_FALSE(again.diverged());
}

TEST_F(EvaluationLogTest, ACallThatDiffersEndsTheReplayAndDropsTheRest) {
  writeStage();
  EvaluationLog log(MPI_COMM_WORLD, file_);
  ASSERT_TRUE(log.load());
  EXPECT_TRUE(log.replay(Kind::Objective, {1.0, 2.0, 3.0}).has_value());
  EXPECT_TRUE(log.replay(Kind::IterationEnd, {}).has_value());
  EXPECT_FALSE(log.replay(Kind::Objective, {0.9, 1.9, 2.9000000000000004}).has_value());  // one ulp off
  EXPECT_TRUE(log.diverged());
  EXPECT_FALSE(log.replay(Kind::Objective, {0.9, 1.9, 2.9}).has_value()) << "the replay stays ended";
  log.append({Kind::IterationEnd, {}, 1.0, 0.0, {}});

  EvaluationLog reread(MPI_COMM_WORLD, file_);
  ASSERT_TRUE(reread.load());
  EXPECT_TRUE(reread.replay(Kind::Objective, {1.0, 2.0, 3.0}).has_value());
  EXPECT_TRUE(reread.replay(Kind::IterationEnd, {}).has_value());
  EXPECT_TRUE(reread.replay(Kind::IterationEnd, {}).has_value()) << "the new end follows the kept records";
  EXPECT_FALSE(reread.replaying());
}

TEST_F(EvaluationLogTest, ATornRecordAndForeignFilesAreHandled) {
  writeStage();
  const auto size = fs::file_size(file_);
  fs::resize_file(file_, size - 12);  // killed in the middle of the last record
  EvaluationLog log(MPI_COMM_WORLD, file_);
  ASSERT_TRUE(log.load());
  // The two whole iterations; the torn call in flight is dropped.
  EXPECT_TRUE(log.replay(Kind::Objective, {1.0, 2.0, 3.0}).has_value());
  EXPECT_TRUE(log.replay(Kind::IterationEnd, {}).has_value());
  EXPECT_TRUE(log.replay(Kind::Objective, {0.9, 1.9, 2.9}).has_value());
  EXPECT_TRUE(log.replay(Kind::DataTerm, {0.9, 1.9, 2.9}).has_value());
  EXPECT_TRUE(log.replay(Kind::IterationEnd, {}).has_value());
  EXPECT_FALSE(log.replaying());

  std::ofstream(dir_ / "foreign.bin") << "not a log";
  EvaluationLog foreign(MPI_COMM_WORLD, dir_ / "foreign.bin");
  EXPECT_FALSE(foreign.load());
  EvaluationLog missing(MPI_COMM_WORLD, dir_ / "missing.bin");
  EXPECT_FALSE(missing.load());
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  const int result = RUN_ALL_TESTS();
  MPI_Finalize();
  return result;
}
