#include "solvers/em/em_modes.hpp"

#include "core/error.hpp"

namespace pairinv::em {

std::vector<EmModePart> modeParts(const EmConfig& config, const ModelView& model) {
  ensure(config.padDistance > 0 && config.airHeight > 0, "modeParts: the EM configuration was not validated");
  if (config.polarisation != Polarisation::Both) return {EmModePart{config, 0, 0}};
  ensure(config.earthRow >= 0 && config.earthRow < model.grid.nz, "modeParts: earth row ", config.earthRow,
         " of a model of ", model.grid.nz, " rows");
  EmModePart te{config, 0, 0}, tm{config, config.earthRow, 1};
  te.config.polarisation = Polarisation::E;
  tm.config.polarisation = Polarisation::H;
  return {te, tm};
}

ModelView rowsFrom(const ModelView& model, int firstRow) {
  ensure(firstRow >= 0 && firstRow < model.grid.nz, "rowsFrom: row ", firstRow, " of ", model.grid.nz);
  const ConstMatrixMap rows(model.values.data() + std::ptrdiff_t(firstRow) * model.values.outerStride(),
                            model.grid.nz - firstRow, model.grid.nx, Eigen::OuterStride<>(model.values.outerStride()));
  ModelView view(rows, model.grid.dz, model.grid.dx);
  view.grid.x0 = model.grid.x0;
  view.grid.z0 = model.grid.z0 + firstRow * model.grid.dz;
  return view;
}

EmDataShape dataShape(const EmConfig& config) {
  return {int(config.frequencies.size()), config.sourceCount(), int(config.receivers.size())};
}

namespace {

/// Calls visit(full index, part index) for every value of the part.
template <class Visit>
void forPartValues(const EmModePart& p, const EmDataShape& full, Visit visit) {
  const EmDataShape part = dataShape(p.config);
  ensure(part.nfreq == full.nfreq && part.nrec == full.nrec && p.firstSource + part.nsrc <= full.nsrc,
         "an EM mode part does not fit its survey");
  for (int half = 0; half < 2; ++half)
    for (int f = 0; f < full.nfreq; ++f)
      for (int s = 0; s < part.nsrc; ++s)
        for (int r = 0; r < full.nrec; ++r) {
          const std::size_t i =
              ((std::size_t(half) * full.nfreq + f) * full.nsrc + (p.firstSource + s)) * full.nrec + r;
          const std::size_t j = ((std::size_t(half) * part.nfreq + f) * part.nsrc + s) * part.nrec + r;
          visit(i, j);
        }
}

}  // namespace

void addPartData(const std::vector<double>& part, const EmModePart& p, const EmDataShape& full,
                 std::vector<double>& out) {
  ensure(out.size() == full.size() && part.size() == dataShape(p.config).size(), "addPartData: sizes");
  forPartValues(p, full, [&](std::size_t i, std::size_t j) { out[i] += part[j]; });
}

std::vector<double> partData(const std::vector<double>& full, const EmModePart& p, const EmDataShape& fullShape) {
  ensure(full.size() == fullShape.size(), "partData: sizes");
  std::vector<double> out(dataShape(p.config).size());
  forPartValues(p, fullShape, [&](std::size_t i, std::size_t j) { out[j] = full[i]; });
  return out;
}

}  // namespace pairinv::em
