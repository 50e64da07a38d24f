// A record sent between ranks comes back whole: every number with its bits, every row.
#include "experiment/record_bytes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace kunlun {
namespace {

TEST(RecordBytes, ARecordComesBackWithEveryBitAndRow) {
  ReplicationRecord r;
  r.replication = 7;
  r.indicators = {{1.0, 0.1 + 0.2, -0.0}, {}, {std::numeric_limits<double>::quiet_NaN(), 1e300}};
  r.target_values = {0.081, std::numeric_limits<double>::infinity()};
  r.end_margins = {{3, 0, 5}, {9}};
  r.timeseries_rows = "2026-01,0,xining\n";
  r.vacancy_rows = "";
  r.cost_rows = std::string("with\0nul", 8);
  r.flow_rows = "f";
  r.retention_rows = "r\n";
  ReplicationRecord back;
  read_decision_bytes(decision_bytes(r), back);
  read_row_bytes(row_bytes(r), back);
  EXPECT_EQ(back.replication, 7u);
  ASSERT_EQ(back.indicators.size(), 3u);
  EXPECT_EQ(back.indicators[0][1], 0.1 + 0.2);
  EXPECT_TRUE(std::signbit(back.indicators[0][2]));
  EXPECT_TRUE(back.indicators[1].empty());
  EXPECT_TRUE(std::isnan(back.indicators[2][0]));
  EXPECT_EQ(back.target_values, r.target_values);
  EXPECT_EQ(back.end_margins, r.end_margins);
  EXPECT_EQ(back.timeseries_rows, r.timeseries_rows);
  EXPECT_EQ(back.cost_rows, r.cost_rows);
  EXPECT_EQ(back.retention_rows, r.retention_rows);
  // Bytes cut short are an error, not a half-read record.
  const std::string cut = decision_bytes(r).substr(0, 20);
  ReplicationRecord half;
  EXPECT_THROW(read_decision_bytes(cut, half), std::runtime_error);
}

}  // namespace
}  // namespace kunlun
