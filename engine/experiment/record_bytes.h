// A replication's record as bytes, to hand it between processes (MPI ranks): the part every
// process needs to take the same decisions (indicators, target values, end margins) apart from
// the rows of the output files, which only the writing process needs. Numbers keep their bits.
#pragma once

#include <string>
#include <string_view>

#include "experiment/replication_record.h"

namespace kunlun {

std::string decision_bytes(const ReplicationRecord& record);
std::string row_bytes(const ReplicationRecord& record);
// Fill `record` from bytes the functions above wrote (std::runtime_error when they are cut short).
void read_decision_bytes(std::string_view bytes, ReplicationRecord& record);
void read_row_bytes(std::string_view bytes, ReplicationRecord& record);

// Appends and reads back length-prefixed pieces: the framing of the messages between ranks.
void append_piece(std::string& out, std::string_view piece);
std::string_view read_piece(std::string_view& in);
void append_u64(std::string& out, std::uint64_t v);
std::uint64_t read_u64(std::string_view& in);

}  // namespace kunlun
