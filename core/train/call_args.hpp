// The arguments of a session's calls (what the JS API, the CLI or a test passes to run, predict,
// grid, landscape, the LR finder, explain, history ...) with their ranges, as ParamSpecs: the one
// check of each, here, with a message that names the argument as the API does ("k must be an
// integer in [0, 10000000], got 1e+30"). Numbers arrive as doubles, as JavaScript has them.
// Not here: the spec's own fields (spec.hpp), the arguments' meaning (the calls).
#pragma once
#include <cstddef>
#include <string>

#include "core/registry/params.hpp"
#include "core/util/status.hpp"

namespace descent {

struct LrFinderConfig;
struct LandscapeConfig;

namespace call_args {
/// The most steps one call runs (run(k), a chunk of run_to_end): a call returns within seconds.
constexpr double kMaxStepsPerCall = 10000000;
/// The most rows one predict() call takes.
constexpr double kMaxPredictRows = 1000000;
/// The most row indices one batch_order() call returns.
constexpr double kMaxBatchOrder = 50000000;

const ParamSpec& steps();           // "k": optimizer steps of one call
const ParamSpec& chunk();           // "options.chunk": steps between progress reports
const ParamSpec& since();           // "since": history points the caller holds
const ParamSpec& epochs_since();    // "epochsSince"
const ParamSpec& grid_resolution(); // "resolution" of grid()
const ParamSpec& order_epochs();    // "epochs" of batch_order()
const ParamSpec& preview_rows();    // "rows" of a CSV preview
const ParamSpec& preview_header();  // "header" of a CSV preview: auto | yes | no
}  // namespace call_args

/// value against spec, as a Status with check_param's message.
Status check_arg(const ParamSpec& spec, double value);
/// An index into n things: "i must be an integer in [0, n - 1], got ...".
Status check_index(const char* name, double value, std::size_t n);
/// A choice ("header must be one of \"auto\", \"yes\", \"no\", got \"maybe\"").
Status check_arg(const ParamSpec& spec, const std::string& value);

Status check_lr_finder(const LrFinderConfig& c);
/// The checks that need no session: axes, range, resolution, rows, box.
Status check_landscape(const LandscapeConfig& c);

}  // namespace descent
