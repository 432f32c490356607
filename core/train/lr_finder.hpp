// The learning-rate range test (Smith 2017; fastai's lr_find): from a copy of a session's
// parameters, a fresh optimizer takes `steps` steps with the LR growing geometrically from min_lr
// to max_lr, one mini-batch each; the losses are smoothed (EMA with bias correction) and the
// suggestion is where the smoothed loss falls fastest. The session is not changed.
// Not here: showing the curve (web/), applying the suggestion (Session::set_lr).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/util/status.hpp"

namespace descent {

class Session;

/// As a caller gives it (counts as numbers, checked by lr_finder()).
struct LrFinderConfig {
  double min_lr = 1e-6, max_lr = 1;
  double steps = 100;  // an integer in [5, 2000]
};

struct LrFinderResult {
  std::vector<float> lrs, losses, smoothed;
  double suggestion = 0;
  bool stopped_early = false;
  std::string message;
};

/// Checks c ("steps must be an integer in [5, 2000], got 2001") and runs the test.
Status lr_finder(const Session& s, const LrFinderConfig& c, LrFinderResult& out);

}  // namespace descent
