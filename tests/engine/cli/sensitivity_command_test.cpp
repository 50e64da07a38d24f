// `kunlun sensitivity`: a screening writes its files and ranks what matters; bad methods, design
// files, parameter names and parameters a posterior sets are refused with exit code 2 and a message a user can act on.
#include <gtest/gtest.h>

#include "testing/cli_testing.h"

namespace kunlun::testing {
namespace {

const std::string kSmall = std::string(KUNLUN_TEST_DATA) + "/sim/small.yaml";

TEST_F(Cli, SensitivityScreensAndRanksTheParameters) {
  const auto out = dir_ / "screen";
  const CliResult r = run("sensitivity " + kSmall +
                          " --parameters behaviour.mobility.annual_move_rate,behaviour.entrepreneurship."
                          "loan_log_odds_per_ln_100k --trajectories 2 --resamples 100 --indicators outflow_external -o " +
                          out.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("morris: 2 parameters, 6 design points, 6 simulations"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("1. behaviour.mobility.annual_move_rate"), std::string::npos) << r.out;
  // The loan's effect is never read without a loan policy: exactly 0.
  const std::size_t unread = r.out.find("2. behaviour.entrepreneurship.loan_log_odds_per_ln_100k");
  ASSERT_NE(unread, std::string::npos) << r.out;
  const std::string line = r.out.substr(unread, r.out.find('\n', unread) - unread);
  EXPECT_NE(line.find("mu* 0 "), std::string::npos) << line;
  EXPECT_NE(line.find("[0, 0]  sigma 0"), std::string::npos) << line;
  for (const char* f : {"sensitivity.csv", "design.csv", "parameters.csv", "report.html", "manifest.json"})
    EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
  // A batch log (stderr is a file here) gets progress lines at every tenth.
  EXPECT_NE(r.err.find("  simulations "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("100%  elapsed"), std::string::npos) << r.err;
}

TEST_F(Cli, SensitivityRefusesBadInputWithItsPlace) {
  const CliResult method = run("sensitivity " + kSmall + " --method fast -o " + (dir_ / "m").string());
  EXPECT_EQ(method.code, 2);
  EXPECT_NE(method.err.find("--method: unknown method 'fast' (use morris"), std::string::npos) << method.err;

  const auto design = write("design.yaml", "method: sobol\nsobol:\n  base_samples: 1\n");
  const CliResult size = run("sensitivity " + kSmall + " --design " + design.string() + " -o " + (dir_ / "d").string());
  EXPECT_EQ(size.code, 2);
  EXPECT_NE(size.err.find("design.yaml:3"), std::string::npos) << size.err;
  EXPECT_NE(size.err.find("sobol.base_samples"), std::string::npos) << size.err;

  const CliResult name = run("sensitivity " + kSmall + " --parameters behaviour.mobilty -o " + (dir_ / "p").string());
  EXPECT_EQ(name.code, 2);
  EXPECT_NE(name.err.find("--parameters behaviour.mobilty: 'behaviour.mobilty' names no uncertain parameter"),
            std::string::npos)
      << name.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "p"));

  // A parameter the posterior sets is calibrated: the refusal says how to analyse the priors.
  const auto posterior = write("posterior.csv", "set,weight,replication,behaviour.mobility.annual_move_rate,implausibility\n"
                                                "0,1,0,0.07,0\n");
  const CliResult fixed = run("sensitivity " + kSmall + " --posterior " + posterior.string() +
                              " --parameters behaviour.mobility.annual_move_rate -o " + (dir_ / "f").string());
  EXPECT_EQ(fixed.code, 2);
  EXPECT_NE(fixed.err.find("--parameters behaviour.mobility.annual_move_rate: behaviour.mobility.annual_move_rate: the "
                           "posterior"),
            std::string::npos)
      << fixed.err;
  EXPECT_NE(fixed.err.find("e.g. --posterior none)"), std::string::npos) << fixed.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "f"));
}

}  // namespace
}  // namespace kunlun::testing
