// Every JSON shape a session's caller reads, produced here once so that the JavaScript API, the
// native CLI and the tests see the same bytes: the result of a run, the metrics, the problem,
// "explain this step", the LR finder, the landscape's numbers, a slice of the history and of the
// trajectory, the line-search trials, a loss on hand-made numbers. Floats are written as float32
// (shortest round-trip digits), doubles as doubles, counts as exact integers; non-finite as null.
// Not here: large arrays (a binding hands them over as typed arrays, see handle.hpp).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

class Session;
struct LrFinderResult;
struct Landscape;

/// The result of the run so far: status, message, counts, the problem's summary, the history,
/// the parameters, the trajectory and values (2 parameters / function mode), the metrics.
std::string result_json(Session& s);
/// { train: {...}, validation: {...} } (null for an empty split); function mode: { value, grad_norm }.
std::string metrics_json(Session& s);
/// What the UI needs to know about a session's problem: task, classes and names, shapes, the loss
/// used, notes, the function (function mode), and sizes.
std::string problem_json(const Session& s);
/// { name: value, ... } in order.
std::string explain_json(const Explained& e);
/// { lrs, losses, smoothed, suggestion, stoppedEarly, message }
std::string lr_finder_json(const LrFinderResult& r);
/// The landscape without its arrays: { axes, resolution, x: [x0, x1], y: [y0, y1], rowBegin, rowEnd, note }.
std::string landscape_json(const Landscape& l);
/// The history from point `start` and epoch record `epoch_start` on, without the per-step arrays:
/// { stride, start, length, epochStart, epochs: { trainLoss, valLoss, lr, trainMetric, valMetric, step } }.
std::string history_json(const Session& s, std::size_t start, std::size_t epoch_start);
/// [{ a, f }, ...]: the last step's line-search trials.
std::string trials_json(const Session& s);
/// A loss on hand-made numbers (evaluate_loss in spec.hpp): { ok: true, value, grad } or
/// { ok: false, errors: [{ path, message }] }.
std::string evaluate_loss_json(const std::string& loss_spec_json, const std::vector<float>& pred,
                               const std::vector<float>& target);

}  // namespace descent
