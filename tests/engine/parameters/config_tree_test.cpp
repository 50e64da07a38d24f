// Tests of the located YAML tree: reading with file/line/column, quoting, merge, emit, set_path,
// and `extends:` resolution (paths, chains, cycles, missing bases).
#include "parameters/config_tree.h"

#include <gtest/gtest.h>

#include "io/input_limits.h"
#include "testing/input_error_testing.h"
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace kunlun {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(KUNLUN_TEST_DATA) / "scenarios";

using kunlun::testing::abs_path;
using kunlun::testing::error_of;


// The same tree: kinds, texts, quoting, key order and list items (locations aside).
void expect_same_tree(const ConfigNode& a, const ConfigNode& b, const std::string& path = "") {
  ASSERT_EQ(a.kind(), b.kind()) << path;
  if (a.is_scalar()) {
    EXPECT_EQ(a.text(), b.text()) << path;
    EXPECT_EQ(a.quoted(), b.quoted()) << path << " '" << a.text() << "'";
  }
  ASSERT_EQ(a.entries().size(), b.entries().size()) << path;
  for (std::size_t i = 0; i < a.entries().size(); ++i) {
    EXPECT_EQ(a.entries()[i].first, b.entries()[i].first) << path;
    expect_same_tree(a.entries()[i].second, b.entries()[i].second,
                     path + "." + a.entries()[i].first);
  }
  ASSERT_EQ(a.items().size(), b.items().size()) << path;
  for (std::size_t i = 0; i < a.items().size(); ++i)
    expect_same_tree(a.items()[i], b.items()[i], path + "[" + std::to_string(i) + "]");
}

TEST(ConfigTreeRead, ScalarsMapsAndListsRememberWhereTheyWereWritten) {
  const ConfigNode t =
      read_yaml_text("# comment\nname: x\nhorizon:\n  start: 2026-01\nlist: [a, b]\n", "mem.yaml");
  ASSERT_TRUE(t.is_map());
  EXPECT_EQ(t.entries().size(), 3u);
  EXPECT_EQ(t.entries()[0].first, "name");
  EXPECT_EQ(t.entries()[2].first, "list");
  const ConfigNode* start = t.find("horizon")->find("start");
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->text(), "2026-01");
  EXPECT_EQ(start->where().file, "mem.yaml");
  EXPECT_EQ(start->where().line, 4);
  EXPECT_EQ(start->where().column, 10);
  EXPECT_EQ(t.key_where("horizon").line, 3);
  EXPECT_EQ(t.key_where("horizon").column, 1);
  EXPECT_EQ(t.find("horizon")->key_where("start").column, 3);
  ASSERT_TRUE(t.find("list")->is_list());
  EXPECT_EQ(t.find("list")->items()[1].text(), "b");
  EXPECT_EQ(t.find("list")->items()[1].where().column, 11);
}

TEST(ConfigTreeRead, QuotedScalarsAreMarked) {
  const ConfigNode t =
      read_yaml_text("a: 2030\nb: '2030'\nc: \"2030\"\nd: !!str 2030\ne: |\n  text\n", "q.yaml");
  EXPECT_FALSE(t.find("a")->quoted());
  EXPECT_TRUE(t.find("b")->quoted());
  EXPECT_TRUE(t.find("c")->quoted());
  EXPECT_TRUE(t.find("d")->quoted());
  EXPECT_TRUE(t.find("e")->quoted());
  EXPECT_EQ(t.find("e")->text(), "text\n");
}

TEST(ConfigTreeRead, EmptyValueIsNullAtTheLineOfItsKey) {
  const ConfigNode t = read_yaml_text("a:\nb: ~\nc: null\nd: 'null'\n", "n.yaml");
  EXPECT_TRUE(t.find("a")->is_null());
  EXPECT_EQ(t.find("a")->where().line, 1);
  EXPECT_TRUE(t.find("b")->is_null());
  EXPECT_TRUE(t.find("c")->is_null());
  EXPECT_TRUE(t.find("d")->is_scalar());
}

TEST(ConfigTreeRead, DuplicateKeyIsAnError) {
  const InputError e = error_of([] { read_yaml_text("a:\n  b: 1\n  b: 2\n", "dup.yaml"); });
  EXPECT_EQ(e.where().file, "dup.yaml");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.key(), "a.b");
  EXPECT_EQ(e.message(), "duplicate key 'b'");
  EXPECT_EQ(e.hint(), "it is already written on line 2");
}

