// x86 debug registers: the DR7 encoding against the Intel SDM's bit layout, DR6 decoding,
// the split of a watched range into aligned pieces, and the slot allocation.
#include <boost/test/unit_test.hpp>

#include "arch/x86_64/debug_registers.hpp"

using namespace arch::x86_64;

BOOST_AUTO_TEST_SUITE(debug_registers)

BOOST_AUTO_TEST_CASE(dr7_encoding_follows_the_sdm) {
    // Slot 0, execute, 1 byte: L0 only (R/W0 = 00, LEN0 = 00).
    BOOST_TEST(*dr7_slot_bits(0, DrKind::execute, 1) == 0x1u);
    // Slot 0, write, 4 bytes: L0, R/W0 = 01 (bits 16-17), LEN0 = 11 (bits 18-19).
    BOOST_TEST(*dr7_slot_bits(0, DrKind::write, 4) == 0xd0001u);
    // Slot 1, access, 2 bytes: L1 (bit 2), R/W1 = 11 (bits 20-21), LEN1 = 01 (bits 22-23).
    BOOST_TEST(*dr7_slot_bits(1, DrKind::access, 2) == 0x700004u);
    // Slot 3, write, 8 bytes: L3 (bit 6), R/W3 = 01 (bits 28-29), LEN3 = 10 (bits 30-31).
    BOOST_TEST(*dr7_slot_bits(3, DrKind::write, 8) == 0x90000040u);
    // Slot 2, access, 1 byte: L2 (bit 4), R/W2 = 11 (bits 24-25), LEN2 = 00.
    BOOST_TEST(*dr7_slot_bits(2, DrKind::access, 1) == 0x3000010u);
}

BOOST_AUTO_TEST_CASE(dr7_rejects_what_the_hardware_cannot_do) {
    BOOST_TEST(!dr7_slot_bits(4, DrKind::write, 4));
    BOOST_TEST(!dr7_slot_bits(-1, DrKind::write, 4));
    BOOST_TEST(!dr7_slot_bits(0, DrKind::write, 3));
    BOOST_TEST(!dr7_slot_bits(0, DrKind::write, 16));
    BOOST_TEST(!dr7_slot_bits(0, DrKind::execute, 4));
}

BOOST_AUTO_TEST_CASE(slot_masks_do_not_overlap) {
    BOOST_TEST(dr7_slot_mask(0) == 0xf0003u);
    BOOST_TEST(dr7_slot_mask(3) == 0xf00000c0u);
    for (int a = 0; a < debug_slots; ++a)
        for (int b = a + 1; b < debug_slots; ++b) BOOST_TEST((dr7_slot_mask(a) & dr7_slot_mask(b)) == 0u);
}

BOOST_AUTO_TEST_CASE(dr6_decoding) {
    BOOST_TEST(decode_dr6(0x4002).hit_slots == 2u);
    BOOST_TEST(decode_dr6(0x4002).single_step);
    BOOST_TEST(decode_dr6(0xffff0ff8).hit_slots == 8u);
    BOOST_TEST(!decode_dr6(0xffff0ff8).single_step);
}

BOOST_AUTO_TEST_CASE(ranges_split_into_aligned_pieces) {
    using V = std::vector<Piece>;
    BOOST_TEST((aligned_pieces(0x1000, 4) == V{{0x1000, 4}}));
    BOOST_TEST((aligned_pieces(0x1000, 16) == V{{0x1000, 8}, {0x1008, 8}}));
    BOOST_TEST((aligned_pieces(0x1002, 4) == V{{0x1002, 2}, {0x1004, 2}}));
    BOOST_TEST((aligned_pieces(0x1003, 4) == V{{0x1003, 1}, {0x1004, 2}, {0x1006, 1}}));
    BOOST_TEST((aligned_pieces(0x1001, 1) == V{{0x1001, 1}}));
    BOOST_TEST((aligned_pieces(0x1004, 8) == V{{0x1004, 4}, {0x1008, 4}}));
}

