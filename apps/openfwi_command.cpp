// pairinv openfwi: move datasets between OpenFWI's .npy files and pairinv's survey file.
//
// Sample runs:
//   import (the openfwi preset's geometry becomes the survey's attributes):
//     pairinv openfwi -openfwi_data data1.npy,data2.npy -openfwi_model model1.npy,model2.npy -output flatvel.h5
//   export (any survey file with 4-D /data; 500 samples per file as OpenFWI ships them):
//     pairinv openfwi -openfwi_export flatvel.h5 -output DIR    -> DIR/data1.npy, DIR/model1.npy, ...
// (tests/apps/test_survey_app.cpp runs both.)
//
// OpenFWI's files: dataK.npy float32 (n, 5, 1000, 70) = [sample, shot, time, receiver] and
// modelK.npy float32 (n, 1, 70, 70) = [sample, channel, z, x], m/s, 10 m cells. An imported
// file has the survey layout of core/survey_file.hpp with family "openfwi-import", the source
// file names as family_options and seed -1. Without -acoustic_preset, the openfwi preset is
// used; other -acoustic_* options describe other geometries (the data's shape must match).
// The import is resumable like a survey: rerunning it continues with the samples not yet in.
#include <filesystem>
#include <sstream>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "core/survey_file.hpp"
#include "apps/survey_setup.hpp"
#include "apps/acoustic/acoustic_physics.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "core/npy.hpp"
#include "core/openfwi_files.hpp"
#include "core/options.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

struct OpenfwiOptions {
  std::vector<fs::path> data, models;
  fs::path exportFrom;
  double dx = 10.0;
  std::size_t perFile = 500;
  fs::path output;
};

std::vector<fs::path> splitList(const std::string& text) {
  std::vector<fs::path> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) items.emplace_back(item);
  return items;
}

OpenfwiOptions readOpenfwiOptions(MPI_Comm comm) {
  OpenfwiOptions o;
  {
    OptionsBlock opts(comm, "", "pairinv openfwi: import OpenFWI .npy files into a survey file, or export one");
    o.output = opts.string("-output", "Import: the survey file to write; export: the directory for the .npy files",
                           "");
  }
  OptionsBlock opts(comm, "openfwi_", "OpenFWI import and export");
  o.data = splitList(opts.string("-data", "Import: comma-separated OpenFWI data files (n, shots, time, receivers)", ""));
  o.models = splitList(opts.string("-model", "Import: the matching model files (n, 1, nz, nx), in the same order", ""));
  o.dx = opts.real("-dx", "Import: grid spacing of the models in m (OpenFWI: 10)", 10.0, 1e-9);
  o.exportFrom = opts.string("-export", "Export: the survey file to write as dataK.npy / modelK.npy", "");
  o.perFile = std::size_t(opts.integer("-per_file", "Export: samples per .npy file (OpenFWI: 500)", 500, 1));
  return o;
}

/// The models of every file, checked: shape (n, 1, nz, nx) with one (nz, nx) for all files.
NpyArray readDataFile(const fs::path& file, std::size_t samples, const SurveyLayout& layout) {
  return readOpenfwiData(file, {samples, std::size_t(layout.nshots), std::size_t(layout.nsamples),
                                std::size_t(layout.nreceivers)});
}

