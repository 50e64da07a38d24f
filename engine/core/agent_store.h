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
inline constexpr std::uint8_t outside_titles = 32;  // works outside the title system: never evaluated
}  // namespace agent_flag

// Every column once: COLUMN(type in the store, name, type in AgentRecord, a new agent's value).
// A new agent column is one line here: the store's column, the record's field, adding, copying,
// compaction, bytes_per_agent and the Python package's column views all follow from it. Months
// are YearMonth indices: full ints in a record, two bytes (MonthIndex) in the store.
#define KUNLUN_AGENT_COLUMNS(COLUMN)                                                                         \
  /* hot: read or written by every process every step */                                                     \
  COLUMN(std::uint16_t, county, std::uint16_t, 0)                /* county slot */                           \
  COLUMN(std::uint16_t, age_months, std::uint16_t, 0)                                                        \
  COLUMN(std::uint16_t, months_in_county, std::uint16_t, 0)      /* tenure in the current county */          \
  COLUMN(std::uint16_t, months_in_title, std::uint16_t, 0)       /* tenure in the current title */           \
  COLUMN(AgentStatus, status, AgentStatus, AgentStatus::active)                                              \
  COLUMN(float, net_income, float, 0)                            /* this month's, CNY (pay process) */       \
  /* class: read every step, written rarely (promotion, retraining) */                                       \
  COLUMN(std::uint8_t, field, std::uint8_t, 0)                   /* index into RegionTable::fields() */      \
  COLUMN(std::uint8_t, level, std::uint8_t, 0)                   /* Level */                                 \
  COLUMN(std::uint8_t, title, std::uint8_t, 0)                   /* Title */                                 \
  COLUMN(std::uint8_t, education, std::uint8_t, 0)               /* Education */                             \
  COLUMN(std::uint8_t, origin, std::uint8_t, 0)                  /* Origin */                                \
  COLUMN(std::uint8_t, sex, std::uint8_t, 0)                     /* Sex */                                   \
  COLUMN(std::uint8_t, employer, std::uint8_t, 0)                /* Employer */                              \
  COLUMN(std::int8_t, performance, std::int8_t, 0)               /* latent performance, z-score x 32 */      \
  COLUMN(std::uint8_t, flags, std::uint8_t, 0)                   /* agent_flag bits */                       \
  COLUMN(MonthIndex, bond_until, std::int32_t, 0)                /* service obligation or term ends; 0 none */ \
  /* cold: identity, history, instruments */                                                                 \
  COLUMN(std::uint64_t, id, std::uint64_t, 0)                    /* stable across steps and scenarios */     \
  COLUMN(std::uint8_t, home_prefecture, std::uint8_t, 0xff)      /* prefecture slot, 0xff when outside */    \
  COLUMN(MonthIndex, entry_month, std::int32_t, 0)               /* arrival in the province */               \
  COLUMN(std::uint16_t, entry_county, std::uint16_t, 0)          /* county slot of arrival */                \
  COLUMN(MonthIndex, venture_month, std::int32_t, 0)             /* the venture started */                   \
  COLUMN(std::int32_t, loan_cny, std::int32_t, 0)                                                            \
  COLUMN(MonthIndex, loan_until, std::int32_t, 0)                /* the loan is repaid */                    \
  COLUMN(std::int32_t, grant_cny, std::int32_t, 0)               /* home-purchase grant, whole CNY */        \
  COLUMN(MonthIndex, grant_month, std::int32_t, 0)                                                           \
  COLUMN(std::uint16_t, grant_vesting_months, std::uint16_t, 0)                                              \
  COLUMN(float, grant_clawback_share, float, 0)

// Everything needed to add one agent; recruitment and population synthesis fill it.
struct AgentRecord {
#define KUNLUN_RECORD_FIELD(type, name, record_type, initial) record_type name = initial;
  KUNLUN_AGENT_COLUMNS(KUNLUN_RECORD_FIELD)
#undef KUNLUN_RECORD_FIELD
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

#define KUNLUN_STORE_COLUMN(type, name, record_type, initial) std::vector<type> name;
  KUNLUN_AGENT_COLUMNS(KUNLUN_STORE_COLUMN)
#undef KUNLUN_STORE_COLUMN
};

constexpr std::size_t AgentStore::bytes_per_agent() {
#define KUNLUN_COLUMN_BYTES(type, name, record_type, initial) +sizeof(type)
  return 0 KUNLUN_AGENT_COLUMNS(KUNLUN_COLUMN_BYTES);
#undef KUNLUN_COLUMN_BYTES
}

}  // namespace kunlun
