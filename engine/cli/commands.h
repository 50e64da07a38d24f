// The subcommands of the kunlun command line. Each returns the exit code; errors are thrown and
// caught once in main.
#pragma once

#include <atomic>
#include <string>
#include <vector>

namespace kunlun::cli {

inline constexpr int kExitOk = 0, kExitInternal = 1, kExitBadInput = 2, kExitDiskFull = 3, kExitInterrupted = 130;

// Set by Ctrl-C, SIGTERM or SIGHUP (interruption.h); long commands stop between months and leave
// no output behind.
extern std::atomic<bool> g_cancel;

int run_command(const std::vector<std::string>& args, const std::string& full_command);
int validate_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args, const std::string& full_command);
int sweep_command(const std::vector<std::string>& args, const std::string& full_command);
int parameters_command(const std::vector<std::string>& args);
int sensitivity_command(const std::vector<std::string>& args, const std::string& full_command);
int calibrate_command(const std::vector<std::string>& args, const std::string& full_command);

}  // namespace kunlun::cli
