// The compute device and CPU threads of LibTorch, chosen by options.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>

#include "core/collective.hpp"  // threadsPerRank

namespace pairinv::learning {

/// "cpu", "cuda" or "cuda:N". InputError naming `optionName` if CUDA is asked for but this
/// LibTorch has no CUDA device (Debian's LibTorch is CPU-only), or the name is unknown.
torch::Device resolveDevice(const std::string& name, const std::string& optionName = "-pae_device");

/// The device of a data-parallel rank: as resolveDevice, except that a plain "cuda" gives the
/// rank the GPU localRank modulo the GPUs visible (one GPU per rank of a node).
torch::Device resolveRankDevice(const std::string& name, int localRank, const std::string& optionName = "-pae_device");

/// Sets LibTorch's intra-op threads: `threads`, or all cores for 0. (Debian's LibTorch starts
/// with one thread.) Returns the number set.
int configureThreads(std::int64_t threads);

}  // namespace pairinv::learning
