// The calls one inversion stage made to its objective, logged so that a rerun after SIGKILL
// replays them to TAO and reaches the same iterates, bit for bit, as a run that was never
// interrupted. TAO's L-BFGS memory and line-search state cannot be saved through PETSc's public
// API; replaying the calls from the stage's start rebuilds them exactly, and costs no PDE solve.
//
// File OUTPUT/state/evaluations.bin (float64, native byte order), one stage at a time:
//   header  magic, version, stage, n, first iteration, PDE solves and seconds at the stage's
//           start, whether its starting point was recorded as an iteration, then x0[n]
//   records kind, x[n], value, PDE solves of the call, gradient[n]
//           kind 0: objective and gradient at x; 1: the data term at x (the record's column);
//           2: the end of an iteration (value: TAO's iteration number; x and gradient unused)
// Records are appended and flushed as they happen (rank 0). A rerun keeps those up to the last
// end of an iteration, so that replay stops where the state of the last iterate was written;
// what came after is computed again.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

namespace pairinv::inversion {

class EvaluationLog {
 public:
  struct Header {
    int stage = 0;
    int firstIteration = 0;
    double pdeSolves = 0.0, seconds = 0.0;
    bool logFirst = false;
    std::vector<double> x0;
  };
  enum class Kind { Objective = 0, DataTerm = 1, IterationEnd = 2 };
  struct Record {
    Kind kind = Kind::Objective;
    std::vector<double> x;
    double value = 0.0, solves = 0.0;
    std::vector<double> gradient;
  };

  EvaluationLog(MPI_Comm comm, std::filesystem::path file);

  /// Rank 0 reads the file and keeps the records up to the last end of an iteration (truncating
  /// the file there); every rank receives them. False when there is no log, or an unreadable one
  /// (it is then ignored).
  bool load();
  const Header& header() const { return header_; }

  /// Starts the log of a new stage (rank 0 writes the header atomically).
  void begin(const Header& header);

  /// The next logged call, if it is `kind` at `x` bit for bit; nullopt once the replay has ended.
  /// A call that differs ends the replay for good (diverged() is then true) and rank 0 drops the
  /// rest of the file; calls from then on are appended.
  std::optional<Record> replay(Kind kind, const std::vector<double>& x);
  bool replaying() const { return next_ < records_.size(); }
  /// The value of the first logged objective call (0 when none is kept).
  double firstObjective() const {
    for (const Record& r : records_)
      if (r.kind == Kind::Objective) return r.value;
    return 0.0;
  }
  bool diverged() const { return diverged_; }
  std::size_t replayed() const { return next_; }

  /// Logs a call made live (rank 0 appends; other ranks do nothing).
  void append(const Record& record);

 private:
  std::size_t headerValues() const { return 8 + header_.x0.size(); }
  std::size_t recordValues() const { return 4 + 2 * header_.x0.size(); }
  void startAppending(std::size_t keepRecords);

  MPI_Comm comm_;
  bool root_ = false;
  std::filesystem::path file_;
  Header header_;
  std::vector<Record> records_;
  std::size_t next_ = 0;
  bool diverged_ = false, active_ = false;
  std::ofstream out_;
};

}  // namespace pairinv::inversion
