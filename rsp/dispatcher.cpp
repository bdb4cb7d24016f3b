#include "rsp/dispatcher.hpp"

#include <algorithm>

#include "common/log.hpp"

namespace rsp {

Dispatcher::Dispatcher() {
    add(query_handlers());
    add(memory_handlers());
    add(register_handlers());
    add(run_control_handlers());
    add(breakpoint_handlers());
    add(xfer_handlers());
    add(extended_handlers());
    add(launch_environment_handlers());
    add(monitor_handlers());
    add(process_event_handlers());
    add(host_io_handlers());
    add(non_stop_handlers());
    add(lldb_query_handlers());
    add(register_info_handlers());
    add(register_state_handlers());
    add(thread_info_handlers());
    add(memory_region_handlers());
    add(memory_allocation_handlers());
    add(module_handlers());
    add(lldb_launch_handlers());
    add(thread_local_handlers());
    add(memory_checksum_handlers());
}

const Dispatcher& dispatcher() {
    static const Dispatcher table;
    return table;
}

void Dispatcher::add(HandlerFamily family) {
    for (auto feature : family.features) {
        if (!features_.empty()) features_ += ';';
        features_ += feature;
    }
    auto& entries = family.handlers;
    table_.insert(table_.end(), entries.begin(), entries.end());
    std::stable_sort(table_.begin(), table_.end(), [](const auto& a, const auto& b) {
        return a.prefix.size() > b.prefix.size();
    });
}

Reply Dispatcher::dispatch(Context& ctx, std::string_view packet) const {
    for (const auto& entry : table_) {
        if (!packet.starts_with(entry.prefix)) continue;
        if (entry.exact && packet.size() != entry.prefix.size()) continue;
        return entry.handler(ctx, packet.substr(entry.prefix.size()));
    }
    common::log_debug("rsp", "unsupported packet: {}", packet.substr(0, 64));
    return std::string{};
}

} // namespace rsp
