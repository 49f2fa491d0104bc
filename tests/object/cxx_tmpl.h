// SPDX-License-Identifier: MIT OR Apache-2.0
// cxx_tmpl.h - templates and inline functions instantiated by both cxx_a.cpp and cxx_b.cpp:
// every instance is a COMDAT group in each object (the linker keeps the first).
#ifndef CXX_TMPL_H
#define CXX_TMPL_H

template <typename T> T tsum(const T *v, int n)
{
    T s = T();
    for (int i = 0; i < n; i++)
        s += v[i];
    return s;
}

template <typename T> struct Box {
    T value;
    static int made;                       // one per instantiation: a COMDAT data object
    explicit Box(T v) : value(v) { made++; }
    T twice() const { return value + value; }
};
template <typename T> int Box<T>::made = 0;

// An inline function with a static local: one counter for the whole image only if the
// COMDAT copies are merged.
inline int &shared_counter()
{
    static int counter = 0;
    return counter;
}

inline int bump(int by)
{
    shared_counter() += by;
    return shared_counter();
}

#endif