TEST(ConfigTreeRead, SyntaxErrorNamesFileAndLine) {
  const fs::path file = kData / "syntax_error.yaml";
  const InputError e = error_of([&] { read_yaml_file(file); });
  EXPECT_EQ(e.where().file, abs_path(file));
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.key(), "");
  EXPECT_EQ(e.message(), "YAML syntax error: end of sequence flow not found");
  EXPECT_EQ(std::string(e.what()),
            abs_path(file) +
                ":4: YAML syntax error: end of sequence flow not found (check the indentation and "
                "the brackets and quotes around this line)");
}

TEST(ConfigTreeRead, MissingFileIsAnInputError) {
  const fs::path file = kData / "no_such_file.yaml";
  const InputError e = error_of([&] { read_yaml_file(file); });
  EXPECT_EQ(e.where().file, abs_path(file));
  EXPECT_EQ(e.where().line, 0);
  EXPECT_EQ(e.message(), "file not found: " + abs_path(file));
}

TEST(ConfigTreeNode, SetFindEraseAndKeyWhere) {
  ConfigNode m = ConfigNode::map({"f.yaml", 1, 1});
  m.set("a", ConfigNode::scalar("1", {"f.yaml", 2, 4}));
  m.set("b", ConfigNode::scalar("2"), {"f.yaml", 3, 1});
  m.set("a", ConfigNode::scalar("3", {"g.yaml", 9, 4}));  // replaces in place
  ASSERT_EQ(m.entries().size(), 2u);
  EXPECT_EQ(m.entries()[0].first, "a");
  EXPECT_EQ(m.find("a")->text(), "3");
  EXPECT_EQ(m.key_where("a").file, "g.yaml");
  EXPECT_EQ(m.key_where("b").line, 3);
  EXPECT_EQ(m.key_where("absent").line, 1);  // where the map is
  EXPECT_TRUE(m.erase("a"));
  EXPECT_FALSE(m.erase("a"));
  EXPECT_EQ(m.find("a"), nullptr);
  EXPECT_EQ(m.key_where("b").line, 3);  // locations stay with their keys
  ConfigNode null_node;
  null_node.set("x", ConfigNode::scalar("1"));  // an empty value becomes a map when filled
  EXPECT_TRUE(null_node.is_map());
}

TEST(ConfigTreeMerge, MapsMergeKeyByKeyScalarsAndListsReplace) {
  ConfigNode base =
      read_yaml_text("a:\n  x: 1\n  y: [1, 2, 3]\n  z: {p: 1, q: 2}\nb: keep\n", "base.yaml");
  const ConfigNode over = read_yaml_text("a:\n  y: [9]\n  z: {q: 5}\n  w: new\n", "over.yaml");
  deep_merge(base, over);
  const ConfigNode* a = base.find("a");
  EXPECT_EQ(a->find("x")->text(), "1");
  ASSERT_EQ(a->find("y")->items().size(), 1u);
  EXPECT_EQ(a->find("y")->items()[0].text(), "9");
  EXPECT_EQ(a->find("z")->find("p")->text(), "1");
  EXPECT_EQ(a->find("z")->find("q")->text(), "5");
  EXPECT_EQ(a->find("w")->text(), "new");
  EXPECT_EQ(a->entries().back().first, "w");  // new keys come after the base's
  EXPECT_EQ(base.find("b")->text(), "keep");
  // Keys and values written by the override are located in the override.
  EXPECT_EQ(a->key_where("y").file, "over.yaml");
  EXPECT_EQ(a->key_where("x").file, "base.yaml");
  EXPECT_EQ(a->find("z")->find("q")->where().file, "over.yaml");
  // A map replaced by a scalar is replaced.
  deep_merge(base, read_yaml_text("a: 3\n", "s.yaml"));
  EXPECT_EQ(base.find("a")->text(), "3");
}

