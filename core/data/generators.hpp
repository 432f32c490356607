// Seeded synthetic datasets for lessons: regression (line, polynomial, sine, plane) and
// classification (blobs/gaussians, circles, xor, moons, spiral), each with samples and noise and
// the options that make a lesson work (outliers, imbalance, badly scaled features).
// Same seed -> same data on every platform (our Rng, our transcendentals).
#pragma once
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/registry/params.hpp"
#include "core/util/rng.hpp"
#include "core/util/status.hpp"

namespace descent {

struct GeneratorEntry {
  std::string id;      // "spiral"
  std::string label;   // "Spiral"
  std::string description;
  bool classification;
  std::vector<ParamSpec> params;  // always "samples" and "noise"; then generator-specific
  /// Fills ds from validated params. Returns an error only for combinations the ranges cannot
  /// express.
  Status (*generate)(const ParamValues& p, Rng& rng, Dataset& ds);
};

const std::vector<GeneratorEntry>& generator_registry();
const GeneratorEntry* find_generator(const std::string& id);

}  // namespace descent
