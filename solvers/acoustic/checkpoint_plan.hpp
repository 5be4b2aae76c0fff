// How one shot's gradient stores the forward wavefield (see shot_gradient.hpp).
//
// Checkpoints plus one recomputation, with shrinking segments: the forward pass keeps the
// state at the start of segments 0 .. S-2 and the increments of the last segment; the backward
// pass recomputes segment s from its checkpoint into K_s increments (one field per step)
// placed right after checkpoint s - 1, over the checkpoints of the segments already done. With
// Z bytes per state and F per field, segment s needs s Z + K_s F, so a budget M allows
// K_s = M / F - s Z / F: long early segments, short late ones. That fits about
// sqrt(2 nt Z F) of memory, sqrt(2) less than equal segments (2 sqrt(nt Z F)), for the same
// cost: every step but the last segment's is recomputed exactly once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "solvers/acoustic/acoustic_config.hpp"

namespace pairinv::acoustic {

/// The storage plan for one shot's gradient.
struct CheckpointPlan {
  int segment = 0;           // the longest segment, in steps (nt: full storage)
  int segments = 0;          // S (1: full storage)
  std::size_t bytes = 0;     // the one buffer of checkpoints and segment increments, per rank
  std::vector<int> lengths;  // K_s, s = 0 .. S-1, summing to nt
  /// `auto` storage whose full plan fits the budget but is not in memory yet: this gradient
  /// checkpoints while the pool brings warmBytes (the full plan's) in on a background thread
  /// (wavefield_pool.hpp), and a later gradient stores fully. 0 otherwise.
  std::size_t warmBytes = 0;
  /// Work counts (PDE solves) follow the steady state: a cold-start plan recomputes, but counts
  /// as the full storage it stands in for, so that counts do not depend on memory history.
  bool recomputes() const { return segments > 1 && warmBytes == 0; }
};

/// MemAvailable of /proc/meminfo in bytes (8e9 where there is none).
double availableMemoryBytes();

/// Chooses the plan for `config` (gradientStorage, memoryBudgetMB) given one field's and one
/// state's size in bytes (the largest over the ranks of a shot: every rank must follow the
/// same plan). "checkpoint" gives the smallest plan. `auto` gives full storage when it fits the
/// budget and `residentBytes` (the least over those ranks of WavefieldPool::residentBytes) cover
/// it; when it fits but is not in memory, the smallest plan with warmBytes set, unless
/// `canWarm` is false. Throws InputError when nothing fits.
CheckpointPlan planCheckpoints(const AcousticConfig& config, std::size_t fieldBytes, std::size_t stateBytes,
                               int ranksOnNode, std::size_t residentBytes = SIZE_MAX, bool canWarm = true);

}  // namespace pairinv::acoustic
