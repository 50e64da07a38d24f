// The limits every input reader holds its files to, in one place, each with the reason for its
// value. docs/scenarios.md ("Input limits") lists them for users; change both together.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kunlun::input_limits {

// --- Scenario files (YAML) ---

// Bytes of one scenario file, checked before it is read. The shipped baseline, which writes every
// behaviour parameter, is 15 KB; a megabyte is 70 times that. Parsing one costs about 2 s and
// 300 MB at worst (a flow list of 500,000 items, then refused by kScenarioValues), where a 60 MB
// file took minutes.
inline constexpr std::uintmax_t kScenarioFileBytes = 1u << 20;  // 1 MiB

// Values (scalars, maps and lists) of one file's tree after YAML aliases are expanded. An alias
// (*name) repeats its anchor's whole subtree, so a few hundred bytes of nested aliases ("billion
// laughs") would expand to 10^9 values and exhaust memory; the expansion stops here instead. The
// baseline holds about 210 values; a hundred thousand leaves room for policy targets listing
// every county of a large table many times over.
inline constexpr std::size_t kScenarioValues = 100'000;

// Nesting of maps and lists in one file. The scenario format is at most 6 levels deep; 64 leaves
// room for free-form text, and bounds the recursion of reading, merging and emitting trees.
inline constexpr int kScenarioDepth = 64;

// Distinct files one scenario may reach through `extends:`, and bases one file may list. Shipped
// chains are two files long; the bounds keep the merging work (files x bases x tree size) small
// whatever the graph of bases looks like.
inline constexpr int kExtendsFiles = 64;
inline constexpr std::size_t kExtendsBasesPerFile = 16;

// --- Data tables (CSV: region table, population margins) ---

// Bytes of one table, checked before it is read. The largest table the engine can run (below) is
// about 20 MB: a region table of 8,192 rows with 256 job columns. The shipped tables are 10 and
// 22 KB.
inline constexpr std::uintmax_t kTableFileBytes = 32u << 20;  // 32 MiB

// Rows of one table (the header excluded). A margins table needs at most a joint margin of 254
// prefectures x 255 fields (64,770 rows) plus a few smaller margins.
inline constexpr std::size_t kTableRows = 100'000;

// Rows of the region table. One run holds at most 4,096 counties (candidate ids, model/
// recruitment.h) and 254 prefectures (the agent store); 8,192 leaves room for the province and
// outside regions. A table of 10^6 rows used to validate and then exhaust memory in a run.
inline constexpr std::size_t kRegionTableRows = 8'192;

// Columns of one table: the region table has 17 fixed columns and at most 256 job columns (the
// fields a run holds).
inline constexpr std::size_t kTableColumns = 1'024;

// Bytes of one cell. Codes, names and numbers are short; the longest cell shipped is a source
// citation of 109 bytes. 4 KiB holds a paragraph, and bounds what one cell makes a row cost.
inline constexpr std::size_t kTableCellBytes = 4'096;

}  // namespace kunlun::input_limits
