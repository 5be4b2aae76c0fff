// Zero-phase low-pass filtering for frequency continuation (multiscale FWI): a windowed-sinc
// FIR (Blackman window) applied forwards in time with a symmetric kernel, so no phase shift.
// Filtering the wavelet and the observed data with the same filter keeps them consistent,
// because the modelled data are linear in the wavelet.
#pragma once

#include <vector>

namespace pairinv::inversion {

/// Filters `signal` (sampled every dt seconds) above `cutoff` Hz. cutoff <= 0 or at/above the
/// Nyquist frequency returns the signal unchanged.
std::vector<double> lowPass(const std::vector<double>& signal, double dt, double cutoff);

/// Filters every trace of data laid out [shot][sample][receiver] (time along `samples`).
void lowPassTraces(std::vector<double>& data, int shots, int samples, int receivers, double dt, double cutoff);

}  // namespace pairinv::inversion
