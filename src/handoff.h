// Batches handed from a producing thread to a consuming one. A fixed set of
// batches circulates between a free and a full queue, which bounds memory
// and makes the faster side wait for the slower one.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

namespace foi {

template <typename Batch>
class Handoff {
 public:
  explicit Handoff(std::size_t batches) : store_(batches) {
    for (auto& b : store_) free_.push_back(&b);
  }
  Handoff(const Handoff&) = delete;
  Handoff& operator=(const Handoff&) = delete;

  // Every batch, to size them before the threads start.
  std::vector<Batch>& batches() { return store_; }

  // Block until a batch is there; nullptr once cancelled.
  Batch* take_free() { return take(free_); }
  Batch* take_full() { return take(full_); }
  void give_free(Batch* b) { give(free_, b); }
  void give_full(Batch* b) { give(full_, b); }
  // Wakes both sides for good: one of them failed or stopped early.
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    ready_.notify_all();
  }

 private:
  Batch* take(std::deque<Batch*>& from) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return cancelled_ || !from.empty(); });
    if (cancelled_) return nullptr;
    Batch* b = from.front();
    from.pop_front();
    return b;
  }
  void give(std::deque<Batch*>& to, Batch* b) {
    std::lock_guard lock(mutex_);
    to.push_back(b);
    ready_.notify_all();
  }

  std::vector<Batch> store_;
  std::deque<Batch*> free_, full_;
  std::mutex mutex_;
  std::condition_variable ready_;
  bool cancelled_ = false;
};

}  // namespace foi
