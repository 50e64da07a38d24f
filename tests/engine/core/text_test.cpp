// core/text.h: trimming, splitting, dotted keys, the number rule and the two number formats.
#include "core/text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace kunlun {
namespace {

using Parts = std::vector<std::string>;

TEST(Text, TrimRemovesSpacesAndTabsAtBothEnds) {
  EXPECT_EQ(trim("  a b\t"), "a b");
  EXPECT_EQ(trim("\t \t"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("x"), "x");
  EXPECT_EQ(trim("\nx\n"), "\nx\n");  // fields are single lines: only blanks are trimmed
}

TEST(Text, SplitKeepsEveryPartAsWritten) {
  EXPECT_EQ(split("a.b.c", '.'), (Parts{"a", "b", "c"}));
  EXPECT_EQ(split("a,,b", ','), (Parts{"a", "", "b"}));
  EXPECT_EQ(split(",", ','), (Parts{"", ""}));
  EXPECT_EQ(split("", ','), (Parts{""}));
  EXPECT_EQ(split(" a . b ", '.'), (Parts{" a ", " b "}));
}

TEST(Text, SplitTrimmedTrimsEachPart) {
  EXPECT_EQ(split_trimmed(" 0 : 3000 :500 ", ':'), (Parts{"0", "3000", "500"}));
  EXPECT_EQ(split_trimmed("a, ,b", ','), (Parts{"a", "", "b"}));
  EXPECT_EQ(split_trimmed("senior * doctorate", '*'), (Parts{"senior", "doctorate"}));
}

TEST(Text, JoinKeyDotsUnderAPrefix) {
  EXPECT_EQ(join_key("policies", "rent"), "policies.rent");
  EXPECT_EQ(join_key("policies.rent", "monthly_cny"), "policies.rent.monthly_cny");
  EXPECT_EQ(join_key("", "seed"), "seed");
}

TEST(Text, ParseNumberReadsTheWholeText) {
  EXPECT_EQ(parse_number("0.03"), 0.03);
  EXPECT_EQ(parse_number("-4"), -4.0);
  EXPECT_EQ(parse_number("1e3"), 1000.0);
  EXPECT_EQ(parse_number("+5"), 5.0);
  EXPECT_EQ(parse_number(".5"), 0.5);
  EXPECT_EQ(parse_number("1.7976931348623157e308"), std::numeric_limits<double>::max());
  for (const char* bad :
       {"", "+", "++1", " 1", "1 ", "1x", "0x10", "1,5", "nan", "inf", "-inf", "1e999", "abc"})
    EXPECT_FALSE(parse_number(bad).has_value()) << bad;
}

TEST(Text, FormatShortestRoundTripsAndWritesWholeNumbersInFull) {
  EXPECT_EQ(format_shortest(0.1), "0.1");
  EXPECT_EQ(format_shortest(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_shortest(200000), "200000");
  EXPECT_EQ(format_shortest(-3), "-3");
  EXPECT_EQ(format_shortest(0), "0");
  EXPECT_EQ(format_shortest(1e-7), "1e-07");
  EXPECT_EQ(format_shortest(1e15), "1e+15");
  EXPECT_EQ(format_shortest(999999999999999.0), "999999999999999");
  EXPECT_EQ(format_shortest(std::numeric_limits<double>::infinity()), "inf");
  for (const double x : {0.035, 1.0 / 3.0, 6.02214076e23, -2.5e-300, 123456.789})
    EXPECT_EQ(parse_number(format_shortest(x)), x) << x;
}

TEST(Text, FormatSignificantRoundsToTenDigitsByDefault) {
  EXPECT_EQ(format_significant(0.1 + 0.2), "0.3");
  EXPECT_EQ(format_significant(1e6), "1000000");
  EXPECT_EQ(format_significant(1e-5), "1e-05");
  EXPECT_EQ(format_significant(12345678901.0), "1.23456789e+10");
  EXPECT_EQ(format_significant(-0.5), "-0.5");
  EXPECT_EQ(format_significant(0.000123456, 3), "0.000123");
  EXPECT_EQ(format_significant(2.0 / 3.0, 17), "0.66666666666666663");
  EXPECT_EQ(format_significant(std::nan("")), "nan");
  EXPECT_THROW(format_significant(1, 0), std::invalid_argument);
  EXPECT_THROW(format_significant(1, 18), std::invalid_argument);
}

}  // namespace
}  // namespace kunlun
