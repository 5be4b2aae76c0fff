#include "inversion/evaluation_log.hpp"

#include <cstring>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/root_errors.hpp"

namespace fs = std::filesystem;

namespace pairinv::inversion {

namespace {

constexpr double kMagic = 7.0215150e15;  // "pairinv evaluation log": any unlikely double
constexpr double kVersion = 1.0;

std::vector<double> readDoubles(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const std::streamoff bytes = in.tellg();
  in.seekg(0);
  std::vector<double> v(std::size_t(bytes) / sizeof(double));
  in.read(reinterpret_cast<char*>(v.data()), std::streamsize(v.size() * sizeof(double)));
  if (!in) return {};
  return v;
}

}  // namespace

EvaluationLog::EvaluationLog(MPI_Comm comm, fs::path file) : comm_(comm), file_(std::move(file)) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  root_ = rank == 0;
}

bool EvaluationLog::load() {
  const std::vector<double> v = runOnRoot(comm_, [&] { return readDoubles(file_); });
  records_.clear(), next_ = 0, diverged_ = false, active_ = false;
  if (v.size() < 8 || v[0] != kMagic || v[1] != kVersion || v[3] < 0) return false;
  const std::size_t n = std::size_t(v[3]);
  if (v.size() < 8 + n) return false;
  header_.stage = int(v[2]), header_.firstIteration = int(v[4]);
  header_.pdeSolves = v[5], header_.seconds = v[6], header_.logFirst = v[7] != 0.0;
  header_.x0.assign(v.begin() + 8, v.begin() + std::ptrdiff_t(8 + n));
  // Whole records up to the last end of an iteration.
  const std::size_t size = recordValues(), whole = (v.size() - headerValues()) / size;
  std::size_t keep = 0;
  for (std::size_t k = 0; k < whole; ++k) {
    const double* r = v.data() + headerValues() + k * size;
    Record record;
    record.kind = Kind(int(r[0]));
    record.x.assign(r + 1, r + 1 + n);
    record.value = r[1 + n], record.solves = r[2 + n];
    record.gradient.assign(r + 3 + n, r + 3 + 2 * n);
    records_.push_back(std::move(record));
    if (records_.back().kind == Kind::IterationEnd) keep = records_.size();
  }
  records_.resize(keep);
  return true;
}

void EvaluationLog::begin(const Header& header) {
  header_ = header;
  records_.clear(), next_ = 0, diverged_ = false;
  if (!root_) {
    startAppending(0);  // other ranks only keep the state
    return;
  }
  out_.close();
  std::vector<double> h = {kMagic,
                           kVersion,
                           double(header.stage),
                           double(header.x0.size()),
                           double(header.firstIteration),
                           header.pdeSolves,
                           header.seconds,
                           header.logFirst ? 1.0 : 0.0};
  h.insert(h.end(), header.x0.begin(), header.x0.end());
  writeAtomically(file_, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out.write(reinterpret_cast<const char*>(h.data()), std::streamsize(h.size() * sizeof(double)));
    require(out.good(), "cannot write '", file_.string(), "'");
  });
  startAppending(0);
}

void EvaluationLog::startAppending(std::size_t keepRecords) {
  active_ = true;
  if (!root_) return;
  out_.close();
  std::error_code ec;
  fs::resize_file(file_, (headerValues() + keepRecords * recordValues()) * sizeof(double), ec);
  require(!ec, "cannot truncate '", file_.string(), "': ", ec.message());
  out_.open(file_, std::ios::binary | std::ios::app);
  require(out_.good(), "cannot append to '", file_.string(), "'");
}

std::optional<EvaluationLog::Record> EvaluationLog::replay(Kind kind, const std::vector<double>& x) {
  if (!replaying()) {
    if (!active_) startAppending(next_);
    return std::nullopt;
  }
  const Record& r = records_[next_];
  const bool same = r.kind == kind && (kind == Kind::IterationEnd ||
                                       (r.x.size() == x.size() &&
                                        std::memcmp(r.x.data(), x.data(), x.size() * sizeof(double)) == 0));
  if (!same) {
    diverged_ = true;
    records_.resize(next_);
    startAppending(next_);
    return std::nullopt;
  }
  ++next_;
  return r;
}

void EvaluationLog::append(const Record& r) {
  ensure(active_, "appending to an evaluation log that is still replaying");
  if (!root_) return;
  const std::size_t n = header_.x0.size();
  std::vector<double> v(recordValues(), 0.0);
  v[0] = double(int(r.kind));
  if (r.kind != Kind::IterationEnd) {
    ensure(r.x.size() == n && (r.kind != Kind::Objective || r.gradient.size() == n), "an evaluation record of ",
           r.x.size(), " variables and ", r.gradient.size(), " gradient values for ", n);
    std::copy(r.x.begin(), r.x.end(), v.begin() + 1);
    std::copy(r.gradient.begin(), r.gradient.end(), v.begin() + std::ptrdiff_t(3 + n));
  }
  v[1 + n] = r.value, v[2 + n] = r.solves;
  out_.write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * sizeof(double)));
  out_.flush();
  require(out_.good(), "cannot append to '", file_.string(), "' (disk full?)");
}

}  // namespace pairinv::inversion
