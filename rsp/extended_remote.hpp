#pragma once
// Parsers of the extended-remote packets (rsp/handlers/extended.cpp), unit-tested.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rsp {

// vRun's arguments ";HEX(PROG)[;HEX(ARG)]..." -> {PROG, ARG...}; PROG may be empty.
std::optional<std::vector<std::string>> parse_vrun(std::string_view args);

} // namespace rsp
