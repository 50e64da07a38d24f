// The fixed categories that describe a talent: level, title, education, origin, sex. Fields are
// not fixed here: they come from the region table's job columns, so a region table defines them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kunlun {

enum class Level : std::uint8_t { high_end, mid, junior };
enum class Title : std::uint8_t { none, junior, intermediate, associate_senior, senior };
enum class Education : std::uint8_t { college, bachelor, master, doctorate };
enum class Origin : std::uint8_t { local, returnee, outsider, paired_cadre, flexible };
enum class Sex : std::uint8_t { male, female };

inline constexpr std::array<std::string_view, 3> kLevelNames{"high_end", "mid", "junior"};
inline constexpr std::array<std::string_view, 5> kTitleNames{"none", "junior", "intermediate",
                                                             "associate_senior", "senior"};
inline constexpr std::array<std::string_view, 4> kEducationNames{"college", "bachelor", "master",
                                                                 "doctorate"};
inline constexpr std::array<std::string_view, 5> kOriginNames{"local", "returnee", "outsider",
                                                              "paired_cadre", "flexible"};
inline constexpr std::array<std::string_view, 2> kSexNames{"male", "female"};

// How a talent came into the province (or into the stock): recruitment from one of the three
// candidate pools, a paired-assistance rotation, a flexible engagement, or a policy's placement.
enum class EntrySource : std::uint8_t { graduate, returnee, outsider, paired_assistance, flexible, programme, order_class };
inline constexpr std::array<std::string_view, 7> kEntrySourceNames{
    "graduate", "returnee", "outsider", "paired_assistance", "flexible", "programme", "order_class"};

inline constexpr int kLevels = static_cast<int>(kLevelNames.size());
inline constexpr int kTitles = static_cast<int>(kTitleNames.size());
inline constexpr int kEducations = static_cast<int>(kEducationNames.size());
inline constexpr int kOrigins = static_cast<int>(kOriginNames.size());
inline constexpr int kSexes = static_cast<int>(kSexNames.size());
inline constexpr int kEntrySources = static_cast<int>(kEntrySourceNames.size());

// Index of a name in one of the tables above, or nullopt.
template <std::size_t N>
std::optional<int> category_index(const std::array<std::string_view, N>& names,
                                  std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<int>(i);
  return std::nullopt;
}

}  // namespace kunlun