BOOST_AUTO_TEST_CASE(slots_are_allocated_shared_and_freed) {
    DebugRegisters regs;
    BOOST_TEST(!regs.any());
    BOOST_TEST(regs.insert(DrKind::write, 0x1000, 4).ok());
    BOOST_TEST(regs.dr7() == 0xd0001u);
    BOOST_TEST(regs.slot(0).addr == 0x1000u);
    // The same request again is the same request (Z is idempotent); a request overlapping
    // in one piece shares that slot; another kind at the same address does not.
    BOOST_TEST(regs.insert(DrKind::write, 0x1000, 4).ok());
    BOOST_TEST(regs.slot(0).users == 1);
    BOOST_TEST(regs.insert(DrKind::write, 0x1000, 2).ok());
    BOOST_TEST(regs.slot(1).len == 2);
    BOOST_TEST(regs.remove(DrKind::write, 0x1000, 2).ok());
    BOOST_TEST(regs.insert(DrKind::write, 0x1000, 0x10).ok()); // shares nothing: 8 + 8
    BOOST_TEST(regs.remove(DrKind::write, 0x1000, 0x10).ok());
    BOOST_TEST(regs.insert(DrKind::write, 0x1000, 8).ok()); // 0x1000/8 is not 0x1000/4
    BOOST_TEST(regs.slot(1).len == 8);
    BOOST_TEST(regs.remove(DrKind::write, 0x1000, 8).ok());
    BOOST_TEST(regs.insert(DrKind::write, 0x1002, 4).ok()); // 2@0x1002, 2@0x1004
    BOOST_TEST(regs.insert(DrKind::write, 0x1004, 2).ok()); // shares 2@0x1004
    BOOST_TEST(regs.slot(2).users == 2);
    BOOST_TEST(regs.remove(DrKind::write, 0x1002, 4).ok());
    BOOST_TEST(regs.slot(2).users == 1);
    BOOST_TEST(regs.remove(DrKind::write, 0x1004, 2).ok());
    BOOST_TEST(regs.insert(DrKind::access, 0x1000, 4).ok());
    BOOST_TEST((regs.slot(1).kind == DrKind::access));
    // 16 bytes need two slots: exactly what is left.
    BOOST_TEST(regs.insert(DrKind::access, 0x2000, 16).ok());
    BOOST_TEST(regs.slot(3).addr == 0x2008u);
    unsigned gen = regs.generation();
    auto full = regs.insert(DrKind::execute, 0x3000, 1);
    BOOST_TEST(!full.ok());
    BOOST_TEST(full.error().code == ENOSPC);
    BOOST_TEST(regs.generation() == gen); // nothing changed
    BOOST_TEST(regs.remove(DrKind::write, 0x1000, 4).ok());
    BOOST_TEST(regs.slot(0).users == 0);
    BOOST_TEST(regs.remove(DrKind::write, 0x1000, 4).error().code == ENOENT);
    BOOST_TEST(regs.insert(DrKind::execute, 0x3000, 1).ok());
    BOOST_TEST((regs.slot(0).kind == DrKind::execute));
}

BOOST_AUTO_TEST_CASE(a_request_that_does_not_fit_changes_nothing) {
    DebugRegisters regs;
    BOOST_TEST(regs.insert(DrKind::write, 0x1000, 8).ok());
    BOOST_TEST(regs.insert(DrKind::write, 0x2000, 8).ok());
    // An unaligned 4-byte watch at 0x3003 needs three slots; two are free.
    BOOST_TEST(regs.insert(DrKind::write, 0x3003, 4).error().code == ENOSPC);
    BOOST_TEST(regs.slot(2).users == 0);
    BOOST_TEST(regs.insert(DrKind::write, 0x3002, 4).ok()); // two slots
    BOOST_TEST(regs.insert(DrKind::write, 0x4000, 64).error().code == ENOSPC);
    BOOST_TEST(regs.insert(DrKind::write, 0x4000, 0).error().code == EINVAL);
}

BOOST_AUTO_TEST_SUITE_END()
