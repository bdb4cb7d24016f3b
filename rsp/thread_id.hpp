#pragma once
// Thread ids on the wire (GDB manual, "thread-id syntax"):
//   multiprocess: pPID.TID, pPID (== pPID.-1), TID alone (pid taken from context)
//   plain:        TID
// with -1 meaning "all" and 0 meaning "any". All numbers hex.
#include <optional>
#include <string>
#include <string_view>

#include "target/types.hpp"

namespace rsp {

// Parsed thread-id. pid is 0 when the text did not give one (plain TID form).
struct ThreadId {
    int pid = 0; // -1 all, 0 any/unspecified
    int tid = 0; // -1 all, 0 any
    friend bool operator==(const ThreadId&, const ThreadId&) = default;
};

std::optional<ThreadId> parse_thread_id(std::string_view text);
// "pPID.TID" when multiprocess, otherwise "TID". Ids are hex, -1 written as "-1".
std::string format_thread_id(target::Ptid id, bool multiprocess);

} // namespace rsp
