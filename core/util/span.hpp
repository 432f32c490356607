// A non-owning view of contiguous elements (C++17 has no std::span).
// Not a container: it never allocates, and it is only as valid as the memory it points at.
#pragma once
#include <cassert>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace descent {

template <class T>
class Span {
 public:
  Span() = default;
  Span(T* data, std::size_t size) : data_(data), size_(size) {}
  template <class U, class = std::enable_if_t<std::is_convertible<U (*)[], T (*)[]>::value>>
  Span(const Span<U>& other) : data_(other.data()), size_(other.size()) {}
  template <class U, class A, class = std::enable_if_t<std::is_convertible<U (*)[], T (*)[]>::value>>
  Span(std::vector<U, A>& v) : data_(v.data()), size_(v.size()) {}
  template <class U, class A, class = std::enable_if_t<std::is_convertible<const U (*)[], T (*)[]>::value>>
  Span(const std::vector<U, A>& v) : data_(v.data()), size_(v.size()) {}

  T* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) const { assert(i < size_); return data_[i]; }
  T* begin() const { return data_; }
  T* end() const { return data_ + size_; }
  Span subspan(std::size_t offset, std::size_t count) const {
    assert(offset + count <= size_);
    return Span(data_ + offset, count);
  }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace descent
