// What ran: the version line (pairinv -version) and options.yaml, the record that a finished
// command leaves with its output. options.yaml holds every option given on the command line or
// in options files (PETSc's and pairinv's alike), so that
//   pairinv COMMAND -options_file_yaml OUTPUT/options.yaml
// reruns it (from the folder it ran in: relative paths stay relative); its comment lines hold
// the version line, that folder and that command.
#pragma once

#include <mpi.h>

#include <filesystem>
#include <string>

namespace pairinv::apps {

/// "pairinv 0.1.0 (git 1a2b3c4d5e6f), PETSc 3.18.5, LibTorch 1.13.1, VTK 9.1.0".
std::string versionLine();

/// Where the record of a command that writes `output` goes: OUTPUT/options.yaml for an output
/// folder, the file's folder / STEM_options.yaml beside an output file (survey.h5 ->
/// survey_options.yaml).
std::filesystem::path recordFile(const std::filesystem::path& output, bool outputIsFolder);

/// Writes the record (atomically, on rank 0 of `comm`) for `command` ("forward", ...).
void writeCommandRecord(MPI_Comm comm, const std::string& command, const std::filesystem::path& output,
                        bool outputIsFolder);

/// The options database as YAML lines ("key: \"value\"", flags "key:"), leaving out -help and
/// -version. Exposed for tests.
std::string optionsAsYaml();

}  // namespace pairinv::apps
