// `kunlun validate FILE`: the margins are checked as a run would, without synthesising the
// population, and the line printed gives the agent count a run starts with.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

const std::string kCli = KUNLUN_CLI;
const std::string kData = KUNLUN_TEST_DATA;

struct Result {
  int code;
  std::string out, err;
};

class ValidateCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kunlun-validate-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  Result validate(const fs::path& yaml) {
    const std::string cmd = kCli + " validate " + yaml.string() + " >" +
                            (dir_ / "stdout").string() + " 2>" + (dir_ / "stderr").string();
    const int status = std::system(cmd.c_str());
    return {WEXITSTATUS(status), slurp(dir_ / "stdout"), slurp(dir_ / "stderr")};
  }
  fs::path write(const std::string& text) {
    std::ofstream(dir_ / "scenario.yaml") << text;
    return dir_ / "scenario.yaml";
  }
  fs::path dir_;
};

TEST_F(ValidateCommand, PrintsTheAgentCountOfALargePopulationWithoutBuildingIt) {
  // 495,700 x 100 agents: synthesising them would take tens of seconds and gigabytes.
  const fs::path yaml = write("extends: " + kData + "/sim/small.yaml\npopulation:\n  scale: 100\n");
  const Result r = validate(yaml);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, yaml.string() +
                       ": ok (test-small, 2026-01 to 2027-12, 49570000 agents, 2 replications)\n");
}

TEST_F(ValidateCommand, RejectsABadMarginsFile) {
  const std::string bad = kData + "/population/bad_duplicate.csv";
  const Result r =
      validate(write("extends: " + kData + "/sim/small.yaml\nregions: " + kData +
                     "/population/regions.csv\npopulation:\n  margins: " + bad + "\n"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("kunlun: " + bad + ":", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("duplicate row"), std::string::npos) << r.err;
}

}  // namespace
