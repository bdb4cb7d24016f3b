// Breakpoints and watchpoints: Ztype,addr,kind[;conditions][;cmds:...] inserts, ztype,addr,kind
// removes. Conditions and commands (types 0 and 1) go to the target, which evaluates them
// at each hit and reports only the hits the client wants.
#include "rsp/breakpoint_request.hpp"
#include "rsp/dispatcher.hpp"

namespace rsp {
namespace {

bool takes_actions(target::BreakpointType type) {
    return type == target::BreakpointType::software || type == target::BreakpointType::hardware;
}

// Hardware breakpoints and watchpoints live in each thread's debug registers: the reply
// waits until running threads have them too. Non-stop gdb inserts while threads run and
// counts a watchpoint in place once answered: a write by a running thread must not slip by
// it, nor a removed one fire afterwards. Should a running thread refuse the registers, the
// insertion is undone and refused.
Reply settle_then_reply(Context& ctx, int pid, const BreakpointRequest& request, bool insert,
                        std::string reply) {
    ctx.awaiting = Awaiting::reply;
    ctx.target.settle_breakpoints(pid, [life = ctx.lifetime(), pid, request, insert,
                                        reply = std::move(reply)](target::Result<void> done) {
        auto alive = life.lock();
        if (!alive) return;
        Context& ctx = **alive;
        if (done || !insert) return ctx.finish_deferred(done ? reply : ctx.error_reply(done.error()));
        (void)ctx.target.remove_breakpoint(pid, request.type, request.addr, request.kind);
        ctx.target.settle_breakpoints(pid, [](target::Result<void>) {});
        ctx.finish_deferred(ctx.error_reply(done.error()));
    });
    return std::nullopt;
}

Reply apply(Context& ctx, std::string_view args, bool insert) {
    auto request = parse_breakpoint_request(args);
    if (!request) return ctx.error_reply(EINVAL, "Z/z: malformed");
    auto pid = ctx.current_pid();
    if (!pid) return ctx.error_reply(ESRCH, "Z/z: no process");
    auto& t = ctx.target;
    auto done = insert ? t.insert_breakpoint(*pid, request->type, request->addr, request->kind)
                       : t.remove_breakpoint(*pid, request->type, request->addr, request->kind);
    // Empty, not an error: gdb then knows the type is unsupported and falls back (a read
    // watchpoint becomes an access one, a hardware breakpoint a software one).
    if (!done && done.error().code == ENOSYS) return std::string{};
    if (!done) return ctx.error_reply(done.error());
    bool hardware = request->type != target::BreakpointType::software;
    if (!insert || !takes_actions(request->type))
        return hardware ? settle_then_reply(ctx, *pid, *request, insert, "OK") : Reply{"OK"};
    // A Z without conditions makes the breakpoint plain again (gdb re-sends Z0 when a
    // condition is removed).
    bool wanted = !request->actions.empty();
    auto set = t.set_breakpoint_actions(*pid, request->addr, std::move(request->actions));
    if (!set && wanted) {
        (void)t.remove_breakpoint(*pid, request->type, request->addr, request->kind);
        return ctx.error_reply(set.error());
    }
    return hardware ? settle_then_reply(ctx, *pid, *request, insert, "OK") : Reply{"OK"};
}

// Packet: Ztype,addr,kind[;Xlen,cond...][;cmds:persist,Xlen,cmd...]
// Reply: OK, E (no room: gdb falls back), or empty (this type is not supported).
Reply handle_insert(Context& ctx, std::string_view args) { return apply(ctx, args, true); }
// Packet: ztype,addr,kind   Reply: OK, E, or empty.
Reply handle_remove(Context& ctx, std::string_view args) { return apply(ctx, args, false); }

} // namespace

HandlerFamily breakpoint_handlers() {
    return {{
        {"Z", handle_insert},
        {"z", handle_remove},
    }, {"hwbreak+", "ConditionalBreakpoints+", "BreakpointCommands+"}};
}

} // namespace rsp
