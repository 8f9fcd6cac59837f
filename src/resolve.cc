#include "foi/resolve.h"

namespace foi {

std::unique_ptr<Pipeline> open_pipeline(PipelineOptions options) {
  ReferenceData reference = options.reference_dir.empty() ? builtin_reference() : load_reference(options.reference_dir);
  std::vector<Override> overrides;
  if (!options.overrides.empty()) overrides = load_overrides(options.overrides);
  auto p = std::make_unique<Pipeline>();
  p->options = std::move(options);
  p->reference = std::move(reference);
  p->resolver = std::make_unique<ProviderResolver>(p->reference, std::move(overrides));
  p->inputs = collect_inputs(p->options.inputs, p->options.manifest);
  std::string manifest = p->options.manifest.empty() ? p->inputs.manifest : p->options.manifest;
  if (!manifest.empty()) p->manifest = load_manifest(manifest, p->reference);
  p->context.reference = &p->reference;
  p->context.manifest = p->manifest ? &*p->manifest : nullptr;
  p->context.years = p->options.study.years;
  p->context.quality = &p->options.study.quality;
  p->context.table.aliases = p->options.study.aliases;
  if (!p->options.aliases.empty()) {
    auto extra = load_header_aliases(p->options.aliases);
    // The user's alias file comes before the study file's.
    extra.entries.insert(extra.entries.end(), p->context.table.aliases.entries.begin(),
                         p->context.table.aliases.entries.end());
    p->context.table.aliases = std::move(extra);
  }
  return p;
}

std::vector<FileResult> run_pipeline(Pipeline& p, const ContractSink& sink, const Progress& progress) {
  std::vector<FileResult> results;
  results.reserve(p.inputs.files.size());
  for (std::size_t i = 0; i < p.inputs.files.size(); ++i) {
    results.push_back(read_return(p.inputs.files[i], p.context, [&](Contract& c) {
      const ProviderDecision& d = p.resolver->resolve(c.provider_raw, c.provider_type_raw, c.provider_code_raw);
      p.resolver->count(d, c.provider_raw);
      sink(c, d);
    }));
    if (progress) progress(i + 1, p.inputs.files.size());
  }
  return results;
}

}  // namespace foi
