#include "io/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "io/disk_full.h"

namespace kunlun {

OutputFile::OutputFile(std::filesystem::path path, std::string_view header) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) throw_write_error(path_, errno, "creating");
  append(header);
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void OutputFile::append(std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd_, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw_write_error(path_, n < 0 ? errno : ENOSPC, "writing");
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

void OutputFile::close() {
  const int fd = fd_;
  fd_ = -1;
  // Some file systems (NFS, quotas) report a full disk only when the file is closed.
  if (::close(fd) != 0 && errno != EINTR) throw_write_error(path_, errno, "closing");
}

void create_output_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw_write_error(folder, ec.value(), "creating the folder");
}

}  // namespace kunlun
