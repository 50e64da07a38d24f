// What --force may replace: a folder kunlun wrote, that is one with kunlun's manifest.json and
// nothing its manifest does not account for (an empty folder too, having nothing to lose), and
// never the root, the home folder, the working folder or a folder that holds one of them.
#pragma once

#include <filesystem>
#include <string>

namespace kunlun {

// Why kunlun may not delete the existing folder `target` ("it is your home folder", "it holds
// notes.txt, which kunlun did not write"), or "" when it may.
std::string why_not_replaceable(const std::filesystem::path& target);

// Throws InputError located at the argument "force", with the reason and the suggestion of
// another "out", when `target` may not be replaced.
void check_replaceable(const std::filesystem::path& target);

}  // namespace kunlun
