#pragma once
// What /proc tells about a process and its threads. Read on demand only: nothing here is
// cached, and nothing is read at a stop unless a client asked for it.
#include <string>
#include <string_view>
#include <vector>

#include "target/process_launcher.hpp"
#include "target/result.hpp"

namespace target::linux {

// Every process id in /proc.
Result<std::vector<int>> process_ids();
// Thread ids listed in /proc/PID/task (leader included); ESRCH when the process is gone.
Result<std::vector<int>> task_ids(int pid);
// /proc/PID/task/TID/comm without its newline; "" when unreadable.
std::string thread_name(int pid, int tid);
// The processor the thread last ran on (/proc/PID/task/TID/stat field 39); -1 if unknown.
int thread_core(int pid, int tid);
// Name and core from one read of /proc/PID/task/TID/stat (its comm field is the name):
// half the reads of thread_name + thread_core, for listings of many threads.
struct NameAndCore {
    std::string name;
    int core = -1;
};
NameAndCore thread_name_and_core(int pid, int tid);
// SIGKILL is pending for the thread: exit_group or a fatal signal is taking its process down.
bool sigkill_pending(int pid, int tid);
// The whole of /proc/PID/<name> (e.g. "auxv"), binary-safe.
Result<std::string> read_proc_file(int pid, std::string_view name);
// The program file the process runs (readlink /proc/PID/exe).
Result<std::string> exe_path(int pid);

// Every process of the host, by pid (host_processes.cpp).
Result<std::vector<HostProcess>> list_host_processes();

// Parses the "processor" field (39) of a /proc/.../stat line; -1 when malformed. The comm
// field (2) may hold spaces and parentheses, so fields are counted from its last ')'.
int parse_stat_processor(std::string_view stat);
// The comm field (2) of a /proc/.../stat line: from the first '(' to the last ')'.
std::string parse_stat_comm(std::string_view stat);
// Whether a "SigPnd:" or "ShdPnd:" mask of a /proc/.../status text has signal sig.
bool status_has_pending(std::string_view status, int sig);

} // namespace target::linux