TEST(ConfigTreeYaml, RoundTripKeepsValuesQuotingAndOrder) {
  const ConfigNode full = load_scenario_tree(kData / "full.yaml");
  const std::string tricky =
      "plain: text with spaces\n"
      "colon: 'a: b'\n"
      "hash: '#not a comment'\n"
      "quoted_number: '2030'\n"
      "quoted_null: 'null'\n"
      "yes_word: yes\n"
      "empty: ''\n"
      "leading: '  spaces'\n"
      "chinese: 玉树\n"
      "multi: \"line 1\\nline 2\"\n"
      "nothing:\n"
      "empty_map: {}\n"
      "empty_list: []\n"
      "nested: [[1, 2], {a: [x, 'y']}]\n"
      "z_last: 1\n";
  for (const ConfigNode& tree : {full, read_yaml_text(tricky, "tricky.yaml")}) {
    const std::string yaml = to_yaml(tree);
    const ConfigNode again = read_yaml_text(yaml, "again.yaml");
    expect_same_tree(tree, again);
    EXPECT_EQ(to_yaml(again), yaml);  // emitting is stable
  }
}

TEST(ConfigTreeYaml, EmitsProgrammaticScalarsSafely) {
  ConfigNode m = ConfigNode::map();
  m.set("a", ConfigNode::scalar("x: y"));
  m.set("b", ConfigNode::scalar("- item"));
  m.set("c", ConfigNode::scalar("2.5"));
  const ConfigNode again = read_yaml_text(to_yaml(m), "again.yaml");
  EXPECT_EQ(again.find("a")->text(), "x: y");
  EXPECT_EQ(again.find("b")->text(), "- item");
  EXPECT_EQ(again.find("c")->text(), "2.5");
  EXPECT_FALSE(again.find("c")->quoted());
}

TEST(ConfigTreeSetPath, CreatesMapsOnTheWay) {
  ConfigNode tree = read_yaml_text("seed: 1\npolicies:\n", "t.yaml");
  set_path(tree, "policies.rent.amount", ConfigNode::scalar("2000", {"<command line>", 0, 0}));
  set_path(tree, "new.deep.key", ConfigNode::scalar("x"));
  const ConfigNode* amount = tree.find("policies")->find("rent")->find("amount");
  ASSERT_NE(amount, nullptr);
  EXPECT_EQ(amount->text(), "2000");
  EXPECT_EQ(tree.find("policies")->find("rent")->key_where("amount").file, "<command line>");
  EXPECT_EQ(tree.find("new")->find("deep")->find("key")->text(), "x");
  EXPECT_EQ(tree.entries().back().first, "new");
}

TEST(ConfigTreeSetPath, ReplacesAnExistingValue) {
  ConfigNode tree =
      read_yaml_text("seed: 1\nhorizon:\n  start: 2026-01\n  end: 2030-12\n", "t.yaml");
  set_path(tree, "seed", ConfigNode::scalar("42"));
  set_path(tree, "horizon.end", ConfigNode::scalar("2035-12"));
  EXPECT_EQ(tree.find("seed")->text(), "42");
  EXPECT_EQ(tree.find("horizon")->find("end")->text(), "2035-12");
  EXPECT_EQ(tree.find("horizon")->find("start")->text(), "2026-01");
  EXPECT_EQ(tree.find("horizon")->entries().size(), 2u);
  EXPECT_EQ(tree.entries().front().first, "seed");  // order kept
  // A whole subtree can be set too.
  set_path(tree, "horizon", read_yaml_text("{start: 2027-01, end: 2028-12}", "v"));
  EXPECT_EQ(tree.find("horizon")->find("start")->text(), "2027-01");
}

TEST(ConfigTreeSetPath, RefusesToReplaceAValueByAMapAndBadPaths) {
  ConfigNode tree = read_yaml_text("seed: 1\n", "t.yaml");
  const SourceLocation cli{"<command line>", 0, 0};
  InputError e = error_of([&] { set_path(tree, "seed.low", ConfigNode::scalar("1", cli)); });
  EXPECT_EQ(e.key(), "seed.low");
  EXPECT_EQ(e.message(), "cannot set a key under 'seed': it is not a map");
  EXPECT_EQ(e.where().file, "<command line>");
  e = error_of([&] { set_path(tree, "a..b", ConfigNode::scalar("1", cli)); });
  EXPECT_EQ(e.message(), "not a valid key path");
  EXPECT_EQ(tree.find("seed")->text(), "1");
}

// ---------------------------------------------------------------------------------------------
// extends

