#include "io/pause_points.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace kunlun {

namespace {
const std::string& points_asked() {
  static const std::string points = [] {
    const char* p = std::getenv("KUNLUN_PAUSE_AT");
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about "," + std::string.
    std::string list;
    if (p) list.append(",").append(p).append(",");
    return list;
  }();
  return points;
}
}  // namespace

void pause_at(const char* point) {
  const std::string& asked = points_asked();
  if (asked.empty()) return;
  std::string wanted = ",";
  wanted.append(point).append(",");
  if (asked.find(wanted) == std::string::npos) return;
  const char* s = std::getenv("KUNLUN_PAUSE_SECONDS");
  const double seconds = s ? std::atof(s) : 10.0;
  std::fprintf(stderr, "kunlun: paused at %s (pid %ld)\n", point, static_cast<long>(::getpid()));
  std::fflush(stderr);
  timespec wait{static_cast<time_t>(seconds), static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
  // A signal ends the pause (nanosleep is never restarted): the command then goes on as it would.
  ::nanosleep(&wait, nullptr);
}

}  // namespace kunlun
