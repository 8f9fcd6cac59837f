// Which CCG a return belongs to (methods.md (Inputs)).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "foi/reference.h"

namespace foi {

// A cell or name naming a CCG: an ODS code ("08K"), the ODS or ONS name
// ("NHS Lambeth CCG", "NHS Lambeth"), or the name without NHS/CCG ("Lambeth").
const CcgRef* match_ccg(std::string_view text, const ReferenceData& ref);
// The CCGs a text names among other words ("NHS Lambeth CCG (lead)", "NHS
// Lambeth CCG and NHS Southwark CCG"), each once, in order; match_ccg()
// takes a text that names exactly one.
std::vector<const CcgRef*> ccgs_named_in(std::string_view text, const ReferenceData& ref);

// A cell naming a CCG formed after April 2013 by a merger ("13T", "NHS
// Newcastle Gateshead CCG"), which match_ccg() cannot place; nullptr for any
// other text.
const LaterCcg* match_later_ccg(std::string_view text, const ReferenceData& ref);
// "08K NHS Lambeth CCG and 08Q NHS Southwark CCG": CCGs named in a message.
std::string ccgs_text(const std::vector<const CcgRef*>& ccgs);
// What to tell a user of such a cell: which CCGs it was formed from.
std::string later_ccg_text(const LaterCcg& later, const ReferenceData& ref);

struct FileNameCcg {
  const CcgRef* ccg = nullptr;
  std::string basis;      // "file name code" or "file name"
  std::string ambiguity;            // the CCGs, when the name names several
  const LaterCcg* later = nullptr;  // a CCG formed after April 2013, named in it
};
// An ODS code among the file name's parts ("08K_lambeth.csv"), else the one
// CCG name found in it ("nhs_lambeth_ccg_foi.csv"), a name inside a longer
// one being part of that one.
FileNameCcg ccg_from_file_name(std::string_view path, const ReferenceData& ref);

// "lambeth" for "NHS Lambeth CCG": the folded name without NHS / CCG words.
std::string ccg_key(std::string_view name);

}  // namespace foi
