// Shot gathers as SEG-Y (rev 1), the format in which field seismic data arrive, through
// segyio's C library (Debian libsegyio-dev).
//
// Written: a 3200-byte text header, a binary header (sample interval in us, samples per trace,
// IEEE 4-byte floats, traces per ensemble), then one trace per (shot, receiver), shot-major,
// each with a 240-byte header holding
//   bytes   1 trace sequence number        9 field record = shot + 1
//          13 trace number in the record  17 energy source point = shot + 1
//          37 offset (receiver x - source x)
//          41 receiver group elevation (= -receiver depth)   49 source depth
//          69, 71 scalars -100 (elevations and coordinates in cm)
//          73 source x    81 group x      109 delay recording time (ms, time of sample 0)
//         115 samples in this trace       117 sample interval (us)
// Read: IEEE or IBM 4-byte floats, checked at the door: whole traces (not truncated), one
// sample count and interval in the binary and every trace header, traces grouped by field
// record with the same count in each, the same receiver positions in every record, one source
// position per record, finite values. Any failure is an InputError naming the file and trace.
// PETSc-free.
#pragma once

#include <filesystem>
#include <vector>

namespace pairinv {

struct SegyGathers {
  int nshots = 0, nsamples = 0, nreceivers = 0;
  double dt = 0;         // s between samples (SEG-Y: whole microseconds)
  double firstTime = 0;  // s, time of sample 0 (SEG-Y: whole milliseconds)
  std::vector<double> data;  // [shot][sample][receiver], as pairinv's gathers
  std::vector<double> sourceX, sourceDepth;      // m, one per shot
  std::vector<double> receiverX, receiverDepth;  // m, one per receiver, the same for every shot

  double& at(int shot, int sample, int receiver) {
    return data[(std::size_t(shot) * std::size_t(nsamples) + std::size_t(sample)) * std::size_t(nreceivers) +
                std::size_t(receiver)];
  }
};

/// Writes `g` (atomically). InputError if its sizes disagree, a value is not finite, dt is not a
/// positive whole number of microseconds within 0.5 us, or a position does not fit SEG-Y's
/// 32-bit centimetres.
void writeSegy(const std::filesystem::path& file, const SegyGathers& g);

/// Reads and checks a SEG-Y file of shot gathers (see the header comment).
SegyGathers readSegy(const std::filesystem::path& file);

/// True for the extensions .sgy and .segy (any case).
bool isSegyFile(const std::filesystem::path& file);

}  // namespace pairinv
