// How a registry row is written outside the engine: its PyTorch and Keras forms and the lines of
// "explain this step". Rows (losses, optimizers, schedules, line searches, activations) carry them
// as templates; registry_json() publishes them; bindings/forms.js fills them (the exports, the
// page). Not here: filling templates (JavaScript does that) or anything the engine computes.
//
// Template language (bindings/forms.js implements it; a Node test renders every row's templates):
//   $name or ${name}     a value: a parameter of the row ("$lr"), a number of the step ("$m_hat"),
//                        a setting in explain lines ("$@beta1"), a fact of the run ("${run.lr}")
//   ${name|op}           a number as an operand: negative numbers in parentheses
//   ${name|used}         explain lines: the step's value of a setting the schedule may move
//                        (momentum, beta1), marked when it differs from the spec's "@name"
//   ${if COND}A${else}B${end}   A when COND holds, else B (the else part is optional; nests)
//   $$                   a literal "$"
// COND is one or more terms joined by "," (all must hold): "name" (present and not 0, false or
// ""), "?name" (present), "name=v", "name!=v", each optionally negated with a leading "!".
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace descent {

/// The row in another framework: `code` is a template over the row's parameters (an expression:
/// "torch.optim.Adam($params, lr=$lr, ...)"); `support` is Python the expression needs, emitted
/// once before it (a class the framework lacks, like Lion in torch 1.x). When the framework has
/// no equivalent, `code` is empty and `none` says why (the export prints it instead).
struct ExportForm {
  std::string code;
  std::string support;
  std::string none;
  ExportForm() = default;
  ExportForm(std::string code_, std::string support_ = "") : code(std::move(code_)), support(std::move(support_)) {}
};

/// The form of a row the framework cannot express, and why.
inline ExportForm no_equivalent(std::string why) {
  ExportForm f;
  f.none = std::move(why);
  return f;
}

/// One line of "explain this step" for an optimizer: the equation in plain text and in TeX with
/// the step's numbers in its slots, a note, and `check`: identities among the named numbers
/// ("m_hat = m / bias_correction1; ..."), in the arithmetic of bindings/forms.js evaluate(), that
/// a test verifies against the engine's values. A line with `let` ("w_before = w - step") shows
/// nothing and defines a derived number for the lines after it. `when` is a COND (above).
struct ExplainLine {
  std::string when;
  std::string plain;
  std::string tex;
  std::string note;
  std::string check;
  std::string let;
};

}  // namespace descent