TEST(ConfigTreeExtends, ChildOverridesOneNestedKeyAndKeepsItsSiblings) {
  const ConfigNode t = load_scenario_tree(kData / "child.yaml");
  EXPECT_EQ(t.find("extends"), nullptr);
  EXPECT_EQ(t.find("name")->text(), "fixture-child");
  const ConfigNode* mobility = t.find("behaviour")->find("mobility");
  EXPECT_EQ(mobility->find("annual_move_rate")->text(), "0.05");
  EXPECT_EQ(mobility->find("reference_age_years")->text(), "35");
  EXPECT_EQ(mobility->find("log_odds_by_origin")->find("outsider")->text(), "0.8");
  EXPECT_NE(t.find("behaviour")->find("retirement"), nullptr);
  EXPECT_EQ(mobility->find("annual_move_rate")->where().file, abs_path(kData / "child.yaml"));
  EXPECT_EQ(mobility->find("annual_move_rate")->where().line, 6);
  EXPECT_EQ(mobility->find("reference_age_years")->where().file, abs_path(kData / "full.yaml"));
}

TEST(ConfigTreeExtends, AListReplacesTheBaseList) {
  const ConfigNode t = load_scenario_tree(kData / "child.yaml");
  const ConfigNode* rent = t.find("policies")->find("rent");
  const ConfigNode* regions = rent->find("target")->find("regions");
  ASSERT_EQ(regions->items().size(), 1u);
  EXPECT_EQ(regions->items()[0].text(), "xining");
  EXPECT_EQ(rent->find("type")->text(), "housing_rent_subsidy");  // siblings of the list kept
}

TEST(ConfigTreeExtends, ChainOfThreeBases) {
  const ConfigNode t = load_scenario_tree(kData / "grandchild.yaml");
  EXPECT_EQ(t.find("seed")->text(), "7");                       // grandchild
  EXPECT_EQ(t.find("name")->text(), "fixture-child");           // child
  EXPECT_EQ(t.find("regions")->text(), "../data/regions.csv");  // bases/base.yaml
  EXPECT_EQ(t.find("regions")->where().file, abs_path(kData / "bases/base.yaml"));
  EXPECT_EQ(t.find("replications")->text(), "2");  // full.yaml
  const ConfigNode* retirement = t.find("behaviour")->find("retirement");
  EXPECT_EQ(retirement->find("max_delay_months")->text(), "24");
  EXPECT_EQ(retirement->find("male_age_years")->text(), "60");
  EXPECT_EQ(t.find("behaviour")->find("mobility")->find("annual_move_rate")->text(), "0.05");
}

TEST(ConfigTreeExtends, ListOfBasesAppliesInOrder) {
  const ConfigNode t = load_scenario_tree(kData / "multi.yaml");
  EXPECT_EQ(t.find("replications")->text(), "5");  // overlay over full
  EXPECT_EQ(t.find("seed")->text(), "2");          // the file over both
  EXPECT_EQ(t.find("name")->text(), "fixture-full");
}

TEST(ConfigTreeExtends, CycleIsAnErrorNamingTheChain) {
  const std::string a = abs_path(kData / "cycle_a.yaml"), b = abs_path(kData / "cycle_b.yaml");
  const InputError e = error_of([&] { load_scenario_tree(kData / "cycle_a.yaml"); });
  EXPECT_EQ(e.where().file, b);
  EXPECT_EQ(e.where().line, 4);  // the list item that closes the cycle
  EXPECT_EQ(e.key(), "extends");
  EXPECT_EQ(e.message(), "extends cycle: " + a + " -> " + b + " -> " + a);
  EXPECT_EQ(e.hint(), "a scenario cannot extend itself, directly or through its bases");
}

TEST(ConfigTreeExtends, MissingBaseIsAnErrorAtTheExtendsLine) {
  const InputError e = error_of([&] { load_scenario_tree(kData / "extends_missing.yaml"); });
  EXPECT_EQ(e.where().file, abs_path(kData / "extends_missing.yaml"));
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.key(), "extends");
  EXPECT_EQ(e.message(), "file not found: " + abs_path(kData / "no_such_base.yaml"));
}

TEST(ConfigTreeExtends, ExtendsMustBeAPathOrAList) {
  const fs::path dir =
      fs::temp_directory_path() / ("kunlun_config_tree_extends_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "s.yaml") << "name: x\nextends: {a: b}\n"; }
  const InputError e = error_of([&] { load_scenario_tree(dir / "s.yaml"); });
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.message(), "expected a path or a list of paths");
  {
    std::ofstream(dir / "list.yaml") << "- a\n- b\n";
    std::ofstream(dir / "t.yaml") << "name: x\nextends: list.yaml\n";
  }
  const InputError f = error_of([&] { load_scenario_tree(dir / "t.yaml"); });
  EXPECT_EQ(f.where().line, 2);
  EXPECT_EQ(f.message(), "the base " + abs_path(dir / "list.yaml") + " is not a map of keys");
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------
// Bounded reading (io/input_limits.h)

// A directory of this test's own, removed afterwards.
class ConfigTreeFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kunlun_config_tree_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  fs::path dir_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// "Billion laughs": nine levels of ten aliases each would expand to 10^9 values.
std::string alias_bomb() {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 9; ++level) {
    const std::string prev = "*a" + std::to_string(level - 1);
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + prev;
    text += "]\n";
  }
  return text;
}

