#include "rsp/context.hpp"

#include <fmt/core.h>

#include "common/log.hpp"
#include "rsp/codec.hpp"
#include "rsp/stop_reply.hpp"

namespace rsp {

std::optional<int> Context::current_pid() const {
    auto pids = target.processes();
    if (pids.empty()) return std::nullopt;
    int wanted = general_thread.pid;
    if (wanted <= 0 && last_stop) wanted = last_stop->thread.pid;
    for (int pid : pids)
        if (pid == wanted) return pid;
    return pids.front();
}

std::optional<target::Ptid> Context::resolve_thread(ThreadId id) const {
    int pid = id.pid;
    if (pid <= 0) {
        auto current = current_pid();
        if (!current) return std::nullopt;
        pid = *current;
    }
    if (id.tid > 0) {
        target::Ptid wanted{pid, id.tid};
        if (target.thread_alive(wanted)) return wanted;
        // A plain TID form cannot name its process: look for it everywhere.
        if (id.pid <= 0)
            for (int other : target.processes())
                if (target.thread_alive({other, id.tid})) return target::Ptid{other, id.tid};
        return std::nullopt;
    }
    // Any / all threads: prefer the thread of the last stop, as gdb expects.
    if (last_stop && last_stop->thread.pid == pid && target.thread_alive(last_stop->thread))
        return last_stop->thread;
    auto threads = target.thread_ids(pid);
    if (threads.empty()) return std::nullopt;
    return threads.front();
}

void Context::report_stop(const target::StopEvent& event) {
    general_thread = ThreadId{event.thread.pid, event.thread.tid};
    if (send_now) send_now(format_stop_reply(*this, event));
}

void Context::finish_deferred(std::optional<std::string> reply) {
    if (awaiting == Awaiting::reply) awaiting = Awaiting::nothing;
    if (reply && send_now) send_now(*reply);
    if (on_deferred_done) on_deferred_done();
}

std::string Context::error_reply(int code, std::string_view message) const {
    common::log_debug("rsp", "error reply: {} ({})", message, code);
    unsigned number = static_cast<unsigned>(code) & 0xff;
    if (features.lldb_error_strings) return fmt::format("E{:02x};{}", number, to_hex(message));
    if (features.error_strings) return fmt::format("E.{}", message);
    return fmt::format("E{:02x}", number);
}

std::string Context::error_reply(const target::Error& error) const {
    return error_reply(error.code, error.message);
}

} // namespace rsp
