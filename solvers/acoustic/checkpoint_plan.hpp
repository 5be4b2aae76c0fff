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
#include <vector>

#include "solvers/acoustic/acoustic_config.hpp"

namespace pairinv::acoustic {

/// The storage plan for one shot's gradient.
struct CheckpointPlan {
  int segment = 0;           // the longest segment, in steps (nt: full storage)
  int segments = 0;          // S (1: full storage)
  std::size_t bytes = 0;     // the one buffer of checkpoints and segment increments, per rank
  std::vector<int> lengths;  // K_s, s = 0 .. S-1, summing to nt
};

/// Chooses the plan for `config` (gradientStorage, memoryBudgetMB) given one field's and one
/// state's size in bytes (the largest over the ranks of a shot: every rank must follow the
/// same plan). "checkpoint" gives the smallest plan. Throws InputError when it does not fit.
CheckpointPlan planCheckpoints(const AcousticConfig& config, std::size_t fieldBytes, std::size_t stateBytes,
                               int ranksOnNode);

}  // namespace pairinv::acoustic
