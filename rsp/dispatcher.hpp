#pragma once
// From a packet to its handler: a table of name prefixes, longest first, so `vCont?` wins
// over `vCont` and `qXfer:features:read:` over `qXfer:`. Unknown packets get the empty
// reply, which tells the client "not supported".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rsp/context.hpp"

namespace rsp {

// The reply to send now, or nullopt when the reply comes later (a stop reply after a
// resume) or never (k).
using Reply = std::optional<std::string>;
// args: the packet text after the matched prefix.
using Handler = Reply (*)(Context& ctx, std::string_view args);

struct HandlerEntry {
    std::string_view prefix;
    Handler handler;
    // true: the packet must be exactly the prefix (vMustReplyEmpty) or the prefix followed
    // by arguments of its own (m, g...). Single-letter packets use false.
    bool exact = false;
};

// A packet family (one file in rsp/handlers/): its handlers and the qSupported features
// they make true. qSupported is assembled from the families present, never kept by hand.
struct HandlerFamily {
    std::vector<HandlerEntry> handlers;
    std::vector<std::string_view> features; // "qXfer:auxv:read+", ...
};

class Dispatcher {
  public:
    Dispatcher();
    Reply dispatch(Context& ctx, std::string_view packet) const;
    void add(HandlerFamily family);
    // "feature;feature;..." of every family, for the qSupported reply.
    const std::string& features() const { return features_; }

  private:
    std::vector<HandlerEntry> table_; // sorted by prefix length, longest first
    std::string features_;
};

// The dispatcher every session uses.
const Dispatcher& dispatcher();

// Each packet family registers itself here (rsp/handlers/*.cpp).
HandlerFamily query_handlers();
HandlerFamily memory_handlers();
HandlerFamily register_handlers();
HandlerFamily run_control_handlers();
HandlerFamily breakpoint_handlers();
HandlerFamily xfer_handlers();
HandlerFamily extended_handlers();
HandlerFamily launch_environment_handlers();
HandlerFamily monitor_handlers();
HandlerFamily process_event_handlers();
HandlerFamily host_io_handlers();
HandlerFamily non_stop_handlers();
HandlerFamily lldb_query_handlers();
HandlerFamily register_info_handlers();
HandlerFamily register_state_handlers();
HandlerFamily thread_info_handlers();
HandlerFamily memory_region_handlers();
HandlerFamily memory_allocation_handlers();
HandlerFamily module_handlers();
HandlerFamily lldb_launch_handlers();
HandlerFamily thread_local_handlers();
HandlerFamily memory_checksum_handlers();

} // namespace rsp
