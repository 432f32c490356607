// descent-native: the native engine of the `descent` CLI (bindings/cli.js runs it for
// `--engine native`; it also works on its own). Prints result JSON to stdout (or --out) and a
// progress bar to stderr; flags, messages and exit codes follow bindings/cli.js (docs/cli.md).
// Not here: exports and plots (the wasm CLI only), or any training logic (core/train/run.hpp).
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/simd/arch.hpp"
#include "core/simd/probe.hpp"
#include "core/spec/spec.hpp"
#include "core/train/run.hpp"
#include "core/util/json.hpp"

namespace {

// Exit codes (the same in bindings/cli.js and docs/cli.md).
constexpr int kOk = 0, kInvalid = 1, kUsageError = 2, kInternal = 3;

const char* kUsage =
    "usage: descent-native <command> [options]\n"
    "\n"
    "commands:\n"
    "  run <spec.json|->       train the spec; print the result JSON (a progress bar on stderr)\n"
    "  validate <spec.json|->  check the spec and its data; print {\"ok\": ..., \"errors\": [...]}\n"
    "  registry                models, losses, optimizers, schedules ... with their parameters (JSON)\n"
    "  probe                   the kernel bit-identity hash (the same in every build)\n"
    "  version                 the version and the SIMD architecture\n"
    "  help                    this text\n"
    "\n"
    "options:\n"
    "  --csv FILE              the CSV data (instead of the spec's data.path or data.text)\n"
    "  -o, --out FILE          write the output to FILE instead of stdout\n"
    "  -q, --quiet             no progress bar or status line on stderr\n"
    "  -h, --help              this text\n"
    "  -V, --version           the version\n"
    "  --name=VALUE works as well as --name VALUE; \"-\" reads the spec from stdin; \"--\" ends the options.\n"
    "\n"
    "exit codes:\n"
    "  0  done: the command did what was asked (a run that diverged or stopped early is a result)\n"
    "  1  invalid input: the spec, its data or a file (the reasons are on stderr)\n"
    "  2  usage: an unknown command or option, a missing argument\n"
    "  3  internal error: the engine failed (a bug; please report it with the spec)\n"
    "\n"
    "The descent command (npx descent) has the same flags and also export and plot; see docs/cli.md.\n";

/// Text for a message: control characters (C0, DEL, C1) as \u00XX, so a NUL or an escape
/// sequence in a file name or a spec string never reaches the terminal raw (as bindings/cli.js).
std::string esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned c = static_cast<unsigned char>(s[i]);
    const bool c1 = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(s[i + 1]) <= 0x9F;
    if (c1) c = static_cast<unsigned char>(s[++i]);
    if (c < 0x20 || c == 0x7F || c1) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// Writes "descent: <text>\n" to stderr in full (a message may hold any byte; printf's %s would
/// stop at a NUL).
void say(const std::string& text) {
  const std::string line = "descent: " + text + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

/// A usage error: the reason and a pointer to --help (the whole text when there is no reason).
int usage(const std::string& why) {
  if (why.empty()) std::fputs(kUsage, stderr);
  else say(why + "\nrun descent-native --help for the commands and options");
  return kUsageError;
}

/// A quoted file name for a message.
std::string quoted(const std::string& name) { return "\"" + esc(name) + "\""; }

/// Why a file operation failed, in words (bindings/cli.js has the same table).
std::string reason(int err) {
  switch (err) {
    case ENOENT: return "no such file or folder";
    case EISDIR: return "a directory";
    case EACCES: return "permission denied";
    case ENOTDIR: return "a part of the path is not a folder";
    default: return std::strerror(err);
  }
}

/// What is wrong with a file we cannot read: "does not exist", "is a directory, not a file", ...
std::string file_problem(int err) {
  if (err == ENOENT) return "does not exist";
  if (err == EISDIR) return "is a directory, not a file";
  return "cannot be read (" + reason(err) + ")";
}

/// Reads a whole file ("-" is stdin). Returns "" on success, else what is wrong with it.
std::string read_file(const std::string& path, std::string& out) {
  out.clear();
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return "";
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return file_problem(errno);
  if (S_ISDIR(st.st_mode)) return file_problem(EISDIR);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return file_problem(errno);
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) return file_problem(err);
  return "";
}

/// Decodes UTF-16 (after its byte-order mark) to UTF-8. Returns "" or what is wrong.
std::string utf16_to_utf8(const std::string& in, bool big_endian, std::string& out) {
  out.clear();
  if (in.size() % 2 != 0) return "is UTF-16 with an odd number of bytes";
  auto unit = [&](std::size_t i) {
    const unsigned a = static_cast<unsigned char>(in[i]), b = static_cast<unsigned char>(in[i + 1]);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  };
  for (std::size_t i = 2; i < in.size(); i += 2) {
    unsigned cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < in.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      return "is UTF-16 with an unpaired surrogate at byte " + std::to_string(i + 1) + "; save it as UTF-8";
    }
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | cp >> 6);
      out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += char(0xE0 | cp >> 12);
      out += char(0x80 | (cp >> 6 & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xF0 | cp >> 18);
      out += char(0x80 | (cp >> 12 & 0x3F));
      out += char(0x80 | (cp >> 6 & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }
  return "";
}

/// The spec file's text: read, not empty, UTF-16 (with a byte-order mark, as Windows PowerShell 5
/// writes it) decoded to UTF-8. Prints the problem and returns false when there is one.
bool read_spec(const std::string& path, std::string& text) {
  const std::string what = path == "-" ? std::string("the spec on stdin") : "the spec file " + quoted(path);
  std::string problem = read_file(path, text);
  if (problem.empty() && text.empty()) problem = "is empty";
  if (problem.empty() && text.size() >= 2) {
    const unsigned char b0 = static_cast<unsigned char>(text[0]), b1 = static_cast<unsigned char>(text[1]);
    std::string decoded;
    if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
      problem = utf16_to_utf8(text, b0 == 0xFE, decoded);
      if (problem.empty()) text.swap(decoded);
    } else if ((b0 != 0 && b1 == 0) || (b0 == 0 && b1 != 0)) {
      problem = "looks like UTF-16 without a byte-order mark; save it as UTF-8";
    }
  }
  if (problem.empty()) return true;
  say(what + " " + problem);
  return false;
}

std::string dir_of(const std::string& path) {
  const std::size_t s = path.find_last_of('/');
  return s == std::string::npos ? "" : path.substr(0, s + 1);
}

struct Args {
  std::string command, spec_path, csv_path, out_path;
  bool quiet = false, help = false, version = false;
};

// Reads the CSV named by --csv or by the spec's data.path (relative to the spec file). Returns
// true when there is no CSV or it was read (csv and csv_name set); false after printing why not.
// An empty file is refused here when the spec has a data.path (the engine would only see a spec
// without data.text); otherwise the engine says "the file is empty", naming the file.
bool load_csv(const Args& a, const std::string& spec_text, std::string& csv, bool& has_csv, std::string& csv_name) {
  has_csv = false;
  csv_name.clear();
  std::string spec_path;  // data.path, when the spec names its CSV file
  descent::Json j;
  if (descent::parse_json(spec_text, j).ok() && j.is_object())
    if (const descent::Json* d = j.find("data"))
      if (d->is_object())
        if (const descent::Json* p = d->find("path"))
          if (p->is_string() && !d->find("text")) spec_path = p->as_string();
  std::string path = a.csv_path, from = "--csv";
  if (path.empty() && !spec_path.empty()) {
    path = spec_path[0] != '/' && a.spec_path != "-" ? dir_of(a.spec_path) + spec_path : spec_path;
    from = "data.path";
  }
  if (path.empty()) return true;
  std::string problem = read_file(path, csv);
  if (problem.empty() && csv.empty() && !spec_path.empty()) problem = "is empty";
  if (!problem.empty()) {
    say("the CSV file " + quoted(path) + " (" + from + ") " + problem);
    return false;
  }
  has_csv = true;
  csv_name = path;
  return true;
}

// One error per line, as the CLI prints them; an error in the CSV (reported at data.text, where
// the engine received it) starts with the file it came from.
std::string error_line(const std::string& path, const std::string& message, const std::string& csv_name) {
  return "  " + esc((path == "data.text" && !csv_name.empty() ? csv_name + ": " : std::string()) + message) + "\n";
}

void put_err(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stderr); }

