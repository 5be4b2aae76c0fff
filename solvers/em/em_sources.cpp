#include "solvers/em/em_sources.hpp"

#include "solvers/em/em_analytic.hpp"
#include "solvers/em/em_receivers.hpp"

namespace pairinv::em {

std::vector<Complex> sourceRightHandSide(const EmMesh& mesh, const EmOperator& op, const EmConfig& config,
                                         int source, double omega) {
  std::vector<Complex> b = boundaryRightHandSide(op);
  if (config.source == SourceKind::LineCurrent) {
    const ValueStencil s = valueStencil(mesh, config.lineSources[std::size_t(source)], false);
    const Complex scale(0.0, -omega * kMu0 * config.current);
    for (const auto& [j, w] : s.cells) b[std::size_t(j)] += scale * w;
  }
  return b;
}

}  // namespace pairinv::em
