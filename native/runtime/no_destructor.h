// Holds a T that is constructed on first use and never destroyed: the Node/V8 platform must
// outlive every static destructor that runs while plugin threads may still be alive.
#pragma once

#include <new>
#include <utility>

namespace k8s {

template <typename T>
class NoDestructor {
 public:
  template <typename... Args>
  explicit NoDestructor(Args&&... args) {
    new (storage_) T(std::forward<Args>(args)...);
  }
  T& get() { return *std::launder(reinterpret_cast<T*>(storage_)); }

 private:
  alignas(T) unsigned char storage_[sizeof(T)];
};

}  // namespace k8s