/// The loss as C's %.6g prints it (bindings/cli.js formats it the same way).
std::string g6(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// The progress bar. On a terminal it is redrawn in place (at most every 100 ms and at the end);
// otherwise (a log, a pipe) one line per 25% and one at the end.
struct Progress {
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now(), last_draw{};
  bool tty = isatty(2) != 0;
  int last_pct = -100;

  void operator()(const descent::Session& s) {
    const auto now = std::chrono::steady_clock::now();
    const double total = double(s.total_steps() > 0 ? s.total_steps() : 1);
    const int pct = int(100.0 * double(s.steps()) / total);
    if (!s.finished()) {
      if (tty && last_pct >= 0 && now - last_draw < std::chrono::milliseconds(100)) return;
      if (!tty && pct < last_pct + 25) return;
    }
    last_pct = pct;
    last_draw = now;
    const double secs = std::chrono::duration<double>(now - t0).count();
    const double rate = secs > 0 ? double(s.samples_seen()) / secs : 0;
    const auto& h = s.history();
    const double loss = h.size() ? h.loss.back() : NAN;
    char bar[31];
    const int filled = pct * 30 / 100;
    for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
    bar[30] = 0;
    char line[256];
    std::snprintf(line, sizeof line, "%s[%s] %3d%%  step %lld/%lld  loss %s  %.0f samples/s%s", tty ? "\r" : "", bar, pct,
                  static_cast<long long>(s.steps()), static_cast<long long>(s.total_steps()), g6(loss).c_str(), rate,
                  tty ? "   " : "\n");
    put_err(line);
    std::fflush(stderr);
  }
};

bool write_out(const Args& a, const std::string& out) {
  if (a.out_path.empty() || a.out_path == "-") {
    std::fwrite(out.data(), 1, out.size(), stdout);
    return true;
  }
  std::FILE* f = std::fopen(a.out_path.c_str(), "wb");
  bool ok = f && std::fwrite(out.data(), 1, out.size(), f) == out.size();
  int err = errno;
  if (f && std::fclose(f) != 0 && ok) ok = false, err = errno;
  if (!ok) say("cannot write " + quoted(a.out_path) + " (" + reason(err) + ")");
  return ok;
}

int run(const Args& a) {
  std::string spec_text, csv;
  if (!read_spec(a.spec_path, spec_text)) return kInvalid;
  bool has_csv = false;
  std::string csv_name;
  if (!load_csv(a, spec_text, csv, has_csv, csv_name)) return kInvalid;
  descent::Issues issues;
  // A CSV's bytes are moved into the session (freed once loaded), never copied: one copy of a big file.
  std::unique_ptr<descent::Session> s = has_csv ? descent::open_session_taking(spec_text, std::move(csv), issues)
                                                : descent::open_session(spec_text, nullptr, issues);
  std::string out;
  int code = kOk;
  if (!s) {
    std::string lines = "descent: the spec is invalid:\n";
    for (const descent::Issue& i : issues) lines += error_line(i.path, i.message, csv_name);
    put_err(lines);
    out = descent::invalid_result_json(issues);
    code = kInvalid;
  } else {
    Progress progress;
    descent::run_to_end(*s, [&](const descent::Session& ss) { if (!a.quiet) progress(ss); }, 500);
    if (!a.quiet) put_err(std::string(progress.tty ? "\n" : "") + descent::status_name(s->status()) + ": " + esc(s->message()) + "\n");
    out = s->result_json();
  }
  out += "\n";
  if (!write_out(a, out)) return kInvalid;
  return code;
}

int validate(const Args& a) {
  std::string spec_text, csv;
  if (!read_spec(a.spec_path, spec_text)) return kInvalid;
  bool has_csv = false;
  std::string csv_name;
  if (!load_csv(a, spec_text, csv, has_csv, csv_name)) return kInvalid;
  const std::string report = descent::validate_json(spec_text, has_csv ? &csv : nullptr);
  if (!write_out(a, report + "\n")) return kInvalid;
  descent::Json j;
  descent::parse_json(report, j);
  const bool ok = j.find("ok") && j.find("ok")->as_bool();
  if (!ok)
    for (const descent::Json& e : j.find("errors")->items())
      put_err(error_line(e.find("path")->as_string(), e.find("message")->as_string(), csv_name));
  return ok ? kOk : kInvalid;
}

// Parses argv like node:util parseArgs (strict, positionals allowed): --name VALUE, --name=VALUE,
// -o VALUE, -q/-h/-V, "--" ends the options, "-" is a positional. Returns -1 or an exit code.
int parse_args(int argc, char** argv, Args& a) {
  std::vector<std::string> positional;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--") { options_done = true; continue; }
    std::string name = arg, value;
    bool inline_value = false;
    const std::size_t eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inline_value = true;
    }
    std::string* dst = name == "--csv" ? &a.csv_path : (name == "--out" || name == "-o") ? &a.out_path : nullptr;
    if (dst) {
      const std::string canon = name == "-o" ? "--out" : name;
      if (!inline_value) {
        if (i + 1 >= argc) return usage("option " + canon + " needs a value");
        value = argv[++i];
        if (!value.empty() && value[0] == '-' && value != "-")
          return usage("option " + canon + " needs a value, not " + esc(value) + " (write " + canon + "=VALUE for a value that starts with -)");
      }
      *dst = value;
      continue;
    }
    bool* flag = name == "--quiet" || name == "-q" ? &a.quiet
               : name == "--help" || name == "-h"  ? &a.help
               : name == "--version" || name == "-V" ? &a.version
                                                    : nullptr;
    if (!flag) return usage("unknown option " + esc(arg));
    if (inline_value) return usage("option " + esc(name) + " takes no value");  // name is one of ours
    *flag = true;
  }
  if (!positional.empty()) a.command = positional[0];
  if (positional.size() > 1) a.spec_path = positional[1];
  if (positional.size() > 2) return usage("unexpected argument " + esc(positional[2]));
  return -1;
}

int main_inner(int argc, char** argv) {
  Args a;
  const int parsed = parse_args(argc, argv, a);
  if (parsed >= 0) return parsed;
  if (a.help || a.command == "help") {
    std::fputs(kUsage, stdout);
    return kOk;
  }
  if (a.version || a.command == "version") {
    std::printf("descent %s (%s)\n", DESCENT_VERSION, descent::simd::arch_name());
    return kOk;
  }
  if (a.command.empty()) return usage("which command? (run, validate, registry, probe, version, help)");
  if (a.command == "probe") {
    std::printf("%s\n", descent::kernel_probe().hash.c_str());
    return kOk;
  }
  if (a.command == "registry") return write_out(a, descent::registry_json() + "\n") ? kOk : kInvalid;
  if (a.command == "run" || a.command == "validate") {
    if (a.spec_path.empty()) return usage(a.command + " needs a spec file (or - for stdin)");
    return a.command == "run" ? run(a) : validate(a);
  }
  return usage("unknown command " + esc(a.command));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return main_inner(argc, argv);
  } catch (const std::exception& e) {
    say(std::string("internal error: ") + esc(e.what()));
    return kInternal;
  }
}
