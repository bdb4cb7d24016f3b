#include "rsp/stop_queue.hpp"

#include <algorithm>

namespace rsp {
namespace {

bool names_thread(const target::StopEvent& ev) {
    return ev.kind == target::StopKind::stopped;
}

} // namespace

bool StopQueue::push(target::StopEvent ev) {
    // A thread reported by '?' whose own event was still on its way: one stop, not two. The
    // front was sent already, so only later entries are replaced.
    if (names_thread(ev)) {
        auto from = queue_.begin() + (in_sequence_ && !queue_.empty() ? 1 : 0);
        auto same = std::find_if(from, queue_.end(), [&](const target::StopEvent& q) {
            return names_thread(q) && q.thread == ev.thread;
        });
        if (same != queue_.end()) {
            *same = std::move(ev);
            return false;
        }
    }
    queue_.push_back(std::move(ev));
    if (in_sequence_) return false;
    in_sequence_ = true;
    return true;
}

std::optional<target::StopEvent> StopQueue::acknowledge() {
    if (!in_sequence_) return std::nullopt;
    if (!queue_.empty()) queue_.pop_front();
    if (queue_.empty()) {
        in_sequence_ = false;
        return std::nullopt;
    }
    return queue_.front();
}

std::optional<target::StopEvent> StopQueue::restart(std::vector<target::StopEvent> events) {
    queue_.assign(std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
    in_sequence_ = !queue_.empty();
    if (!in_sequence_) return std::nullopt;
    return queue_.front();
}

bool StopQueue::holds(target::Ptid thread) const {
    return std::any_of(queue_.begin(), queue_.end(), [&](const target::StopEvent& q) {
        return names_thread(q) && q.thread == thread;
    });
}

void StopQueue::drop_process(int pid) {
    // The front, already sent, stays: the client acknowledges it with vStopped either way.
    auto from = queue_.begin() + (in_sequence_ && !queue_.empty() ? 1 : 0);
    queue_.erase(std::remove_if(from, queue_.end(),
                                [pid](const target::StopEvent& q) {
                                    return names_thread(q) && q.thread.pid == pid;
                                }),
                 queue_.end());
}

void StopQueue::clear() {
    queue_.clear();
    in_sequence_ = false;
}

} // namespace rsp
