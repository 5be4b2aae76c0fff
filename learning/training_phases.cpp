#include "learning/training_phases.hpp"

#include <atomic>

namespace pairinv::learning {

namespace {
std::atomic<PhaseProfiler*> current{nullptr};
}

void setPhaseProfiler(PhaseProfiler* profiler) { current = profiler; }
PhaseProfiler* phaseProfiler() { return current; }

}  // namespace pairinv::learning
