// The loss on a 2-D slice of parameter space through a session's current parameters: exact axes
// for 2-parameter models (and test functions), or two directions: filter-normalized random ones
// (Li et al. 2018) or the top-2 principal directions of the trajectory's snapshots. The path
// (snapshots, or the trajectory, projected) is drawn on it. Rows can be computed a few at a
// time (a worker goes progressively). The session is not changed.
// Not here: drawing the contour (web/).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/util/status.hpp"

namespace descent {

class Session;

/// As a caller gives it (counts as numbers; checked by landscape(), see call_args.hpp).
struct LandscapeConfig {
  std::string axes = "auto";  // auto | params (exact, 2-param models) | random | pca
  double range = 0;           // half-width: params axes in parameter units (0 = auto), random/pca in units of the direction (0 = 1)
  double resolution = 41;     // an integer in [2, 256]
  double row_begin = 0, row_end = 0;       // rows to compute (0, 0 = all): lets a worker go progressively
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;   // explicit coordinate box (all 0 = auto)
};

struct Landscape {
  std::string axes;            // what was used
  std::size_t resolution = 0;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;  // coordinate ranges
  std::vector<float> values;   // (rows computed) x resolution, row-major, row r <-> y0 + r * (y1 - y0) / (res - 1)
  std::size_t row_begin = 0, row_end = 0;
  std::vector<float> path;     // (x, y) pairs: the trajectory projected on the axes
  std::string note;
};

/// Checks c and computes the slice into out.
Status landscape(const Session& s, const LandscapeConfig& c, Landscape& out);

}  // namespace descent
