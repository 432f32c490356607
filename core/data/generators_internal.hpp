// Shared pieces of the synthetic generators (not a public header): parameter builders, parameter
// resolution (defaults for missing keys, range checks), class-count apportionment, and the
// per-family entry points that generators.cpp puts in the registry table.
// Not here: the registry itself (generators.cpp) or anything the UI reads directly.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/registry/params.hpp"
#include "core/util/rng.hpp"
#include "core/util/status.hpp"

namespace descent::gen {

// ParamSpec builders: number_param, integer_param, choice_param (core/registry/params.hpp).

/// "samples" (integer, 200, [1, 100000]) and "noise" (0.1, [0, 5]) with the family's help text.
ParamSpec samples_param();
ParamSpec noise_param(std::string help);

/// out = in with every missing key set to its default; every value checked against its spec.
/// The first problem becomes the Status ("samples must be an integer in [1, 100000], got 0").
Status resolve_params(const std::vector<ParamSpec>& specs, const ParamValues& in, ParamValues& out);

/// Rows per class for n samples over k classes with weights (1, r, r, ...): largest-remainder
/// apportionment of n * w_c / sum(w) (ties to the lower class), then, when n >= k, any empty class
/// takes one row from the largest class (lowest index on ties). Sums to n.
std::vector<std::size_t> class_counts(std::size_t n, std::size_t k, double imbalance);

// Regression family (generators_regression.cpp).
const std::vector<ParamSpec>& line_params();
const std::vector<ParamSpec>& polynomial_params();
const std::vector<ParamSpec>& sine_params();
const std::vector<ParamSpec>& plane_params();
Status generate_line(const ParamValues& p, Rng& rng, Dataset& ds);
Status generate_polynomial(const ParamValues& p, Rng& rng, Dataset& ds);
Status generate_sine(const ParamValues& p, Rng& rng, Dataset& ds);
Status generate_plane(const ParamValues& p, Rng& rng, Dataset& ds);

// Classification family (generators_classification.cpp).
const std::vector<ParamSpec>& blobs_params();
const std::vector<ParamSpec>& circles_params();
const std::vector<ParamSpec>& xor_params();
const std::vector<ParamSpec>& moons_params();
const std::vector<ParamSpec>& spiral_params();
Status generate_blobs(const ParamValues& p, Rng& rng, Dataset& ds);
Status generate_circles(const ParamValues& p, Rng& rng, Dataset& ds);
Status generate_xor(const ParamValues& p, Rng& rng, Dataset& ds);
Status generate_moons(const ParamValues& p, Rng& rng, Dataset& ds);
Status generate_spiral(const ParamValues& p, Rng& rng, Dataset& ds);

}  // namespace descent::gen
