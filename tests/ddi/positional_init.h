// SPDX-License-Identifier: MIT
// Checks that positional (brace-elided) initialization of a DDI struct fills the members the x64 table lists, in order.
#pragma once

#include <gtest/gtest.h>
#include <openks/driver.h>

#include <cstddef>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

namespace openks::test::ddi {

// One initializer of a positional list.  It converts to any scalar, GUID or
// LARGE_INTEGER member with every byte set to `tag`, and to nothing else, so
// the compiler elides braces into sub-structures and unions exactly as it
// does for a minidriver's `{&Dispatch, NULL, {...}, Flags, ...}`.
struct Tagged {
    unsigned char tag;

    // Windows enums are int-sized and take any int value, but an unscoped
    // C++ enum without a fixed underlying type only holds the values of its
    // enumerators' bit range; loading 0x05050505 as KSPIN_COMMUNICATION is
    // undefined (UBSan's -fsanitize=enum says so).  The tag is therefore
    // converted to an enum without reading an enum object.
    template <class T>
    requires(std::is_scalar_v<T> || std::is_same_v<T, GUID> || std::is_same_v<T, LARGE_INTEGER>) operator T() const
    {
        if constexpr (std::is_enum_v<T>) {
            std::underlying_type_t<T> bits;
            std::memset(&bits, tag, sizeof bits);
            return static_cast<T>(bits);
        } else {
            T out;
            std::memset(&out, tag, sizeof out);
            return out;
        }
    }
};

template <class S, std::size_t... I>
constexpr bool initializableWith(std::index_sequence<I...>)
{
    return requires
    {
        S{(static_cast<void>(I), Tagged{})...};
    };
}

// How many initializers S accepts with brace elision: its leaf members,
// counting only the first member of each union.
template <class S, std::size_t N = 64>
constexpr std::size_t positionalArity()
{
    if constexpr (N == 0) {
        return 0;
    } else if constexpr (initializableWith<S>(std::make_index_sequence<N>{})) {
        return N;
    } else {
        return positionalArity<S, N - 1>();
    }
}

// Constructs `S{Tagged{1}, Tagged{2}, ..., Tagged{N}}` in place, in zeroed storage.
template <class S, std::size_t... I>
S* initializePositionally(void* storage, std::index_sequence<I...>)
{
    return ::new (storage) S{Tagged{static_cast<unsigned char>(I + 1)}...};
}

// A leaf row of the table: a member with no members of its own listed.
struct Leaf {
    const char* name;    // TYPE.member[.sub]
    const char* parent;  // the row name without its last member
    std::size_t offset;
    std::size_t size;
};

// Expects, walking the table's leaves in order, that the k-th initializer
// filled the k-th leaf that positional initialization reaches.  A leaf the
// walk skips must be a later member of a union (it overlaps a filled leaf,
// or continues such a member in the same parent).  extraMembers counts
// trailing members S has and the table does not list (they receive the
// last initializers).
template <class S, std::size_t LeafCount>
void expectPositionalInit(const Leaf (&leaves)[LeafCount], std::size_t extraMembers)
{
    constexpr std::size_t arity = positionalArity<S>();
    static_assert(arity > 0 && arity < 255, "S takes no positional initializers, or too many to tag");
    alignas(S) unsigned char storage[sizeof(S)] = {};
    initializePositionally<S>(storage, std::make_index_sequence<arity>{});

    auto filledWith = [&](const Leaf& leaf, unsigned char tag) {
        for (std::size_t i = 0; i < leaf.size; ++i) {
            if (storage[leaf.offset + i] != tag) {
                return false;
            }
        }
        return true;
    };
    auto overlaps = [](const Leaf& a, const Leaf& b) {
        return a.offset < b.offset + b.size && b.offset < a.offset + a.size;
    };

    bool filled[LeafCount] = {};
    bool skippedInUnion[LeafCount] = {};
    std::size_t next = 1;
    for (std::size_t i = 0; i < LeafCount; ++i) {
        if (next <= arity && filledWith(leaves[i], static_cast<unsigned char>(next))) {
            filled[i] = true;
            ++next;
            continue;
        }
        bool overlapsFilled = false;
        for (std::size_t j = 0; j < i; ++j) {
            overlapsFilled = overlapsFilled || (filled[j] && overlaps(leaves[i], leaves[j]));
        }
        bool continuesUnionMember =
            i > 0 && skippedInUnion[i - 1] && std::string(leaves[i - 1].parent) == leaves[i].parent;
        skippedInUnion[i] = overlapsFilled || continuesUnionMember;
        EXPECT_TRUE(skippedInUnion[i]) << leaves[i].name << " did not receive positional initializer " << next
                                       << " (members out of order, or the wrong member first in a union)";
    }
    EXPECT_EQ(next - 1 + extraMembers, arity)
        << "the struct takes " << arity << " positional initializers; the table's leaves took " << next - 1 << " and "
        << extraMembers << " unlisted trailing members are allowed";
}

}  // namespace openks::test::ddi
