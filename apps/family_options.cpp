#include "apps/family_options.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/options.hpp"

namespace pairinv::apps {

FamilyOptions readFamilyOptions(MPI_Comm comm, const ModelFamily& family) {
  FamilyOptions options;
  OptionsBlock opts(comm, "family_", concat("Model family ", family.name, ": ", family.summary));
  for (const FamilyParameter& p : family.parameters) {
    const std::string name = "-" + p.name;
    // Whole-number parameters are read as reals too, so that "-family_nz 70.5" is refused by
    // validateFamilyOptions with the family's own message rather than by PETSc's parser.
    options[p.name] = opts.real(name.c_str(), p.help.c_str(), p.defaultValue);
  }
  return options;
}

}  // namespace pairinv::apps
