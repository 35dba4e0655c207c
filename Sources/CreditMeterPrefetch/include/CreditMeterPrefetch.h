#ifndef CREDITMETER_PREFETCH_H
#define CREDITMETER_PREFETCH_H

/// Asks the CPU to bring the cache line at `address` close, owned for writing, without
/// waiting for it: `prefetchw` on x86-64, a store prefetch elsewhere. A hint only: it never
/// faults and never changes memory.
///
/// Swift cannot spell a prefetch. Every debit asks for its own bucket with this before its
/// checks, and the batch paths ask for the buckets of the debits ahead while the debits at
/// hand run. When the two cores sit far apart (this
/// machine's vCPUs sometimes do), a bucket last written by the other core costs a long
/// transfer; owned-for-write, the CAS that follows needs no second trip.
static inline __attribute__((always_inline)) void creditmeter_prefetch_for_write(const void *address) {
#if defined(__x86_64__)
    // The address in a register: no memory operand, so not even in theory a read.
    __asm__ volatile("prefetchw (%0)" : : "r"(address));
#else
    __builtin_prefetch(address, 1, 3);
#endif
}

/// Asks the CPU to bring the cache line at `address` close for reading, without waiting
/// for it (`prefetcht0`). A hint only: it never faults and never changes memory. Batches by
/// id use it for the registry entries of the debits ahead.
static inline __attribute__((always_inline)) void creditmeter_prefetch_for_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
