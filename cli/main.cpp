// descent-native: the native engine of the `descent` CLI (bindings/cli.js runs it for
// `--engine native`; it also works on its own). Prints result JSON to stdout (or --out) and a
// progress bar to stderr. Exit codes: 0 ok (incl. diverged / early_stopped), 1 invalid spec or
// data, 2 usage.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "core/simd/arch.hpp"
#include "core/simd/probe.hpp"
#include "core/spec/spec.hpp"
#include "core/train/run.hpp"
#include "core/util/json.hpp"

namespace {

const char* kUsage =
    "usage: descent-native <command> [options]\n"
    "  run <spec.json|->  [--csv FILE] [--out FILE] [--quiet]   run a spec, print the result JSON\n"
    "  validate <spec.json|-> [--csv FILE]                       check a spec (and its data)\n"
    "  registry                                                  models, losses, optimizers ... as JSON\n"
    "  probe                                                     kernel bit-identity hash\n"
    "  version\n";

int usage(const std::string& why) {
  if (!why.empty()) std::fprintf(stderr, "descent: %s\n", why.c_str());
  std::fputs(kUsage, stderr);
  return 2;
}

bool read_file(const std::string& path, std::string& out) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

std::string dir_of(const std::string& path) {
  const std::size_t s = path.find_last_of('/');
  return s == std::string::npos ? "" : path.substr(0, s + 1);
}

struct Args {
  std::string command, spec_path, csv_path, out_path;
  bool quiet = false;
};

// Reads the CSV named by --csv or by the spec's data.path (relative to the spec file).
// Returns 0 ok (csv and csv_name set when there is one), 1 on a file error (printed).
int load_csv(const Args& a, const std::string& spec_text, std::string& csv, bool& has_csv, std::string& csv_name) {
  has_csv = false;
  csv_name.clear();
  std::string path = a.csv_path;
  if (path.empty()) {
    descent::Json j;
    if (descent::parse_json(spec_text, j).ok() && j.is_object())
      if (const descent::Json* d = j.find("data"))
        if (d->is_object())
          if (const descent::Json* p = d->find("path"))
            if (p->is_string() && !d->find("text")) {
              path = p->as_string();
              if (!path.empty() && path[0] != '/' && a.spec_path != "-") path = dir_of(a.spec_path) + path;
            }
  }
  if (path.empty()) return 0;
  if (!read_file(path, csv)) {
    std::fprintf(stderr, "descent: cannot read the CSV file %s\n", path.c_str());
    return 1;
  }
  has_csv = true;
  csv_name = path;
  return 0;
}

// One error per line, as the CLI prints them; an error in the CSV (reported at data.text, where
// the engine received it) starts with the file it came from.
std::string error_line(const std::string& path, const std::string& message, const std::string& csv_name) {
  return "  " + (path == "data.text" && !csv_name.empty() ? csv_name + ": " : std::string()) + message + "\n";
}

void progress_bar(const descent::Session& s, std::chrono::steady_clock::time_point t0, bool tty, int& last_pct) {
  const long total = s.total_steps() > 0 ? s.total_steps() : 1;
  const int pct = int(100.0 * double(s.steps()) / double(total));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double rate = secs > 0 ? double(s.samples_seen()) / secs : 0;
  const auto& h = s.history();
  const double loss = h.size() ? h.loss.back() : NAN;
  if (!tty && pct < last_pct + 25 && !s.finished()) return;
  last_pct = pct;
  char bar[31];
  const int filled = pct * 30 / 100;
  for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
  bar[30] = 0;
  std::fprintf(stderr, "%s[%s] %3d%%  step %ld/%ld  loss %.6g  %.0f samples/s%s", tty ? "\r" : "", bar, pct, s.steps(),
               s.total_steps(), loss, rate, tty ? "   " : "\n");
  std::fflush(stderr);
}

int run(const Args& a) {
  std::string spec_text, csv;
  if (!read_file(a.spec_path, spec_text)) {
    std::fprintf(stderr, "descent: cannot read the spec file %s\n", a.spec_path.c_str());
    return 1;
  }
  bool has_csv = false;
  std::string csv_name;
  if (load_csv(a, spec_text, csv, has_csv, csv_name) != 0) return 1;
  descent::Issues issues;
  std::unique_ptr<descent::Session> s = descent::open_session(spec_text, has_csv ? &csv : nullptr, issues);
  std::string out;
  int code = 0;
  if (!s) {
    std::string lines;
    for (const descent::Issue& i : issues) lines += error_line(i.path, i.message, csv_name);
    std::fprintf(stderr, "descent: the spec is invalid:\n%s", lines.c_str());
    out = descent::invalid_result_json(issues);
    code = 1;
  } else {
    const auto t0 = std::chrono::steady_clock::now();
    const bool tty = isatty(2) != 0;
    int last_pct = -100;
    auto last_draw = t0;
    descent::run_to_end(*s, [&](const descent::Session& ss) {
      if (a.quiet) return;
      const auto now = std::chrono::steady_clock::now();
      if (ss.finished() || now - last_draw > std::chrono::milliseconds(100)) {
        last_draw = now;
        progress_bar(ss, t0, tty, last_pct);
      }
    }, 500);
    if (!a.quiet) std::fprintf(stderr, "%s%s: %s\n", tty ? "\n" : "", descent::status_name(s->status()), s->message().c_str());
    out = s->result_json();
  }
  out += "\n";
  if (!a.out_path.empty()) {
    std::ofstream f(a.out_path, std::ios::binary);
    if (!f || !(f << out)) {
      std::fprintf(stderr, "descent: cannot write %s\n", a.out_path.c_str());
      return 1;
    }
  } else {
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return code;
}

int validate(const Args& a) {
  std::string spec_text, csv;
  if (!read_file(a.spec_path, spec_text)) {
    std::fprintf(stderr, "descent: cannot read the spec file %s\n", a.spec_path.c_str());
    return 1;
  }
  bool has_csv = false;
  std::string csv_name;
  if (load_csv(a, spec_text, csv, has_csv, csv_name) != 0) return 1;
  const std::string report = descent::validate_json(spec_text, has_csv ? &csv : nullptr);
  std::printf("%s\n", report.c_str());
  descent::Json j;
  descent::parse_json(report, j);
  const bool ok = j.find("ok") && j.find("ok")->as_bool();
  if (!ok)
    for (const descent::Json& e : j.find("errors")->items())
      std::fprintf(stderr, "%s", error_line(e.find("path")->as_string(), e.find("message")->as_string(), csv_name).c_str());
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage("");
  Args a;
  a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= argc) return false;
      dst = argv[++i];
      return true;
    };
    if (arg == "--csv") { if (!value(a.csv_path)) return usage("--csv needs a file"); }
    else if (arg == "--out") { if (!value(a.out_path)) return usage("--out needs a file"); }
    else if (arg == "--quiet" || arg == "-q") a.quiet = true;
    else if (arg == "--help" || arg == "-h") return usage(""), 0;
    else if (!arg.empty() && arg[0] == '-' && arg != "-") return usage("unknown option " + arg);
    else if (a.spec_path.empty()) a.spec_path = arg;
    else return usage("unexpected argument " + arg);
  }
  if (a.command == "version") {
    std::printf("descent %s (%s)\n", DESCENT_VERSION, descent::simd::arch_name());
    return 0;
  }
  if (a.command == "probe") {
    std::printf("%s\n", descent::kernel_probe().hash.c_str());
    return 0;
  }
  if (a.command == "registry") {
    std::printf("%s\n", descent::registry_json().c_str());
    return 0;
  }
  if (a.command == "run" || a.command == "validate") {
    if (a.spec_path.empty()) return usage(a.command + " needs a spec file (or - for stdin)");
    return a.command == "run" ? run(a) : validate(a);
  }
  return usage("unknown command " + a.command);
}
