// Process 8, entrepreneurship: employed talents start ventures at a monthly rate that a talent
// loan raises; ventures fail at a monthly rate that equity investment lowers; loans are repaid at
// the end of their term or written off when the venture fails. Surviving ventures open posts
// (see open_posts.h). Equity funds choose the ventures they invest in here.
#pragma once

#include "model/process.h"

namespace kunlun {

class Entrepreneurship final : public Process {
 public:
  std::string_view name() const override { return "entrepreneurship"; }
  void run(StepContext& ctx) override;
};

}  // namespace kunlun
