#include "cli/report_drawing.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/errors.h"

extern char** environ;

namespace kunlun::cli {

namespace {
struct Outcome {
  int exit_code = -1;
  std::string errors;  // stderr, when captured
};

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
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
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
  if (o.exit_code == 0) return;
  throw InputError({"<command line>"}, "--report",
                   "the report cannot be drawn with " + d.python + ": " +
                       (o.errors.empty() ? "it did not start" : last_line(o.errors)),
                   "run ./setup.sh, which installs python3-matplotlib, python3-pandas and python3-numpy; or set "
                   "KUNLUN_PYTHON to an interpreter that has them");
}

void draw_report(const ReportDrawer& d, const std::filesystem::path& compare_dir) {
  const Outcome o = run_python(d, {"-m", "kunlun.html_report", compare_dir.string()}, false);
  if (o.exit_code != 0)
    throw std::runtime_error("drawing the report failed (exit " + std::to_string(o.exit_code) +
                             "); the comparison itself is complete in " + compare_dir.string() +
                             "; draw it again with: PYTHONPATH=" + d.module_dir + " " + d.python +
                             " -m kunlun.html_report " + compare_dir.string());
}

}  // namespace kunlun::cli
