// A result computed on rank 0 only (the decoder in latent-space inversion and in `pairinv
// invert`) and needed on every rank. A failure on rank 0 must reach every rank: a rank that
// throws before a broadcast leaves the others waiting in it for ever. So rank 0 catches, sends
// a status and its message first, and then every rank throws.
#pragma once

#include <mpi.h>

#include <functional>
#include <vector>

namespace pairinv::inversion {

/// Calls `compute` on rank 0 (other ranks never call it) and returns its values on every rank.
/// If it throws on rank 0, rank 0 rethrows that exception and every other rank throws the same
/// message, as InputError if it was one, else as Error. Collective over `comm`.
std::vector<double> computeOnRootAndShare(MPI_Comm comm, const std::function<std::vector<double>()>& compute);

}  // namespace pairinv::inversion