TEST_F(ConfigTreeFiles, AnAliasBombIsRefusedQuicklyAtTheLimitOfExpandedValues) {
  const std::string text = alias_bomb();
  EXPECT_GE(text.size(), 300u);
  EXPECT_LE(text.size(), 520u);
  const fs::path file = write("bomb.yaml", text);
  const auto start = std::chrono::steady_clock::now();
  const InputError e = error_of([&] { load_scenario_tree(file); });
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_EQ(e.where().file, abs_path(file));
  // At the list whose aliases went over the limit (a4: 10^5 values), not at the anchors they repeat.
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.key(), "a4");
  EXPECT_EQ(e.message(), "the file holds more than 100000 values once its YAML aliases are expanded");
  EXPECT_NE(e.hint().find("an alias (*name) repeats everything its anchor (&name) holds"), std::string::npos);
  EXPECT_NE(e.hint().find("docs/scenarios.md"), std::string::npos);
  // The text face (Python's from_yaml) holds the same limit.
  EXPECT_EQ(error_of([&] { read_yaml_text(text, "bomb"); }).message(), e.message());
}

TEST_F(ConfigTreeFiles, TooManyValuesWithoutAliasesAreRefusedToo) {
  std::string text = "name: x\nitems: [";
  for (std::size_t i = 0; i < input_limits::kScenarioValues; ++i) text += "1,";
  const InputError e = error_of([&] { read_yaml_text(text + "1]\n", "many.yaml"); });
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.key(), "items[99997]");
  EXPECT_EQ(e.message(), "the file holds more than 100000 values");
  EXPECT_EQ(e.hint(), "a scenario holds a few thousand values at most; check that this is the file you meant; "
                      "the limits of input files are listed in docs/scenarios.md");
}

TEST_F(ConfigTreeFiles, AFewAliasesStillWork) {
  const ConfigNode t = read_yaml_text("a: &r [x, y]\nb: *r\nc: {p: *r}\n", "ok.yaml");
  ASSERT_EQ(t.find("b")->items().size(), 2u);
  EXPECT_EQ(t.find("c")->find("p")->items()[1].text(), "y");
}

// Found by fuzzing (tests/fuzz/crashes/scenario_loader/crash-abb904b9a4fc): an alias inside its own
// anchor recursed until the stack overflowed.
TEST_F(ConfigTreeFiles, AnAliasInsideItsOwnAnchorIsRefusedAsSuch) {
  struct Case { std::string text; int line; std::string key; };
  for (const Case& c : {Case{"&a [*a]\n", 1, "[0]"}, Case{"name: x\nloop: &m\n  inner: *m\n", 3, "loop.inner"},
                        Case{"name: x\nl: &s [1, [2, *s]]\n", 2, "l[1][1]"}}) {
    const InputError e = error_of([&] { read_yaml_text(c.text, "loop.yaml"); });
    EXPECT_EQ(e.where().line, c.line) << c.text;
    EXPECT_EQ(e.key(), c.key) << c.text;
    EXPECT_NE(e.message().find("a YAML alias (*name) inside the map or list its anchor (&name) marks on line"),
              std::string::npos) << e.message();
    EXPECT_NE(e.message().find("would repeat it inside itself forever"), std::string::npos);
    EXPECT_EQ(e.hint(), "an alias may only repeat an anchor written before it and outside it: write the "
                        "values themselves");
  }
}

TEST_F(ConfigTreeFiles, NestingDeeperThanTheLimitIsRefused) {
  const auto nested = [](int depth) { return "a: " + std::string(depth, '[') + std::string(depth, ']') + "\n"; };
  EXPECT_NO_THROW(read_yaml_text(nested(input_limits::kScenarioDepth - 1), "ok.yaml"));
  for (const int depth : {100, 5000}) {  // ours, and the one yaml-cpp's own guard stops
    const InputError e = error_of([&] { read_yaml_text(nested(depth), "deep.yaml"); });
    EXPECT_EQ(e.where().file, "deep.yaml");
    EXPECT_EQ(e.where().line, 1);
    EXPECT_EQ(e.message(), "maps and lists are nested more than 64 levels deep") << depth;
    EXPECT_EQ(e.hint(), "a scenario is a few levels deep; check the indentation and the brackets");
  }
}

