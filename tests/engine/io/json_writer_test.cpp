// JSON text: nested values, escapes, and null for NaN.
#include <gtest/gtest.h>

#include <cmath>

#include "io/json_writer.h"

using namespace kunlun;

TEST(JsonWriter, WritesNestedValuesWithEscapesAndNullForNaN) {
  JsonWriter j;
  j.begin_object();
  j.field("name", "a \"quoted\"\nline");
  j.field("n", 3);
  j.field("x", 0.1);
  j.field("missing", std::nan(""));
  j.key("list").begin_array().value(1).value(true).end_array();
  j.key("empty").begin_object().end_object();
  j.end_object();
  EXPECT_EQ(j.str(),
            "{\n  \"name\": \"a \\\"quoted\\\"\\nline\",\n  \"n\": 3,\n  \"x\": 0.1,\n  \"missing\": null,\n"
            "  \"list\": [\n    1,\n    true\n  ],\n  \"empty\": {}\n}\n");
}
