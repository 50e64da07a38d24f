// The agent store: one column per attribute (structure of arrays), compact types, a stable 64-bit
// id per agent. Hot per-step state is kept apart from colder attributes so a step touches little.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace kunlun {

// What happened to an agent this step; everything but `active` is removed at the end of the step.
// `moving` lasts from stay-or-move to destination within one step.
enum class AgentStatus : std::uint8_t { active, left_province, retired, moving };

// A month as its YearMonth index (year x 12 + month - 1) in two bytes: scenario dates lie in
// 1900..2999 (index 22800..35999), so the index fits, and 0 stays free to mean "none".
using MonthIndex = std::uint16_t;

// Bits of AgentStore::flags.
namespace agent_flag {
inline constexpr std::uint8_t family = 1;     // partner and children settled in the county
inline constexpr std::uint8_t apartment = 2;  // lives in a talent apartment
inline constexpr std::uint8_t loan = 4;       // holds a talent loan
inline constexpr std::uint8_t funded = 8;     // its venture received equity-fund investment
inline constexpr std::uint8_t moved = 16;     // has left its county of entry (cohort retention)
}  // namespace agent_flag

// Everything needed to add one agent; recruitment and population synthesis fill it.
struct AgentRecord {
  std::uint64_t id = 0;
  std::uint16_t county = 0;
  std::uint16_t age_months = 0;
  std::uint16_t months_in_county = 0;
  std::uint16_t months_in_title = 0;
  std::uint8_t field = 0, level = 0, title = 0, education = 0, origin = 0, sex = 0;
  std::uint8_t employer = 0;
  std::int8_t performance = 0;  // latent performance, z-score x 32
  std::uint8_t flags = 0;
  std::uint8_t home_prefecture = 0xff;  // prefecture slot of the hometown, 0xff when outside
  std::int32_t entry_month = 0;         // YearMonth index of arrival in the province
  std::uint16_t entry_county = 0;       // county slot of arrival
  std::int32_t bond_until = 0;          // YearMonth index the service obligation or term ends; 0: none
  std::int32_t venture_month = 0;       // YearMonth index the venture started
  std::int32_t loan_cny = 0;
  std::int32_t loan_until = 0;          // YearMonth index the loan is repaid
  std::int32_t grant_cny = 0;           // home-purchase grant received, whole CNY
  std::int32_t grant_month = 0;
  std::uint16_t grant_vesting_months = 0;
  float grant_clawback_share = 0;
};

class AgentStore {
 public:
  static constexpr std::uint8_t kNoHome = 0xff;

  std::size_t size() const { return id.size(); }
  std::size_t capacity() const { return id.capacity(); }
  void reserve(std::size_t n);
  // Room for `n` agents, keeping the old columns in replaced_columns when it is set.
  void grow(std::size_t n);
  // Replaces the contents with a copy of `from`, with room for `capacity` agents in every column
  // (reserved before copying, so the columns are written once).
  void assign_with_capacity(const AgentStore& from, std::size_t capacity);
  void add(const AgentRecord& a);
  AgentRecord record(std::size_t i) const;

  // Removes every agent whose status is not active, keeping the order of the others, so that the
  // order (and with it every later result) does not depend on how the step was parallelised.
  // Returns the number removed.
  std::size_t remove_inactive();

  // Bytes of column storage per agent (the sum of the column element sizes).
  static constexpr std::size_t bytes_per_agent();

  bool has(std::size_t i, std::uint8_t flag) const { return (flags[i] & flag) != 0; }

  // While set, growing the store moves the old columns here instead of freeing them, so that
  // pointers taken into the columns (the Python package's zero-copy views) stay valid; they then
  // show the store as it was before it grew.
  std::shared_ptr<std::vector<AgentStore>> replaced_columns;

  // --- hot: read or written by every process every step ---------------------------------------
  std::vector<std::uint16_t> county;            // 2 B  county slot
  std::vector<std::uint16_t> age_months;        // 2 B
  std::vector<std::uint16_t> months_in_county;  // 2 B  tenure in the current county
  std::vector<std::uint16_t> months_in_title;   // 2 B  tenure in the current title
  std::vector<AgentStatus> status;              // 1 B
  std::vector<float> net_income;                // 4 B  this month's net income, CNY (pay process)
  // --- class: read every step, written rarely (promotion, retraining) --------------------------
  std::vector<std::uint8_t> field;      // 1 B  index into RegionTable::fields()
  std::vector<std::uint8_t> level;      // 1 B  Level
  std::vector<std::uint8_t> title;      // 1 B  Title
  std::vector<std::uint8_t> education;  // 1 B  Education
  std::vector<std::uint8_t> origin;     // 1 B  Origin
  std::vector<std::uint8_t> sex;        // 1 B  Sex
  std::vector<std::uint8_t> employer;   // 1 B  Employer
  std::vector<std::int8_t> performance; // 1 B  latent performance, z x 32
  std::vector<std::uint8_t> flags;      // 1 B  agent_flag bits
  std::vector<MonthIndex> bond_until; // 2 B
  // --- cold: identity, history, instruments ----------------------------------------------------
  std::vector<std::uint64_t> id;               // 8 B  stable across steps and scenarios
  std::vector<std::uint8_t> home_prefecture;   // 1 B  prefecture slot or kNoHome
  std::vector<MonthIndex> entry_month;       // 2 B  YearMonth index of arrival
  std::vector<std::uint16_t> entry_county;     // 2 B  county slot of arrival
  std::vector<MonthIndex> venture_month;     // 2 B
  std::vector<std::int32_t> loan_cny;          // 4 B
  std::vector<MonthIndex> loan_until;        // 2 B
  std::vector<std::int32_t> grant_cny;         // 4 B
  std::vector<MonthIndex> grant_month;       // 2 B
  std::vector<std::uint16_t> grant_vesting_months;  // 2 B
  std::vector<float> grant_clawback_share;     // 4 B
};

constexpr std::size_t AgentStore::bytes_per_agent() {
  return sizeof(std::uint16_t) * 4 + sizeof(AgentStatus) + sizeof(float) + sizeof(std::uint8_t) * 9 +
         sizeof(MonthIndex) + sizeof(std::uint64_t) + sizeof(std::uint8_t) + sizeof(MonthIndex) +
         sizeof(std::uint16_t) + sizeof(MonthIndex) + sizeof(std::int32_t) + sizeof(MonthIndex) +
         sizeof(std::int32_t) + sizeof(MonthIndex) + sizeof(std::uint16_t) + sizeof(float);
}

}  // namespace kunlun
