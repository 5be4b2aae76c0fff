#include "apps/acoustic/acoustic_starts.hpp"

#include "core/options.hpp"

namespace pairinv::apps {

AcousticStarts AcousticStarts::read(MPI_Comm comm, const char* title) {
  AcousticStarts s;
  OptionsBlock o(comm, "fwi_", title);
  s.smoothing = o.real("-smoothing", "Gaussian smoothing length (standard deviation) in m for -fwi_initial smooth",
                       100.0, 0.0);
  s.gradientTop = o.real("-gradient_top", "Top velocity of -fwi_initial gradient (0: the truth's minimum)", 0.0, 0.0);
  s.gradientBottom = o.real("-gradient_bottom", "Bottom velocity of -fwi_initial gradient (0: the truth's maximum)",
                            0.0, 0.0);
  return s;
}

}  // namespace pairinv::apps
