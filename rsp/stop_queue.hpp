#pragma once
// Non-stop stop events on their way to the client (GDB manual, "Notification Packets").
// One notification at a time: the first event of a sequence goes out as `%Stop:REPLY`; the
// client acknowledges with `vStopped`, which drops the event it saw and gets the next one as
// a plain reply, until `OK` ends the sequence. Events that come meanwhile wait in the queue;
// only an event that finds no sequence under way starts a new one (a new notification).
// `?` abandons the sequence and starts one of its own (restart).
#include <deque>
#include <optional>
#include <vector>

#include "target/types.hpp"

namespace rsp {

class StopQueue {
  public:
    // Queues ev; true when it starts a sequence: send it now as a notification.
    bool push(target::StopEvent ev);
    // vStopped: the event last sent is seen; the next one to send, or none (reply OK).
    std::optional<target::StopEvent> acknowledge();
    // '?': drops everything queued and starts over with events; the first one to send now
    // as the reply, or none (reply OK).
    std::optional<target::StopEvent> restart(std::vector<target::StopEvent> events);
    // A stop of this thread is queued or sent but not yet acknowledged: for the client the
    // thread still runs (it must not be resumed, and need not be stopped).
    bool holds(target::Ptid thread) const;
    // The process is gone: its threads' stops would name threads that no longer exist.
    void drop_process(int pid);
    void clear();
    std::size_t size() const { return queue_.size(); }

  private:
    std::deque<target::StopEvent> queue_; // front: the event sent last, when a sequence runs
    bool in_sequence_ = false;
};

} // namespace rsp
