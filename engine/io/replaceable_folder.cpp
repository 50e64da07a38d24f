#include "io/replaceable_folder.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/errors.h"

namespace kunlun {

namespace fs = std::filesystem;

namespace {
// A manifest is a few kilobytes (the resolved scenario); a bigger "manifest.json" is not kunlun's.
constexpr std::uintmax_t kManifestLimit = 16u << 20;

fs::path resolved(const fs::path& p) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(p, ec);
  const fs::path canonical = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

// `outer` is `inner` or one of its ancestors; both resolved.
bool holds(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i)
    if (i == inner.end() || *o != *i) return false;
  return true;
}

std::vector<std::pair<fs::path, std::string>> protected_folders() {
  std::vector<std::pair<fs::path, std::string>> out;
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (!ec) out.emplace_back(resolved(cwd), "the working folder");
  if (const char* home = std::getenv("HOME"); home && *home) out.emplace_back(resolved(home), "your home folder");
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir && *pw->pw_dir)
    out.emplace_back(resolved(pw->pw_dir), "your home folder");
  out.emplace_back(fs::path("/"), "the root folder");
  return out;
}

// Why the folder's content is not all kunlun's, or "". A comparison's scenario folders are
// checked the same way, one level down.
std::string why_not_kunlun(const fs::path& folder, int depth) {
  std::error_code ec;
  if (fs::is_empty(folder, ec) && !ec) return "";
  const fs::path manifest_path = folder / "manifest.json";
  const fs::file_status status = fs::symlink_status(manifest_path, ec);
  if (ec || !fs::is_regular_file(status)) return "it has no manifest.json, so kunlun did not write it";
  if (fs::file_size(manifest_path, ec) > kManifestLimit || ec) return "its manifest.json is not one kunlun wrote";
  std::ifstream in(manifest_path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  // JSON is YAML (1.2), so yaml-cpp reads the manifest: no JSON parser of our own. Any YAML that
  // is not JSON still has to hold the keys kunlun writes, with the kinds it writes them.
  YAML::Node manifest;
  try {
    manifest = YAML::Load(text.str());
  } catch (const YAML::Exception&) {
    return "its manifest.json is not one kunlun wrote (it is not valid JSON)";
  }
  const auto is_string = [](const YAML::Node& n) { return n.IsScalar() && n.Tag() == "!"; };
  const YAML::Node version = manifest.IsMap() ? manifest["kunlun_version"] : YAML::Node();
  const YAML::Node files = manifest.IsMap() ? manifest["files"] : YAML::Node();
  if (!version || !is_string(version) || !files || !files.IsSequence())
    return "its manifest.json is not one kunlun wrote (it has no kunlun_version and files)";

  std::set<std::string> own_files, own_folders;
  for (const YAML::Node& f : files)
    if (is_string(f)) own_files.insert(f.Scalar());
  // A comparison: a folder per scenario, and report.html drawn beside them (its temporary file
  // too, left when the drawing was killed).
  const YAML::Node scenarios = manifest["scenarios"];
  const bool comparison = depth == 0 && scenarios && scenarios.IsSequence();
  if (comparison) {
    own_files.insert("report.html");
    for (const YAML::Node& s : scenarios)
      if (s.IsMap())
        if (const YAML::Node f = s["folder"]; f && is_string(f)) own_folders.insert(f.Scalar());
  }

  std::vector<std::string> foreign;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code type_ec;
    const fs::file_status type = it->symlink_status(type_ec);
    if (fs::is_regular_file(type) && own_files.count(name)) continue;
    if (fs::is_regular_file(type) && comparison && name.rfind(".report.html.", 0) == 0 && name.size() > 17 &&
        name.compare(name.size() - 4, 4, ".tmp") == 0)
      continue;
    if (fs::is_directory(type) && own_folders.count(name)) {
      const std::string inner = why_not_kunlun(it->path(), depth + 1);
      if (inner.empty()) continue;
      return "its folder " + name + ": " + inner;
    }
    foreign.push_back(name);
  }
  if (ec) return "its files cannot be listed (" + ec.message() + ")";
  if (foreign.empty()) return "";
  std::sort(foreign.begin(), foreign.end());
  std::string listed = foreign.front();
  if (foreign.size() == 2) listed += " and " + foreign[1];
  if (foreign.size() > 2) listed += " and " + std::to_string(foreign.size() - 1) + " more";
  return "it holds " + listed + ", which kunlun did not write";
}
}  // namespace

namespace {
// "it is your home folder", "it holds the working folder", or "".
std::string why_protected(const fs::path& target) {
  const fs::path where = resolved(target);
  const auto folders = protected_folders();
  for (const auto& [folder, what] : folders)
    if (where == folder) return "it is " + what;
  for (const auto& [folder, what] : folders)
    if (holds(where, folder)) return "it holds " + what;
  return "";
}
}  // namespace

std::string why_not_replaceable(const fs::path& target) {
  const std::string why = why_protected(target);
  return why.empty() ? why_not_kunlun(target, 0) : why;
}

void check_replaceable(const fs::path& target) {
  const ArgumentChange another_out{.kind = ArgumentChange::Kind::another, .argument = "out"};
  const std::string message = "will not replace '" + target.string() + "': ";
  if (const std::string why = why_protected(target); !why.empty())
    throw InputError({.argument = "force"}, "", message + why,
                     "the outputs need a folder of their own, such as out/baseline", {another_out});
  if (const std::string why = why_not_kunlun(target, 0); !why.empty())
    throw InputError({.argument = "force"}, "", message + why,
                     "only a folder that kunlun wrote, holding nothing else, is replaced; move what you want to keep, "
                     "or remove the folder yourself",
                     {another_out});
}

}  // namespace kunlun
