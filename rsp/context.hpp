#pragma once
// The protocol state of one client connection, shared by the packet handlers: what the
// client negotiated, which threads it selected, whether it waits for a stop, and the
// target it talks to. Handlers read and change it; they never see bytes or sockets.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rsp/launch_config.hpp"
#include "rsp/stop_queue.hpp"
#include "rsp/thread_id.hpp"
#include "target/target.hpp"

namespace rsp {

// The largest packet we accept and advertise (qSupported PacketSize). gdb 13 sizes its
// memory reads from it. Measured through gdb (bench/, dump of 64 MiB): 128 KiB was as fast
// as 256 KiB and 1 MiB on random data and fastest on zero-rich data, with the smallest peak
// RSS; gdbserver's 18 KiB was slowest.
inline constexpr std::size_t max_packet_size = 0x20000;

struct ClientFeatures {
    bool multiprocess = false;   // thread ids as pPID.TID, W/X with ;process:
    bool swbreak = false;        // "swbreak:" stop reason understood
    bool hwbreak = false;
    bool error_strings = false;  // E.message replies (gdb's error-message+)
    bool lldb_error_strings = false; // EXX;HEX-MESSAGE replies (LLDB's QEnableErrorStrings)
    bool vcont_supported = false;
    bool fork_events = false;    // fork-events+: fork stops reported, children kept
    bool vfork_events = false;   // vfork-events+: vfork and vforkdone stops
    bool exec_events = false;    // exec-events+: "exec:" stop reason
    // The client is LLDB, whose dialect differs in places (vFile:open flags, extra vFile
    // packets). LLDB never offers gdb's swbreak+/vContSupported+ in qSupported; a session
    // may also set this when it learns otherwise.
    bool client_is_lldb = false;
    bool no_resumed = false;     // the "N" stop reply understood
    bool binary_upload = false;  // gdb's binary-upload+: x replies start with 'b'
    bool thread_suffix = false;  // QThreadSuffixSupported: g/G/p/P...;thread:TID;
    bool threads_in_stop_reply = false; // QListThreadsInStopReply: threads:, thread-pcs:
    // LLDB's stop-reply keys (name:, reason:, description:, jstopinfo:) and fuller expedited
    // registers go to a client that negotiated one of LLDB's own packets: gdb never sends
    // them, so gdb keeps exactly the replies it negotiated.
    bool lldb_stop_keys() const { return thread_suffix || threads_in_stop_reply; }
};

// What the client is waiting for after a command that does not reply at once.
enum class Awaiting {
    nothing,
    stop,      // c / s / vCont: the next stop reply
    kill_ack,  // vKill: "OK" once the process is gone
    kill_quiet, // k: no reply; the session ends once the process is gone
    reply,      // vRun / vAttach / _M / A: the reply comes when the target has finished
};

// Registers saved by QSaveRegisterState, restored once by QRestoreRegisterState.
struct SavedRegisters {
    target::Ptid thread;
    std::vector<std::uint8_t> g; // the whole g-packet image
};

struct Context {
    explicit Context(target::Target& t) : target(t) {}
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    target::Target& target;
    ClientFeatures features;
    bool no_ack = false;         // QStartNoAckMode accepted
    bool extended = false;       // '!' extended-remote
    ThreadId general_thread;     // Hg: registers and memory
    ThreadId continue_thread;    // Hc: legacy c / s
    Awaiting awaiting = Awaiting::nothing;
    std::optional<target::StopEvent> last_stop; // answered by '?'
    // Non-stop (QNonStop:1): resumes reply OK at once, stops go out as notifications.
    bool non_stop = false;
    StopQueue stops;                              // non-stop: notifications and vStopped
    std::map<std::pair<int, int>, target::StopEvent> thread_stops; // non-stop: last stop of each thread, for '?'
    std::vector<int> program_signals;           // QProgramSignals (host numbers)
    // qXfer objects are generated at offset 0 and served in chunks from this cache: one
    // document per object (never per annex text: the client chooses those), for its annex.
    struct XferDocument {
        std::string annex;
        std::string text;
    };
    std::map<std::string, XferDocument, std::less<>> xfer_cache;
    bool close_requested = false;  // D / k: end the session after the reply is sent
    bool exit_requested = false;   // monitor exit: rspd itself ends with the session
    LaunchConfig launch;           // how vRun starts programs

    // A reply that a handler left for later (Awaiting::reply): sent, and the session free
    // again, when the target has finished. A completion holds lifetime(), never the Context:
    // the session may end first.
    std::weak_ptr<Context*> lifetime() const { return self_; }
    // Sends a stop reply for event and makes its thread the general one: gdb assumes that
    // after every stop reply (remote.c record_currthread) and sends no Hg before its next
    // g, m or Z, so with several threads or processes they must go to the stopped one.
    void report_stop(const target::StopEvent& event);
    // reply nullopt: nothing to send (R), the session is only free again.
    void finish_deferred(std::optional<std::string> reply);
    // Set by the Session: runs the packets held while a reply was deferred.
    std::function<void()> on_deferred_done;
    // Sends one packet at once, before the handler's own reply (qRcmd's O output).
    std::function<void(std::string_view)> send_now;
    std::optional<std::string> launch_error; // qLaunchSuccess: why the last A failed
    std::map<std::uint64_t, SavedRegisters> saved_registers;
    std::uint64_t next_save_id = 1;
    // qSymbol: where gdb found _thread_db_link_map_l_tls_modid in each process (qGetTLSAddr).
    std::map<int, std::uint64_t> tls_modid_descriptor;

    // The process handlers act on: the general thread's, else the first under control.
    std::optional<int> current_pid() const;
    // Resolves a client thread id (pid/tid may be 0 = any, -1 = all) to one live thread.
    std::optional<target::Ptid> resolve_thread(ThreadId id) const;
    std::optional<target::Ptid> general() const { return resolve_thread(general_thread); }
    // The thread a ";thread:TID" suffix names (QThreadSuffixSupported), else the Hg thread.
    std::optional<target::Ptid> thread_for(const std::optional<ThreadId>& suffix) const {
        return suffix ? resolve_thread(*suffix) : general();
    }

    // "Exx" (errno in hex) or "E.message" when the client accepts error strings; the
    // reason is logged either way.
    std::string error_reply(const target::Error& error) const;
    std::string error_reply(int code, std::string_view message) const;

    // fn(Context&, args...) as a completion for the target: it does nothing once the session
    // is gone (it holds lifetime(), not the Context).
    template <class Fn> auto later(Fn fn) {
        return [life = lifetime(), fn = std::move(fn)](auto&&... args) {
            if (auto self = life.lock()) fn(**self, std::forward<decltype(args)>(args)...);
        };
    }
    // Set by a handler whose late reply Ctrl-C may call off (vAttachWait): the interrupt
    // cancels the wait, and the handler's completion then replies with an error.
    std::function<void()> cancel_reply;

  private:
    std::shared_ptr<Context*> self_ = std::make_shared<Context*>(this);
};

} // namespace rsp
