#include "cli/report_drawing.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "cli/commands.h"
#include "cli/interruption.h"
#include "core/errors.h"
#include "experiment/replication_record.h"

extern char** environ;

namespace kunlun::cli {

namespace {
struct Outcome {
  int exit_code = -1;
  std::string errors;        // stderr, when captured
  bool interrupted = false;  // g_cancel was set while it ran
};

// Waits for the child, and passes an interruption on to it as Ctrl-C (on which Python removes its
// temporary file): at once for SIGTERM and SIGHUP, which reach only this process; for Ctrl-C,
// which a terminal sends to the child too, only if it still runs a second later.
int wait_passing_on_interruption(pid_t pid, bool& interrupted) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point asked{};
  bool passed_on = false;
  while (true) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      interrupted = interrupted || g_cancel.load();  // a Ctrl-C it reacted to before this loop saw it
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (r < 0 && errno != EINTR) return -1;
    if (g_cancel.load()) {
      if (!interrupted) asked = Clock::now();
      interrupted = true;
      if (!passed_on && (interruption_signal() != SIGINT || Clock::now() - asked > std::chrono::seconds(1))) {
        ::kill(pid, SIGINT);
        passed_on = true;
      }
    }
    const timespec tick{0, 10'000'000};
    ::nanosleep(&tick, nullptr);
  }
}

// Runs argv with PYTHONPATH led by `module_dir`; captures stderr into a file when asked.
Outcome run_python(const ReportDrawer& d, std::vector<std::string> args, bool capture) {
  std::vector<std::string> env_strings;
  const char* old = std::getenv("PYTHONPATH");
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("PYTHONPATH=", 0) != 0) env_strings.emplace_back(*e);
  std::string python_path = "PYTHONPATH=" + d.module_dir;
  if (old && *old) python_path.append(":").append(old);
  env_strings.push_back(python_path);
  std::vector<char*> env;
  for (auto& s : env_strings) env.push_back(s.data());
  env.push_back(nullptr);
  args.insert(args.begin(), d.python);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  char errors_file[] = "/tmp/kunlun-report-XXXXXX";
  int fd = -1;
  if (capture) {
    fd = mkstemp(errors_file);
    if (fd >= 0) posix_spawn_file_actions_adddup2(&actions, fd, STDERR_FILENO);
  }
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, d.python.c_str(), &actions, nullptr, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  Outcome out;
  if (rc == 0) {
    out.exit_code = wait_passing_on_interruption(pid, out.interrupted);
  } else {
    out.errors = "cannot start " + d.python;
  }
  if (fd >= 0) {
    close(fd);
    std::ifstream in(errors_file);
    std::stringstream text;
    text << in.rdbuf();
    out.errors += text.str();
    std::remove(errors_file);
  }
  return out;
}

std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}
}  // namespace

ReportDrawer find_report_drawer(const std::string& executable) {
  ReportDrawer d;
  const char* python = std::getenv("KUNLUN_PYTHON");
  d.python = python && *python ? python : KUNLUN_PYTHON_EXECUTABLE;
  const char* path = std::getenv("KUNLUN_PYTHONPATH");
  // The running binary, wherever PATH found it; argv[0] only where /proc is missing.
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) self = std::filesystem::absolute(executable);
  // Installed: <prefix>/bin/kunlun beside <prefix>/share/kunlun/python; built: the source tree.
  const std::filesystem::path installed = self.parent_path().parent_path() / KUNLUN_INSTALLED_PYTHON_DIR;
  if (path && *path) d.module_dir = path;
  else if (std::filesystem::exists(installed / "kunlun" / "__init__.py")) d.module_dir = installed.string();
  else d.module_dir = KUNLUN_PYTHON_DIR;
  return d;
}

void check_report_drawer(const ReportDrawer& d) {
  const Outcome o = run_python(d, {"-c", "import kunlun.html_report"}, true);
  if (o.interrupted) throw RunCancelled();
  if (o.exit_code == 0) return;
  throw InputError({"<command line>"}, "--report",
                   "the report cannot be drawn with " + d.python + ": " +
                       (o.errors.empty() ? "it did not start" : last_line(o.errors)),
                   "run ./setup.sh, which installs python3-matplotlib, python3-pandas and python3-numpy; or set "
                   "KUNLUN_PYTHON to an interpreter that has them");
}

void draw_report(const ReportDrawer& d, const std::filesystem::path& compare_dir) {
  const std::string again = "draw it with: PYTHONPATH=" + d.module_dir + " " + d.python + " -m kunlun.html_report " +
                            compare_dir.string();
  const std::string interrupted = std::string(interruption_words()) + " before the report was drawn; the comparison "
                                  "is complete in " + compare_dir.string() + ", without report.html; " + again;
  if (g_cancel.load()) throw ReportInterrupted(interrupted);
  const Outcome o = run_python(d, {"-m", "kunlun.html_report", compare_dir.string()}, false);
  if (o.exit_code == 0) return;  // drawn, even if asked to stop at the last moment
  if (o.interrupted) throw ReportInterrupted(interrupted);
  throw std::runtime_error("drawing the report failed (exit " + std::to_string(o.exit_code) +
                           "); the comparison itself is complete in " + compare_dir.string() + "; " + again);
}

}  // namespace kunlun::cli
