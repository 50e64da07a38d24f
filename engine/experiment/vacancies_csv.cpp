// Vacancy rows, in county x field order as StepResult holds them.
#include "experiment/vacancies_csv.h"

#include <charconv>

namespace kunlun {

VacanciesCsv::VacanciesCsv(const RegionTable& regions, const CellLayout& cells) {
  for (int c = 0; c < cells.counties; ++c) {
    const std::string& pref = regions.region(regions.prefectures()[static_cast<std::size_t>(
                                                 regions.prefecture_slot_of_county(c))]).code;
    for (int f = 0; f < cells.fields; ++f)
      labels_.push_back(pref + "," + regions.county(c).code + "," + regions.fields()[static_cast<std::size_t>(f)]);
  }
}

void VacanciesCsv::append_step(std::string& out, std::uint32_t replication, const StepResult& step) const {
  const std::string prefix = step.date.str() + "," + std::to_string(replication) + ",";
  char buf[24];
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    out += prefix;
    out += labels_[i];
    for (const std::int32_t v : {step.posts[i], step.vacancies[i]}) {
      out += ',';
      out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
    }
    out += '\n';
  }
}

}  // namespace kunlun
