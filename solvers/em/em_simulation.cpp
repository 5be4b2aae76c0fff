#include "solvers/em/em_simulation.hpp"

#include "solvers/em/em_modes.hpp"
#include "solvers/em/em_parallel.hpp"
#include "solvers/em/em_problem.hpp"

namespace pairinv::em {

namespace {

void pack(const std::vector<Complex>& values, std::vector<double>& out, std::size_t offset) {
  for (std::size_t i = 0; i < values.size(); ++i)
    out[offset + 2 * i] = values[i].real(), out[offset + 2 * i + 1] = values[i].imag();
}

void unpack(const std::vector<double>& in, std::size_t offset, std::vector<Complex>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = Complex(in[offset + 2 * i], in[offset + 2 * i + 1]);
}

/// One polarisation's survey (a part of em_modes.hpp).
EmSimulation simulateMode(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config, bool keepFields) {
  const EmProblem problem(conductivity, config);
  const int nf = int(config.frequencies.size()), ns = config.sourceCount(), nr = int(config.receivers.size());
  const bool planeWave = config.source == SourceKind::PlaneWave;
  EmSimulation sim;
  sim.field = EmData(nf, ns, nr);
  sim.secondary = EmData(nf, ns, nr);
  sim.impedance = planeWave ? EmData(nf, ns, nr) : EmData(nf, ns, 0);
  if (keepFields) sim.modelFields.assign(std::size_t(nf), std::vector<Complex>(conductivity.grid.size()));

  {
    const EmTaskPlan plan(comm, config.ranksPerFrequency, nf, ns);
    for (const EmTask& task : plan.tasks()) {
      const auto factors = problem.factorise(plan.group(), task.frequency);
      const double omega = problem.omega(task.frequency);
      for (int s = task.firstSource; s < task.endSource; ++s) {
        const std::vector<Complex> u = factors->solve(problem.rightHandSide(task.frequency, s));
        if (!plan.groupRoot()) continue;
        for (int r = 0; r < nr; ++r) {
          const Reading reading = problem.receivers().read(problem.op(), omega, u, std::size_t(r));
          sim.field.at(task.frequency, s, r) = reading.field;
          sim.secondary.at(task.frequency, s, r) = reading.secondary;
          if (planeWave) sim.impedance.at(task.frequency, s, r) = reading.impedance;
        }
        if (keepFields && s == 0) {
          std::vector<double> re(u.size()), im(u.size());
          for (std::size_t j = 0; j < u.size(); ++j) re[j] = u[j].real(), im[j] = u[j].imag();
          const Field2D fr = averageOverModelCells(problem.mesh(), conductivity.grid, re);
          const Field2D fi = averageOverModelCells(problem.mesh(), conductivity.grid, im);
          auto& out = sim.modelFields[std::size_t(task.frequency)];
          for (std::size_t j = 0; j < out.size(); ++j) out[j] = Complex(fr.values[j], fi.values[j]);
        }
      }
    }
  }

  // Every entry was filled by exactly one group root; the others hold zeros.
  const std::size_t n = sim.field.size(), nImp = sim.impedance.size();
  const std::size_t nFields = keepFields ? std::size_t(nf) * conductivity.grid.size() : 0;
  std::vector<double> buffer(2 * (2 * n + nImp + nFields), 0.0);
  pack(sim.field.values, buffer, 0);
  pack(sim.secondary.values, buffer, 2 * n);
  pack(sim.impedance.values, buffer, 4 * n);
  for (int f = 0; f < (keepFields ? nf : 0); ++f)
    pack(sim.modelFields[std::size_t(f)], buffer, 2 * (2 * n + nImp + std::size_t(f) * conductivity.grid.size()));
  sumOverRanks(comm, buffer);
  unpack(buffer, 0, sim.field.values);
  unpack(buffer, 2 * n, sim.secondary.values);
  unpack(buffer, 4 * n, sim.impedance.values);
  for (int f = 0; f < (keepFields ? nf : 0); ++f)
    unpack(buffer, 2 * (2 * n + nImp + std::size_t(f) * conductivity.grid.size()), sim.modelFields[std::size_t(f)]);
  return sim;
}

/// Copies the part's values into `full` at the part's sources.
void placeSources(const EmData& part, int firstSource, EmData& full) {
  for (int f = 0; f < part.nfreq; ++f)
    for (int s = 0; s < part.nsrc; ++s)
      for (int r = 0; r < part.nrec; ++r) full.at(f, firstSource + s, r) = part.at(f, s, r);
}

}  // namespace

EmSimulation simulateEm(MPI_Comm comm, const ModelView& conductivity, const EmConfig& config, bool keepFields) {
  const std::vector<EmModePart> parts = modeParts(config, conductivity);
  if (parts.size() == 1) return simulateMode(comm, conductivity, config, keepFields);
  const EmDataShape shape = dataShape(config);
  EmSimulation sim;
  sim.field = EmData(shape.nfreq, shape.nsrc, shape.nrec);
  sim.secondary = sim.field;
  sim.impedance = sim.field;
  for (const EmModePart& part : parts) {
    EmSimulation s = simulateMode(comm, rowsFrom(conductivity, part.firstRow), part.config,
                                  keepFields && part.firstRow == 0 && part.firstSource == 0);
    placeSources(s.field, part.firstSource, sim.field);
    placeSources(s.secondary, part.firstSource, sim.secondary);
    placeSources(s.impedance, part.firstSource, sim.impedance);
    if (!s.modelFields.empty()) sim.modelFields = std::move(s.modelFields);
  }
  return sim;
}

std::vector<double> realData(const EmSimulation& simulation, const EmConfig& config) {
  return toReal(simulation.datum(config.datum), config.form, config.frequencies);
}

}  // namespace pairinv::em
