#pragma once
// qXfer:osdata:read documents (`info os`, `info os processes`): tables of <item>s whose
// <column>s gdb prints as they come.
#include <string>
#include <vector>

#include "target/process_launcher.hpp"

namespace rsp {

// Annex "": the kinds of data we offer.
std::string osdata_types();
// Annex "processes": pid, user, command, cores.
std::string osdata_processes(const std::vector<target::HostProcess>& processes);

} // namespace rsp
