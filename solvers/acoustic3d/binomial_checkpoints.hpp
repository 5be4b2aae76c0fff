// Binomial checkpointing (Griewank's Revolve) for reversing a time loop with bounded memory.
//
// With s state snapshots and r forward sweeps, beta(s, r) = C(s + r, s) steps can be reversed,
// and beta(s, r) = beta(s - 1, r) + beta(s, r - 1): put a snapshot so that the tail is at most
// beta(s - 1, r) steps (reversed with one snapshot fewer) and the head at most beta(s, r - 1)
// (reversed with one sweep fewer). Gradient3D recurses on that split; each step is recomputed
// at most r times. For 1000 steps: 10 snapshots need r = 4, 30 need r = 2.
#pragma once

#include <cstdint>

namespace pairinv::acoustic3d {

/// C(s + r, s), saturated at INT64_MAX.
std::int64_t binomialSteps(int snapshots, int sweeps);
/// The least r with binomialSteps(snapshots, r) >= steps (snapshots >= 1).
int binomialSweeps(int snapshots, std::int64_t steps);
/// Where to put the next snapshot when reversing `steps` steps (>= 2) with `snapshots` free
/// (>= 1): the length of the head, in [1, steps - 1].
std::int64_t binomialHead(int snapshots, std::int64_t steps);

}  // namespace pairinv::acoustic3d