TEST_F(ConfigTreeFiles, AFileLargerThanTheLimitIsRefusedBeforeItIsRead) {
  // A sparse file of 200 MB: refused from its size, without reading it.
  const fs::path file = dir_ / "huge.yaml";
  { std::ofstream(file) << "name: x\n"; }
  fs::resize_file(file, 200u << 20);
  const auto start = std::chrono::steady_clock::now();
  const InputError e = error_of([&] { read_yaml_file(file); });
  EXPECT_LT(seconds_since(start), 1.0);
  EXPECT_EQ(e.where().file, abs_path(file));
  EXPECT_EQ(e.where().line, 0);
  EXPECT_EQ(e.message(), "the file is 200 MiB, more than the 1 MiB a scenario file may have");
  EXPECT_EQ(e.hint(), "check that this is the file you meant; the limits of input files are listed in docs/scenarios.md");
  // One byte over is refused, the limit itself is not (a comment pads it).
  std::string at_limit = "name: x\n#";
  at_limit.resize(input_limits::kScenarioFileBytes, 'x');
  EXPECT_NO_THROW(read_yaml_text(at_limit, "limit.yaml"));
  EXPECT_EQ(error_of([&] { read_yaml_text(at_limit + "x", "over.yaml"); }).message(),
            "the file is 1 MiB, more than the 1 MiB a scenario file may have");
}

TEST_F(ConfigTreeFiles, NulBytesAndInvalidUtf8AreRefusedAtTheirLine) {
  const fs::path nul = write("nul.yaml", std::string("name: x\nseed: 1\0" "2\n", 18));
  InputError e = error_of([&] { load_scenario_tree(nul); });
  EXPECT_EQ(e.where().file, abs_path(nul));
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 8);
  EXPECT_EQ(e.message(), "NUL byte at column 8: this is not a text file");
  EXPECT_EQ(e.hint(), "save it as UTF-8 text; binary files and UTF-16 text have NUL bytes");
  // GBK for 玉树 is not UTF-8; the UTF-8 spelling is accepted.
  const fs::path gbk = write("gbk.yaml", "name: x\n\ndescription: \xd3\xf1\xca\xf7\n");
  e = error_of([&] { load_scenario_tree(gbk); });
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 14);
  EXPECT_EQ(e.message(), "invalid UTF-8 (byte 0xd3) at column 14");
  EXPECT_NE(e.hint().find("save the file as UTF-8 text"), std::string::npos);
  EXPECT_EQ(read_yaml_text("description: 玉树\n", "zh.yaml").find("description")->text(), "玉树");
}

// ---------------------------------------------------------------------------------------------
// extends: each file once, and every wrong base named at the line of its extends entry

TEST_F(ConfigTreeFiles, ADiamondOfTwentyLevelsLoadsEachFileOnce) {
  // Each level extends [prev, prev]: read naively, level 20 would read level 0 2^20 times.
  write("level0.yaml", "name: diamond\nseed: 0\nbehaviour:\n  mobility:\n    annual_move_rate: 0.1\n");
  for (int level = 1; level <= 20; ++level) {
    const std::string prev = "level" + std::to_string(level - 1) + ".yaml";
    write("level" + std::to_string(level) + ".yaml",
          "extends: [" + prev + ", " + prev + "]\nseed: " + std::to_string(level) + "\n");
  }
  const auto start = std::chrono::steady_clock::now();
  const ConfigNode t = load_scenario_tree(dir_ / "level20.yaml");
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_EQ(t.find("seed")->text(), "20");
  EXPECT_EQ(t.find("seed")->where().file, abs_path(dir_ / "level20.yaml"));
  EXPECT_EQ(t.find("name")->text(), "diamond");
  EXPECT_EQ(t.find("behaviour")->find("mobility")->find("annual_move_rate")->text(), "0.1");
  EXPECT_EQ(t.find("extends"), nullptr);
}

