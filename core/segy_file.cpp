#include "core/segy_file.hpp"

#include <segyio/segy.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;

namespace pairinv {

namespace {

constexpr int kScalar = -100;  // coordinates and elevations in centimetres
constexpr double kCm = 100.0;

using SegyHandle = std::unique_ptr<segy_file, decltype(&segy_close)>;

SegyHandle openSegy(const fs::path& file, const char* mode) {
  SegyHandle fp(segy_open(file.c_str(), mode), segy_close);
  require(fp != nullptr, "cannot open SEG-Y file '", file.string(), "'");
  return fp;
}

std::int32_t centimetres(double metres, const fs::path& file) {
  const double cm = std::round(metres * kCm);
  require(std::isfinite(cm) && std::abs(cm) <= double(std::numeric_limits<std::int32_t>::max()), "SEG-Y file '",
          file.string(), "': the position ", metres, " m does not fit SEG-Y's 32-bit centimetres");
  return std::int32_t(cm);
}

/// A coordinate field scaled by its scalar (SEG-Y: negative divides, positive multiplies).
double scaled(std::int32_t value, std::int32_t scalar) {
  if (scalar < 0) return double(value) / double(-scalar);
  if (scalar > 0) return double(value) * double(scalar);
  return double(value);
}

void check(int status, const fs::path& file, const char* what) {
  require(status == SEGY_OK, "SEG-Y file '", file.string(), "': cannot ", what, " (segyio error ", status, ")");
}

std::string textHeader(const SegyGathers& g) {
  const std::string lines[] = {
      "pairinv shot gathers, SEG-Y rev 1, IEEE 4-byte floats",
      concat(g.nshots, " shots (field records) of ", g.nreceivers, " traces, ", g.nsamples, " samples each"),
      concat("sample interval ", g.dt, " s; sample 0 at ", g.firstTime, " s (delay recording time)"),
      "coordinates and elevations in cm (scalars -100); receiver elevation = -depth",
      "source x: bytes 73; group x: 81; source depth: 49; offset: 37"};
  std::string text(SEGY_TEXT_HEADER_SIZE, ' ');
  for (std::size_t k = 0; k < std::size(lines); ++k) {
    const std::string line = concat("C", k + 1 < 10 ? " " : "", k + 1, " ", lines[k]).substr(0, 80);
    std::copy(line.begin(), line.end(), text.begin() + std::ptrdiff_t(80 * k));
  }
  return text;
}

void validate(const SegyGathers& g, const fs::path& file) {
  require(g.nshots > 0 && g.nsamples > 0 && g.nreceivers > 0, "SEG-Y file '", file.string(), "': ", g.nshots,
          " shots of ", g.nreceivers, " traces of ", g.nsamples, " samples; all must be positive");
  require(g.data.size() == std::size_t(g.nshots) * std::size_t(g.nsamples) * std::size_t(g.nreceivers) &&
              g.sourceX.size() == std::size_t(g.nshots) && g.sourceDepth.size() == std::size_t(g.nshots) &&
              g.receiverX.size() == std::size_t(g.nreceivers) && g.receiverDepth.size() == std::size_t(g.nreceivers),
          "SEG-Y file '", file.string(), "': the gathers' sizes disagree with their shape");
  const double us = g.dt * 1e6;
  require(us >= 0.5 && std::abs(us - std::round(us)) <= 1e-6 * us && us < 65535.5, "SEG-Y file '", file.string(),
          "': the sample interval ", g.dt, " s is not a whole number of microseconds (1..65535)");
  require(g.nsamples <= 65535, "SEG-Y file '", file.string(), "': ", g.nsamples, " samples per trace; SEG-Y rev 1 "
          "holds at most 65535");
  for (double v : g.data) require(std::isfinite(v), "SEG-Y file '", file.string(), "': the gathers hold ", v);
}

}  // namespace

bool isSegyFile(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".sgy" || ext == ".segy";
}

void writeSegy(const fs::path& file, const SegyGathers& g) {
  validate(g, file);
  writeAtomically(file, [&](const fs::path& tmp) {
    const SegyHandle fp = openSegy(tmp, "w+b");
    check(segy_write_textheader(fp.get(), 0, textHeader(g).c_str()), file, "write the text header");
    char bin[SEGY_BINARY_HEADER_SIZE] = {};
    const int us = int(std::lround(g.dt * 1e6));
    for (const auto& [field, value] : {std::pair{SEGY_BIN_INTERVAL, us}, {SEGY_BIN_SAMPLES, g.nsamples},
                                       {SEGY_BIN_FORMAT, int(SEGY_IEEE_FLOAT_4_BYTE)}, {SEGY_BIN_TRACES, g.nreceivers},
                                       {SEGY_BIN_SEGY_REVISION, 0x0100}, {SEGY_BIN_TRACE_FLAG, 1}})
      check(segy_set_bfield(bin, field, value), file, "fill the binary header");
    check(segy_write_binheader(fp.get(), bin), file, "write the binary header");

    const long trace0 = SEGY_TEXT_HEADER_SIZE + SEGY_BINARY_HEADER_SIZE;
    const int bytes = segy_trsize(SEGY_IEEE_FLOAT_4_BYTE, g.nsamples);
    std::vector<float> trace(static_cast<std::size_t>(g.nsamples));
    const std::int32_t delayMs = std::int32_t(std::lround(g.firstTime * 1e3));
    for (int s = 0; s < g.nshots; ++s)
      for (int r = 0; r < g.nreceivers; ++r) {
        const int k = s * g.nreceivers + r;
        char th[SEGY_TRACE_HEADER_SIZE] = {};
        const std::pair<int, std::int32_t> fields[] = {
            {SEGY_TR_SEQ_LINE, k + 1},
            {SEGY_TR_FIELD_RECORD, s + 1},
            {SEGY_TR_NUMBER_ORIG_FIELD, r + 1},
            {SEGY_TR_ENERGY_SOURCE_POINT, s + 1},
            {SEGY_TR_OFFSET, centimetres(g.receiverX[std::size_t(r)] - g.sourceX[std::size_t(s)], file)},
            {SEGY_TR_RECV_GROUP_ELEV, centimetres(-g.receiverDepth[std::size_t(r)], file)},
            {SEGY_TR_SOURCE_DEPTH, centimetres(g.sourceDepth[std::size_t(s)], file)},
            {SEGY_TR_ELEV_SCALAR, kScalar},
            {SEGY_TR_SOURCE_GROUP_SCALAR, kScalar},
            {SEGY_TR_SOURCE_X, centimetres(g.sourceX[std::size_t(s)], file)},
            {SEGY_TR_GROUP_X, centimetres(g.receiverX[std::size_t(r)], file)},
            {SEGY_TR_DELAY_REC_TIME, delayMs},
            {SEGY_TR_SAMPLE_COUNT, g.nsamples},
            {SEGY_TR_SAMPLE_INTER, us}};
        for (const auto& [field, value] : fields) check(segy_set_field(th, field, value), file, "fill a trace header");
        check(segy_write_traceheader(fp.get(), k, th, trace0, bytes), file, "write a trace header");
        for (int j = 0; j < g.nsamples; ++j)
          trace[std::size_t(j)] = float(g.data[(std::size_t(s) * std::size_t(g.nsamples) + std::size_t(j)) *
                                                   std::size_t(g.nreceivers) + std::size_t(r)]);
        check(segy_from_native(SEGY_IEEE_FLOAT_4_BYTE, g.nsamples, trace.data()), file, "encode a trace");
        check(segy_writetrace(fp.get(), k, trace.data(), trace0, bytes), file, "write a trace");
      }
    check(segy_flush(fp.get(), false), file, "flush it (disk full?)");
  });
}

namespace {

struct TraceHeader {
  std::int32_t record, samples, interval, delay;
  double sourceX, sourceDepth, groupX, groupDepth;
};

TraceHeader readTraceHeader(segy_file* fp, int k, long trace0, int bytes, const fs::path& file) {
  char th[SEGY_TRACE_HEADER_SIZE];
  check(segy_traceheader(fp, k, th, trace0, bytes), file, concat("read the header of trace ", k + 1).c_str());
  const auto field = [&](int f) {
    std::int32_t v = 0;
    check(segy_get_field(th, f, &v), file, "read a trace header field");
    return v;
  };
  const std::int32_t coordinates = field(SEGY_TR_SOURCE_GROUP_SCALAR), elevations = field(SEGY_TR_ELEV_SCALAR);
  return {field(SEGY_TR_FIELD_RECORD),
          field(SEGY_TR_SAMPLE_COUNT),
          field(SEGY_TR_SAMPLE_INTER),
          field(SEGY_TR_DELAY_REC_TIME),
          scaled(field(SEGY_TR_SOURCE_X), coordinates),
          scaled(field(SEGY_TR_SOURCE_DEPTH), elevations),
          scaled(field(SEGY_TR_GROUP_X), coordinates),
          -scaled(field(SEGY_TR_RECV_GROUP_ELEV), elevations)};
}

bool samePosition(double a, double b) { return std::abs(a - b) <= 0.005 + 1e-9 * std::abs(a); }

}  // namespace

SegyGathers readSegy(const fs::path& file) {
  std::error_code ec;
  require(fs::is_regular_file(file, ec), "SEG-Y file '", file.string(), "' does not exist");
  require(fs::file_size(file, ec) >= SEGY_TEXT_HEADER_SIZE + SEGY_BINARY_HEADER_SIZE, "'", file.string(),
          "' is too short for SEG-Y (", fs::file_size(file, ec), " bytes; the headers alone take 3600)");
  const SegyHandle fp = openSegy(file, "rb");
  char bin[SEGY_BINARY_HEADER_SIZE];
  check(segy_binheader(fp.get(), bin), file, "read the binary header");
  const int samples = segy_samples(bin), format = segy_format(bin);
  std::int32_t interval = 0;
  check(segy_get_bfield(bin, SEGY_BIN_INTERVAL, &interval), file, "read the sample interval");
  require(format == SEGY_IEEE_FLOAT_4_BYTE || format == SEGY_IBM_FLOAT_4_BYTE, "SEG-Y file '", file.string(),
          "': data sample format ", format, "; pairinv reads 4-byte IEEE (5) or IBM (1) floats (is it SEG-Y?)");
  require(samples > 0 && interval > 0, "SEG-Y file '", file.string(), "': the binary header gives ", samples,
          " samples per trace and a ", interval, " us interval; both must be positive");
  const long trace0 = segy_trace0(bin);
  const int bytes = segy_trsize(format, samples);
  int traces = 0;
  const int status = segy_traces(fp.get(), &traces, trace0, bytes);
  require(status == SEGY_OK && traces > 0, "SEG-Y file '", file.string(), "' is truncated or not SEG-Y: its size "
          "is not the headers plus whole traces of ", samples, " samples");

  SegyGathers g;
  g.nsamples = samples;
  g.dt = interval * 1e-6;
  std::vector<TraceHeader> headers;
  for (int k = 0; k < traces; ++k) {
    headers.push_back(readTraceHeader(fp.get(), k, trace0, bytes, file));
    const TraceHeader& h = headers.back();
    require((h.samples == samples || h.samples == 0) && (h.interval == interval || h.interval == 0), "SEG-Y file '",
            file.string(), "': trace ", k + 1, " has ", h.samples, " samples at ", h.interval, " us; the binary header ",
            samples, " at ", interval, " us");
    require(h.delay == headers.front().delay, "SEG-Y file '", file.string(), "': trace ", k + 1,
            " starts at another time (delay ", h.delay, " ms against ", headers.front().delay, ")");
  }
  // Shots: runs of one field record, of equal length.
  int perShot = 1;
  while (perShot < traces && headers[std::size_t(perShot)].record == headers.front().record) ++perShot;
  require(traces % perShot == 0, "SEG-Y file '", file.string(), "': ", traces, " traces do not split into shots of ",
          perShot, " (the first field record's)");
  g.nreceivers = perShot, g.nshots = traces / perShot;
  g.firstTime = headers.front().delay * 1e-3;
  for (int s = 0; s < g.nshots; ++s)
    for (int r = 0; r < perShot; ++r) {
      const TraceHeader& h = headers[std::size_t(s * perShot + r)];
      const TraceHeader& first = headers[std::size_t(s * perShot)];
      const TraceHeader& receiver = headers[std::size_t(r)];
      require(h.record == first.record && (s == 0 || h.record != headers[std::size_t((s - 1) * perShot)].record),
              "SEG-Y file '", file.string(), "': trace ", s * perShot + r + 1, " (field record ", h.record,
              ") breaks the shots of ", perShot, " traces each");
      require(samePosition(h.sourceX, first.sourceX) && samePosition(h.sourceDepth, first.sourceDepth), "SEG-Y file '",
              file.string(), "': trace ", s * perShot + r + 1, " has another source position than its shot's first");
      require(samePosition(h.groupX, receiver.groupX) && samePosition(h.groupDepth, receiver.groupDepth),
              "SEG-Y file '", file.string(), "': trace ", s * perShot + r + 1, " has receiver (", h.groupX, ", ",
              h.groupDepth, ") m; trace ", r + 1, " of the first shot (", receiver.groupX, ", ", receiver.groupDepth,
              ") m: pairinv needs the same receivers for every shot");
    }
  for (int s = 0; s < g.nshots; ++s)
    g.sourceX.push_back(headers[std::size_t(s * perShot)].sourceX),
        g.sourceDepth.push_back(headers[std::size_t(s * perShot)].sourceDepth);
  for (int r = 0; r < perShot; ++r)
    g.receiverX.push_back(headers[std::size_t(r)].groupX), g.receiverDepth.push_back(headers[std::size_t(r)].groupDepth);

  g.data.assign(std::size_t(traces) * std::size_t(samples), 0.0);
  std::vector<float> trace(static_cast<std::size_t>(samples));
  for (int k = 0; k < traces; ++k) {
    check(segy_readtrace(fp.get(), k, trace.data(), trace0, bytes), file, concat("read trace ", k + 1).c_str());
    check(segy_to_native(format, samples, trace.data()), file, "decode a trace");
    const int s = k / perShot, r = k % perShot;
    for (int j = 0; j < samples; ++j) {
      require(std::isfinite(trace[std::size_t(j)]), "SEG-Y file '", file.string(), "': trace ", k + 1, " sample ", j,
              " is ", trace[std::size_t(j)]);
      g.at(s, j, r) = trace[std::size_t(j)];
    }
  }
  return g;
}

}  // namespace pairinv
