// The agent store: one column per attribute (structure of arrays), compact types, a stable 64-bit
// id per agent. Hot per-step state is kept apart from colder attributes so a step touches little.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kunlun {

// What happened to an agent this step; everything but `active` is removed at the end of the step.
enum class AgentStatus : std::uint8_t { active, left_province, retired };

// Everything needed to add one agent; recruitment and population synthesis fill it.
struct AgentRecord {
  std::uint64_t id = 0;
  std::uint16_t county = 0;
  std::uint16_t age_months = 0;
  std::uint16_t months_in_county = 0;
  std::uint16_t months_in_title = 0;
  std::uint8_t field = 0, level = 0, title = 0, education = 0, origin = 0, sex = 0;
  std::uint8_t home_prefecture = 0xff;  // prefecture slot of the hometown, 0xff when outside
  std::int32_t entry_month = 0;         // YearMonth index of arrival in the province
};

class AgentStore {
 public:
  static constexpr std::uint8_t kNoHome = 0xff;

  std::size_t size() const { return id.size(); }
  void reserve(std::size_t n);
  void add(const AgentRecord& a);
  AgentRecord record(std::size_t i) const;

  // Removes every agent whose status is not active, keeping the order of the others, so that the
  // order (and with it every later result) does not depend on how the step was parallelised.
  // Returns the number removed.
  std::size_t remove_inactive();

  // Bytes of column storage per agent (the sum of the column element sizes).
  static constexpr std::size_t bytes_per_agent();

  // --- hot: read or written by every process every step ---------------------------------------
  std::vector<std::uint16_t> county;            // 2 B  county slot
  std::vector<std::uint16_t> age_months;        // 2 B
  std::vector<std::uint16_t> months_in_county;  // 2 B  tenure in the current county
  std::vector<std::uint16_t> months_in_title;   // 2 B  tenure in the current title
  std::vector<AgentStatus> status;              // 1 B
  // --- class: read every step, written rarely (promotion, retraining) --------------------------
  std::vector<std::uint8_t> field;      // 1 B  index into RegionTable::fields()
  std::vector<std::uint8_t> level;      // 1 B  Level
  std::vector<std::uint8_t> title;      // 1 B  Title
  std::vector<std::uint8_t> education;  // 1 B  Education
  std::vector<std::uint8_t> origin;     // 1 B  Origin
  std::vector<std::uint8_t> sex;        // 1 B  Sex
  // --- cold: identity and history ----------------------------------------------------------------
  std::vector<std::uint64_t> id;               // 8 B  stable across steps and scenarios
  std::vector<std::uint8_t> home_prefecture;   // 1 B  prefecture slot or kNoHome
  std::vector<std::int32_t> entry_month;       // 4 B  YearMonth index of arrival
};

constexpr std::size_t AgentStore::bytes_per_agent() {
  return sizeof(std::uint16_t) * 4 + sizeof(AgentStatus) + sizeof(std::uint8_t) * 6 +
         sizeof(std::uint64_t) + sizeof(std::uint8_t) + sizeof(std::int32_t);
}

}  // namespace kunlun