TEST_F(ConfigTreeFiles, AFileExtendingItselfIsOneLine) {
  const fs::path f = write("self.yaml", "name: x\nextends: self.yaml\n");
  const InputError e = error_of([&] { load_scenario_tree(f); });
  EXPECT_EQ(e.where().file, abs_path(f));
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.key(), "extends");
  EXPECT_EQ(e.message(), "the file extends itself: " + abs_path(f));
  EXPECT_EQ(e.hint(), "a scenario cannot extend itself; name its base instead");
  EXPECT_EQ(std::string(e.what()), abs_path(f) + ":2: extends: the file extends itself: " + abs_path(f) +
                                       " (a scenario cannot extend itself; name its base instead)");
}

TEST_F(ConfigTreeFiles, ExtendingAFolderIsOneLine) {
  fs::create_directories(dir_ / "bases");
  const fs::path f = write("s.yaml", "name: x\nextends:\n  - bases\n");
  const InputError e = error_of([&] { load_scenario_tree(f); });
  EXPECT_EQ(e.where().file, abs_path(f));
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.key(), "extends");
  EXPECT_EQ(e.message(), abs_path(dir_ / "bases") + " is a folder, not a file");
  EXPECT_EQ(e.hint(), "extends names scenario files, not folders");
}

TEST_F(ConfigTreeFiles, ExtendingAFileThatIsNotYamlIsOneLine) {
  const fs::path csv = fs::path(KUNLUN_TEST_DATA) / "scenarios/data/regions.csv";
  const fs::path f = write("s.yaml", "name: x\nextends: " + csv.string() + "\n");
  const InputError e = error_of([&] { load_scenario_tree(f); });
  EXPECT_EQ(e.where().file, abs_path(f));
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.key(), "extends");
  EXPECT_EQ(e.message(), "the base " + abs_path(csv) + " is not a YAML file");
  EXPECT_EQ(e.hint(), "a base is a scenario file ending in .yaml or .yml, such as scenarios/qinghai/baseline.yaml");
  // A binary base named .yaml is refused in its own terms: its file and the line of the bad byte.
  const fs::path binary = write("binary.yaml", std::string("\x7f" "ELF\x02\x01\x01\0\0", 9));
  const fs::path g = write("t.yaml", "name: x\nextends: binary.yaml\n");
  const InputError b = error_of([&] { load_scenario_tree(g); });
  EXPECT_EQ(b.where().file, abs_path(binary));
  EXPECT_EQ(b.where().line, 1);
  EXPECT_EQ(b.message(), "NUL byte at column 8: this is not a text file");
}

TEST_F(ConfigTreeFiles, MissingBaseInAListIsNamedAtItsItem) {
  write("a.yaml", "name: a\n");
  const fs::path f = write("s.yaml", "name: x\nextends:\n  - a.yaml\n  - nowhere.yml\n");
  const InputError e = error_of([&] { load_scenario_tree(f); });
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.message(), "file not found: " + abs_path(dir_ / "nowhere.yml"));
  EXPECT_EQ(e.hint(), "paths in extends are relative to the directory of the file that writes them");
}

TEST_F(ConfigTreeFiles, TooManyBasesOrFilesAreRefused) {
  write("a.yaml", "name: a\n");
  std::string list = "name: x\nextends: [";
  for (std::size_t i = 0; i <= input_limits::kExtendsBasesPerFile; ++i) list += (i ? ", " : "") + std::string("a.yaml");
  const fs::path f = write("wide.yaml", list + "]\n");
  InputError e = error_of([&] { load_scenario_tree(f); });
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.key(), "extends");
  EXPECT_EQ(e.message(), "lists 17 bases, more than 16");
  // A chain of 70 distinct files.
  write("chain0.yaml", "name: chain\n");
  for (int i = 1; i < 70; ++i)
    write("chain" + std::to_string(i) + ".yaml", "extends: chain" + std::to_string(i - 1) + ".yaml\n");
  e = error_of([&] { load_scenario_tree(dir_ / "chain69.yaml"); });
  EXPECT_EQ(e.key(), "extends");
  EXPECT_EQ(e.where().line, 1);
  EXPECT_EQ(e.message(), "the scenario reaches more than 64 files through extends");
  EXPECT_EQ(e.where().file, abs_path(dir_ / "chain6.yaml"));  // the 65th file is named by the 64th
  EXPECT_NO_THROW(load_scenario_tree(dir_ / "chain63.yaml"));  // 64 files
}

}  // namespace
}  // namespace kunlun
