// The HTML report of a comparison is drawn by the kunlun.report Python module with Debian's
// matplotlib; this finds the interpreter and the module and runs them.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace kunlun::cli {

struct ReportDrawer {
  std::string python;      // KUNLUN_PYTHON, or the interpreter CMake found
  std::string module_dir;  // KUNLUN_PYTHONPATH, an installed share/kunlun/python, or the source tree's
};

// Ctrl-C, SIGTERM or SIGHUP while the report was drawn (exit 130): the comparison is complete, the
// report is not there.
class ReportInterrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

ReportDrawer find_report_drawer(const std::string& executable);
// Before any simulation: throws InputError, with what to install, when the report cannot be drawn
// (RunCancelled when interrupted meanwhile).
void check_report_drawer(const ReportDrawer& drawer);
// Writes DIR/report.html; throws std::runtime_error when the module fails, ReportInterrupted when
// interrupted (the drawing is stopped as by Ctrl-C, so that it leaves no half-written file).
void draw_report(const ReportDrawer& drawer, const std::filesystem::path& compare_dir);

}  // namespace kunlun::cli
