// libFuzzer target for the packet handlers: the input is one packet payload, dispatched as a
// session would after framing (escapes left in place) against the in-memory fake target, in
// its initial stopped state. Reaches every handler's own parsing (Z/z, H, p/P, qXfer's
// annex/offset/length, vCont...). Checks: no crash or UB, a reply never longer than
// PacketSize, and the heap never grows past a fixed bound, whatever the packet asks for.
// Sequences of packets and target events are fuzz_session's job.
#include <cstdint>
#include <string_view>

#include "common/log.hpp"
#include "fuzz_support.hpp"
#include "rsp/dispatcher.hpp"
#include "tests/unit/fake_capabilities.hpp"
#include "tests/unit/fake_lldb.hpp"
#include "tests/unit/fake_target.hpp"

namespace {

using fuzz::check;

constexpr std::int64_t max_heap_growth = 4 << 20;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::HeapWatch::install();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view packet(reinterpret_cast<const char*>(data), size);
    if (packet.size() > rsp::max_packet_size) return 0; // the framer never hands these over
    common::log_settings() = {}; // `monitor set debug on` in one input must not slow the rest
    fuzz::HeapWatch::start();
    test::FakeLauncher launcher;
    test::FakeEvents events;
    test::FakeHostIo files;
    test::FakeTarget target;
    target.launcher_ = &launcher;
    target.events_ = &events;
    target.host_io_ = &files;
    test::FakeLldb lldb; // LLDB's packets reach their handlers' whole parsing, not "unsupported"
    lldb.plug_into(target);
    rsp::Context ctx(target);
    ctx.launch.last_argv = {"/bin/prog"};
    ctx.last_stop = target::StopEvent{.thread = {target.pid, target.pid}, .signal = 5};
    auto reply = rsp::dispatcher().dispatch(ctx, packet);
    check(!reply || reply->size() <= rsp::max_packet_size);
    check(target.resumed_running == 0);
    check(fuzz::HeapWatch::peak_growth() <= max_heap_growth);
    return 0;
}