int importOpenfwi(const PetscSession& session, const OpenfwiOptions& o) {
  // 1. Models (small) first: they give the grid, the sample count and the velocity range.
  if (!session.helpRequested()) {
    require(!o.data.empty() && o.data.size() == o.models.size(), "-openfwi_data has ", o.data.size(),
            " file(s) and -openfwi_model ", o.models.size(), "; give one model file per data file");
    require(!o.output.empty(), "-output: name the survey file to write");
  }
  const std::vector<NpyArray> models = session.helpRequested() ? std::vector<NpyArray>() : readOpenfwiModels(o.models);
  Grid2D grid;
  grid.nz = models.empty() ? 70 : int(models.front().shape[2]);
  grid.nx = models.empty() ? 70 : int(models.front().shape[3]);
  grid.dz = grid.dx = o.dx;

  // 2. The acquisition: the openfwi preset unless the user chose one.
  acoustic::AcousticConfig config = acoustic::readAcousticConfig(session.comm(), grid, acoustic::Preset::OpenFwi);
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  std::size_t total = 0;
  double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
  for (std::size_t k = 0; k < models.size(); ++k) {
    total += models[k].shape[0];
    for (double v : models[k].data) lo = std::min(lo, v), hi = std::max(hi, v);  // checked finite, positive
  }
  Field2D envelope(grid, hi);
  envelope.values[0] = lo;
  acoustic::validateAcousticConfig(config, envelope);

  SurveyIdentity id;
  id.quantity = "velocity", id.units = "m/s", id.family = "openfwi-import";
  for (std::size_t k = 0; k < o.data.size(); ++k)
    id.familyOptions += concat(k ? "; " : "", "data ", o.data[k].string(), ", model ", o.models[k].string());
  id.seed = -1;
  id.samples = total;
  id.grid = grid;
  const AcousticPhysics physics(config);
  const SurveyLayout layout = makeSurveyLayout(id, &physics, DataDegradation());

  // 3. Output (rank 0 only: importing is I/O, not computing); the first data file is checked
  //    before anything is written.
  if (session.rank() != 0) return 0;
  if (o.output.has_parent_path()) ensureDirectory(o.output.parent_path());
  const SurveyState state = inspectSurveyOutput(o.output, layout);
  if (state == SurveyState::Complete) {
    logInfo(concat("openfwi: '", o.output.string(), "' is already complete (", total, " samples)"));
    return 0;
  }
  NpyArray data = readDataFile(o.data.front(), models.front().shape[0], layout);
  if (state == SurveyState::Missing) requireDiskSpace(o.output, layout, total);
  SurveyWriter writer(o.output, layout);

  // 4. Samples in file order; files whose samples are all in already are skipped on a rerun.
  std::size_t first = 0;
  std::vector<float> model(layout.modelSize()), gather(layout.dataSize());
  for (std::size_t k = 0; k < o.data.size(); ++k) {
    const std::size_t n = models[k].shape[0];
    bool missing = false;
    for (std::size_t i = 0; i < n; ++i) missing = missing || !writer.completed()[first + i];
    if (missing) {
      if (k > 0) data = readDataFile(o.data[k], n, layout);
      for (std::size_t i = 0; i < n; ++i) {
        if (writer.completed()[first + i]) continue;
        std::copy_n(models[k].data.begin() + std::ptrdiff_t(i * model.size()), model.size(), model.begin());
        std::copy_n(data.data.begin() + std::ptrdiff_t(i * gather.size()), gather.size(), gather.begin());
        writer.writeSample(first + i, model.data(), gather.data());
      }
    }
    first += n;
  }
  writer.finish();
  logInfo(concat("openfwi: imported ", total, " samples from ", o.data.size(), " file pair(s) into ",
                 o.output.string()));
  writeCommandRecord(session.comm(), "openfwi", o.output, false);
  return 0;
}

int exportOpenfwi(const PetscSession& session, const OpenfwiOptions& o) {
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  require(!o.output.empty(), "-output: name the directory for the .npy files");
  if (session.rank() != 0) return 0;
  const Hdf5File h5 = Hdf5File::openReadOnly(o.exportFrom);
  require(h5.hasDataset("/models") && h5.datasetShape("/models").size() == 4, "'", o.exportFrom.string(),
          "' is not a survey file (no 4-D dataset /models)");
  if (h5.hasDataset("/completed"))
    for (double c : h5.readDataset("/completed").data)
      require(c == 1.0, "'", o.exportFrom.string(), "' is unfinished: rerun the command that made it first");
  const std::vector<hsize_t> modelShape = h5.datasetShape("/models");
  const bool hasData = h5.hasDataset("/data");
  const std::vector<hsize_t> dataShape = hasData ? h5.datasetShape("/data") : std::vector<hsize_t>();
  require(!hasData || dataShape.size() == 4, "'", o.exportFrom.string(), "': /data is not 4-D");
  ensureDirectory(o.output);

  const std::size_t total = modelShape[0];
  std::vector<float> models, data;
  for (std::size_t first = 0, part = 1; first < total; first += o.perFile, ++part) {
    const std::size_t n = std::min(o.perFile, total - first);
    models.clear(), data.clear();
    for (std::size_t i = first; i < first + n; ++i) {
      const Hdf5Array m = h5.readDatasetSlice("/models", i);
      models.insert(models.end(), m.data.begin(), m.data.end());
      if (!hasData) continue;
      const Hdf5Array d = h5.readDatasetSlice("/data", i);
      data.insert(data.end(), d.data.begin(), d.data.end());
    }
    const auto size = [](hsize_t v) { return std::size_t(v); };
    writeNpy(o.output / concat("model", part, ".npy"), {n, 1, size(modelShape[2]), size(modelShape[3])},
             models.data());
    if (hasData)
      writeNpy(o.output / concat("data", part, ".npy"),
               {n, size(dataShape[1]), size(dataShape[2]), size(dataShape[3])}, data.data());
  }
  logInfo(concat("openfwi: exported ", total, " samples of ", o.exportFrom.string(), " to ", o.output.string()));
  writeCommandRecord(session.comm(), "openfwi", o.output, true);
  return 0;
}

}  // namespace

int runOpenfwi(const PetscSession& session) {
  const OpenfwiOptions o = readOpenfwiOptions(session.comm());
  const bool importing = !o.data.empty() || !o.models.empty();
  require(session.helpRequested() || importing != !o.exportFrom.empty(),
          "give either -openfwi_data and -openfwi_model (import) or -openfwi_export (export)");
  return importing || session.helpRequested() ? importOpenfwi(session, o) : exportOpenfwi(session, o);
}

}  // namespace pairinv::apps
