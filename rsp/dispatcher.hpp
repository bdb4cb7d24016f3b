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

class Dispatcher {
  public:
    Dispatcher();
    Reply dispatch(Context& ctx, std::string_view packet) const;
    void add(std::vector<HandlerEntry> entries);

  private:
    std::vector<HandlerEntry> table_; // sorted by prefix length, longest first
};

// Each packet family registers its handlers (rsp/handlers/*.cpp).
std::vector<HandlerEntry> query_handlers();
std::vector<HandlerEntry> memory_handlers();
std::vector<HandlerEntry> register_handlers();
std::vector<HandlerEntry> run_control_handlers();
std::vector<HandlerEntry> breakpoint_handlers();
std::vector<HandlerEntry> xfer_handlers();

} // namespace rsp
