#include "rsp/resume_request.hpp"

#include <utility>

#include "rsp/codec.hpp"
#include "rsp/signals.hpp"

namespace rsp {
namespace {

std::optional<int> parse_signal(std::string_view text) {
    auto number = parse_hex(text);
    if (!number || *number > 0xff) return std::nullopt;
    return static_cast<int>(*number);
}

// One "action[:thread-id]" of a vCont packet.
std::optional<ResumeAction> parse_action(std::string_view text) {
    ResumeAction action;
    if (auto colon = text.find(':'); colon != std::string_view::npos) {
        action.thread = parse_thread_id(text.substr(colon + 1));
        if (!action.thread) return std::nullopt;
        text = text.substr(0, colon);
    }
    if (text.empty()) return std::nullopt;
    char letter = text.front();
    auto rest = text.substr(1);
    switch (letter) {
    case 'c': action.kind = target::ResumeKind::cont; return rest.empty() ? std::optional{action} : std::nullopt;
    case 's': action.kind = target::ResumeKind::step; return rest.empty() ? std::optional{action} : std::nullopt;
    case 't': action.kind = target::ResumeKind::stop; return rest.empty() ? std::optional{action} : std::nullopt;
    case 'C':
    case 'S': {
        auto sig = parse_signal(rest);
        if (!sig) return std::nullopt;
        action.kind = letter == 'C' ? target::ResumeKind::cont : target::ResumeKind::step;
        action.gdb_signal = *sig;
        return action;
    }
    case 'r': {
        auto range = parse_addr_length(rest); // "START,END": same shape as ADDR,LENGTH
        if (!range || range->length < range->addr) return std::nullopt;
        action.kind = target::ResumeKind::step;
        action.range_start = range->addr;
        action.range_end = range->length;
        return action;
    }
    default: return std::nullopt;
    }
}

bool names(const ResumeAction& action, target::Ptid thread) {
    if (!action.thread) return true;
    const auto& id = *action.thread;
    if (id.pid > 0 && id.pid != thread.pid) return false;
    return id.tid <= 0 || id.tid == thread.tid; // -1 all, 0 any
}

} // namespace

std::optional<std::vector<ResumeAction>> parse_vcont(std::string_view args) {
    if (!args.starts_with(';')) return std::nullopt;
    std::vector<ResumeAction> actions;
    bool has_default = false;
    for (auto field : split(args.substr(1), ';')) {
        auto action = parse_action(field);
        if (!action) return std::nullopt;
        // The manual: "Specifying multiple default actions is an error".
        if (!action->thread && std::exchange(has_default, true)) return std::nullopt;
        actions.push_back(*action);
    }
    return actions;
}

std::vector<target::ThreadResume> expand_actions(const Context& ctx,
                                                 const std::vector<ResumeAction>& actions) {
    std::vector<target::ThreadResume> out;
    for (int pid : ctx.target.processes())
        for (const auto& thread : ctx.target.thread_ids(pid))
            for (const auto& action : actions) {
                if (!names(action, thread)) continue;
                out.push_back({thread, action.kind, to_host_signal(action.gdb_signal),
                               action.range_start, action.range_end});
                break;
            }
    return out;
}

} // namespace rsp
