// The JSON reader reads back what the JSON writer wrote, and refuses what is not JSON.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "io/json_reader.h"
#include "io/json_writer.h"

using namespace kunlun;

TEST(JsonReader, ReadsWhatTheWriterWrote) {
  JsonWriter j;
  j.begin_object();
  j.field("kunlun_version", "0.1.0");
  j.field("command", "kunlun run \"a b\".yaml\n\t\\");
  j.field("seed", static_cast<std::uint64_t>(20261124));
  j.field("share", -0.25);
  j.field("flag", true);
  j.key("none").null();
  j.key("files").begin_array().value("timeseries.csv").value("manifest.json").end_array();
  j.key("empty").begin_object().end_object();
  j.end_object();
  const JsonValue v = read_json(j.str());
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.find("kunlun_version")->text, "0.1.0");
  EXPECT_EQ(v.find("command")->text, "kunlun run \"a b\".yaml\n\t\\");
  EXPECT_EQ(v.find("seed")->text, "20261124");
  EXPECT_EQ(v.find("share")->text, "-0.25");
  EXPECT_TRUE(v.find("flag")->flag);
  EXPECT_EQ(v.find("none")->kind, JsonValue::Kind::null);
  ASSERT_TRUE(v.find("files")->is_array());
  EXPECT_EQ(v.find("files")->items.at(1).text, "manifest.json");
  EXPECT_TRUE(v.find("empty")->members.empty());
  EXPECT_EQ(v.find("missing"), nullptr);
}

TEST(JsonReader, DecodesUnicodeEscapes) {
  EXPECT_EQ(read_json(R"("\u9752\u6d77 \ud83d\ude00 \/")").text, "\xe9\x9d\x92\xe6\xb5\xb7 \xf0\x9f\x98\x80 /");
}

TEST(JsonReader, RefusesWhatIsNotJson) {
  for (const std::string& bad : std::vector<std::string>{"", "{", "{\"a\" 1}", "[1,]", "{\"a\": 1} x", "\"\\x\"", "\"\\ud800\"", "01a",
                                "tru", "\"a\nb\"", "-", "1.", std::string(100, '[')})
    EXPECT_THROW(read_json(bad), std::runtime_error) << bad;
  try {
    read_json("{\"a\": }");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "malformed JSON at byte 6: expected a value");
  }
}
