// libFuzzer target: the shared CSV reader (read_csv) and its number rule (parse_csv_number),
// applied to every cell as the table loaders do; an input is the CSV file.
#include <cstddef>
#include <cstdint>

#include "core/errors.h"
#include "fuzz_input.h"
#include "io/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file =
      kunlun::fuzz::write_file("table.csv", std::string_view(reinterpret_cast<const char*>(data), size));
  std::vector<kunlun::CsvRow> rows;
  try {
    rows = kunlun::read_csv(file);
  } catch (const kunlun::InputError& e) {
    static_cast<void>(e.what());
    return 0;
  }
  const kunlun::CsvRow& header = rows.front();
  for (const auto& row : rows) {
    if (row.cells.size() != header.cells.size()) __builtin_trap();  // the reader promises this
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      try {
        kunlun::parse_csv_number(row.cells[c], {file.string(), row.line, static_cast<int>(c) + 1},
                                 header.cells[c]);
      } catch (const kunlun::InputError& e) {
        static_cast<void>(e.what());
      }
    }
  }
  for (const auto& name : header.cells)
    if (kunlun::csv_column(header, name) < 0) __builtin_trap();  // a header cell is found
  return 0;
}
