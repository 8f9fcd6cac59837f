// The FOI request log: one row per CCG asked (methods.md (Inputs)).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foi/error.h"
#include "foi/reference.h"

namespace foi {

enum class ResponseStatus { responded, partial, nil_return, refused, not_held, no_response };
const char* to_string(ResponseStatus s);
std::optional<ResponseStatus> parse_response_status(std::string_view s);
// responded, partial and nil_return count as responses (methods.md (Figures)).
bool is_response(ResponseStatus s);

struct ManifestEntry {
  std::string ccg_code;
  std::string ccg_name;
  ResponseStatus status = ResponseStatus::no_response;
  std::string file;  // as written, relative to the manifest's folder
  std::string received;
  std::string notes;
  long line = 0;
  std::string resolved;  // the file's full path, for matching inputs to entries
  bool known_ccg = false;     // ccg_code is one of the reference's CCGs
  bool known_status = true;   // false: a status not read (reported), counted as no response
};

struct Manifest {
  std::string path;
  std::vector<ManifestEntry> entries;
  Diagnostics diagnostics;
  // The entry naming this file (compared as paths relative to the manifest,
  // then by file name), or nullptr.
  const ManifestEntry* entry_for_file(const std::string& file_path) const;
};

// Throws foi::Error for a manifest that cannot be used at all (missing
// columns); row problems become diagnostics. A row whose status is not read
// stays, as a request without a response.
Manifest load_manifest(const std::string& path, const ReferenceData& ref);

// methods.md (Figures)'s response rate from a manifest: the CCGs of the reference it
// names (each once, however many rows name it), and those of them with a
// row whose status is a response.
struct Requests {
  std::size_t asked = 0, responded = 0;
};
Requests count_requests(const Manifest& m);

}  // namespace foi
