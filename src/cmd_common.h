// What the commands share around the pipeline: telling what was read
// (findings, repeated inputs, unused overrides) and refusing outputs that
// would overwrite what is read.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "foi/contracts.h"
#include "foi/pipeline.h"

namespace foi {

// Prints every error compiler-style and one line counting the warnings by
// check (validate tells each one), and returns 2 when any file was
// unreadable or any error was found, else 0.
// The manifest's own findings (a status not read, a CCG listed twice) and
// its disagreements with the files (a responding CCG's file not read) are
// printed first: they change what the figures count.
// not_read: the files in the input folders that are not read
// (Inputs::not_returns), for a manifest naming one as a CCG's return.
int report_findings(const std::vector<FileResult>& files, std::ostream& err, const Manifest* manifest,
                    const std::vector<std::string>& not_read = {});

// The manifest's own findings, then where the manifest and the files read
// disagree (manifest-status, manifest-missing-file), appended to findings.
void find_manifest_mismatches(const Manifest& manifest, const std::vector<FileResult>& files,
                              std::vector<Diagnostic>& findings, const std::vector<std::string>& not_read = {});

// Tells of each input named more than once (a file named again, or inside a
// folder named too), which is read once; of files of the same bytes, both
// read; and of files in the folders named that are not read, being of no
// kind a return is (unless the command reports them as findings,
// not_read_findings()).
void say_repeated_inputs(const Inputs& inputs, std::ostream& err, bool say_not_returns = true);
// The files in the folders named that are not read, each a finding
// (file-not-read), for a gate that must fail on a return sent as a PDF.
std::vector<Diagnostic> not_read_findings(const Inputs& inputs);

// The overrides no provider of the inputs took, as findings at their lines,
// and the count of rows that decide nothing yet (check override-unused): a
// misspelt name or a row left blank would otherwise change nothing without
// a word.
std::vector<Diagnostic> unused_overrides(const Pipeline& p);
// The same, printed as warnings.
void say_unused_overrides(const Pipeline& p, std::ostream& err);

// Throws Error unless format is one of known: a caller of the library with
// a misspelt format would otherwise get another format without a word.
void refuse_unknown_format(std::string_view format, std::initializer_list<std::string_view> known);

// Throws Error when an output file is one of the files read (an input, the
// manifest, the overrides, aliases or study file), however it is named (a link, another
// path): writing it would destroy what is being read.
void refuse_output_over_inputs(const std::string& output, const Inputs& inputs,
                               const std::vector<std::string>& other_files);
// The files a command reads beside its inputs: the manifest (named, or
// found in an input folder), the overrides, the aliases and the study file.
std::vector<std::string> files_read_beside_inputs(const Pipeline& p);
// Throws Error when an output folder is an input folder or inside one: the
// next run would read its tables as returns.
void refuse_output_folder_in_inputs(const std::string& dir, const std::vector<std::string>& named_inputs);

}  // namespace foi
