#include "io/output_directory.h"

#include <unistd.h>

#include <fstream>
#include <system_error>

#include "core/errors.h"

namespace kunlun {

namespace fs = std::filesystem;

namespace {
// Errors about the output folder concern the call's `out` argument; front ends spell it.
const SourceLocation kOutArgument{.argument = "out"};
const ArgumentChange kAnotherOut{.kind = ArgumentChange::Kind::another, .argument = "out"};

// ".NAME.TAG-PID" beside the target. Appended piece by piece: GCC 12 warns falsely (-Wrestrict)
// about "." + std::string, which prepends into a temporary.
fs::path sibling(const fs::path& target, const char* tag) {
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string name = ".";
  name.append(target.filename().string()).append(".").append(tag).append("-").append(std::to_string(::getpid()));
  return parent / name;
}
}  // namespace

void StagedDirectory::check_target(const fs::path& target, bool force) {
  if (target.filename().empty() || target.filename() == "." || target.filename() == "..")
    throw InputError(kOutArgument, "", "output directory '" + target.string() + "' has no name",
                     "give a folder name such as out/baseline");
  if (fs::exists(target) && !force)
    throw InputError(kOutArgument, "", "output directory '" + target.string() + "' already exists", "",
                     {kAnotherOut, {.kind = ArgumentChange::Kind::on, .argument = "force", .purpose = "to replace it"}});
  if (fs::exists(target) && !fs::is_directory(target))
    throw InputError(kOutArgument, "", "'" + target.string() + "' exists and is not a directory", "", {kAnotherOut});
}

StagedDirectory::StagedDirectory(fs::path target, bool force)
    : target_(std::move(target)), staging_(sibling(target_, "partial")), force_(force) {
  check_target(target_, force_);
  std::error_code ec;
  fs::create_directories(staging_, ec);
  if (ec)
    throw InputError(kOutArgument, "", "cannot create output folder '" + staging_.string() + "': " + ec.message(),
                     "check that the parent folder exists and is writable");
}

StagedDirectory::~StagedDirectory() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void StagedDirectory::commit() {
  const fs::path backup = sibling(target_, "replaced");
  const bool replace = fs::exists(target_);
  if (replace) {
    if (!force_) check_target(target_, false);  // appeared while we ran
    fs::rename(target_, backup);
  }
  fs::rename(staging_, target_);
  committed_ = true;
  if (replace) fs::remove_all(backup);
}

void write_file_atomically(const fs::path& path, const std::string& content) {
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error("cannot write " + path.string());
    }
  }
  fs::rename(tmp, path);
}

}  // namespace kunlun
