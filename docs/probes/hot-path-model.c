// A C model of CreditMeter's fast debit path (`_debit` in Ledger+Debit.swift as of commit
// 3ea50ef: 32-bit ledger tokens, and no re-check of the recent row's key on the spill path,
// which later commits added) on one hot account, run against the raw
// "add n if used + n <= limit" compare-and-swap of `ceiling/hot-cas`, alternating the two
// in one process. It answers one question: how close to the raw CAS can a debit that does
// the engine's work get on this machine, whatever language it is written in?
//
// The model keeps the engine's memory operations and checks (Ledger+Debit.swift, `_debit`):
// the handle's ledger token, the feature index bound, the prefetch for writing, an acquire
// load of the bucket's `state`, the catalog's fast word through the published table
// pointer, the clock's day, the bucket's `terms`, `gate` and recent-row key, the busy,
// paused/closed/ruled, period-end, first-day and edition checks, the bound, the recent
// usage row's key and delta (with its spill), and one CAS; a lost CAS retries as the engine
// does. As in the Swift harness, each debit reads its ledger and feature from memory (an
// embedder's loop has them in variables, not constants). It omits the harness's sampling,
// the sink and the checked path (never taken here).
//
// Build and run with the Swift toolchain's clang (BENCHMARKS.md, *The seventh session*):
//   clang -O2 -pthread -o /tmp/hot-model docs/probes/hot-path-model.c
//   /tmp/hot-model 1 300     # threads, milliseconds per round (7 rounds of each loop)
//   /tmp/hot-model 2 300
// Variants that each drop one piece of the work (measurements only, not valid debits):
//   -DWITHOUT_CHECKS       no paused/closed/ruled, period-end, first-day or edition check
//   -DWITHOUT_RECENT_ROW   no recent usage row (usage by feature would go uncounted, I3)
//   -DWITHOUT_SPILL_CHECK  the recent row's delta never spills (it would overflow)
//   -DCONSTANT_OPERANDS    the ledger and the feature are compile-time constants
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    _Alignas(64) uint64_t state, terms, gate, extra, recentKey, recentTimes, accountID;
    uint32_t slot, reserved;
} Bucket;
typedef struct { uint32_t token; uint64_t *fast; int32_t *day; } Ledger;
typedef struct { Bucket *bucket; uint32_t token; } Handle;

static Bucket bucket;
static _Alignas(64) uint64_t rawCounter;
static uint64_t fastWords[4096];
static _Alignas(64) int32_t clockDay = 20000;
static Ledger ledger;
static Handle handles[4096];
#ifndef CONSTANT_OPERANDS
static Ledger *volatile ledgerInUse = &ledger;
static volatile uint16_t featureInUse = 7;
#endif
static uint32_t cellIndex[4096];
static double roundSeconds;
static int modelRound;
static volatile int started, stopped;
static uint64_t checkedCalls;

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// The engine's checked path, never reached in this model (counted to prove it).
__attribute__((noinline)) static int checked(void) {
    __atomic_fetch_add(&checkedCalls, 1, __ATOMIC_RELAXED);
    return 0;
}

static inline int debit(Ledger *l, Handle h, uint16_t feature, uint32_t quantity) {
    Bucket *b = h.bucket;
    __builtin_prefetch(b, 1, 3);
    if (h.token != l->token || quantity == 0 || feature >= 4096) return checked();
    uint64_t state = __atomic_load_n(&b->state, __ATOMIC_ACQUIRE);
    uint64_t *table = __atomic_load_n(&l->fast, __ATOMIC_ACQUIRE);
    uint64_t fast = table[feature];
    uint32_t rate = (uint32_t)fast >> 8;
    uint64_t credits = (uint64_t)quantity * rate;
    uint64_t charge = credits << 24;
    int32_t day = __atomic_load_n(l->day, __ATOMIC_RELAXED);
    uint64_t terms = __atomic_load_n(&b->terms, __ATOMIC_RELAXED);
    uint64_t gate = __atomic_load_n(&b->gate, __ATOMIC_RELAXED);
    uint64_t recent = __atomic_load_n(&b->recentKey, __ATOMIC_RELAXED);
#ifdef WITHOUT_CHECKS
    (void)terms;
    int usual = (state & 1) == 0;
#else
    int usual = (state & 1) == 0 && (terms & 0x2300000000000000ull) == 0
        && day < (int32_t)((terms >> 32) & 0xFFFFFF) && day >= (int32_t)(fast >> 32)
        && (uint8_t)fast <= (uint8_t)((terms >> 59) & 3);
#endif
    if (!usual) return checked();
    uint64_t bound = gate >> 32;
#ifdef WITHOUT_RECENT_ROW
    int isRecent = 0;
    (void)recent;
#else
    uint64_t key = ((uint64_t)(feature & 0xFFF) << 40) | (((uint64_t)(uint32_t)day & 0xFFFFF) << 20) | (rate & 0xFFFFF);
    int isRecent = (recent & ((1ull << 52) - 1)) == key;
#endif
    uint64_t step = charge | (isRecent ? (uint64_t)quantity << 16 : 0);
    for (;;) {
        uint64_t after = (state >> 24) + credits;
        if (!(after < bound)) break;
        uint64_t delta = (state >> 16) & 0xFF;
#ifdef WITHOUT_SPILL_CHECK
        int spill = 0;
#else
        int spill = isRecent && delta + quantity > 0xFF;
#endif
        uint64_t desired = spill ? state + charge - (delta << 16) : state + step;
        uint64_t expected = state;
        if (__atomic_compare_exchange_n(&b->state, &expected, desired, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
#ifndef WITHOUT_RECENT_ROW
            if (spill || !isRecent) __atomic_fetch_add(&b->recentTimes, spill ? delta + quantity : quantity, __ATOMIC_RELAXED);
#endif
            return 1;
        }
        if (((expected ^ state) & 0xFFFF) != 0 || __atomic_load_n(&l->fast, __ATOMIC_RELAXED) != table) break;
        state = expected;
    }
    return checked();
}

// Each thread debits until the main thread raises `stopped`, checking every 256 debits, so
// that both threads run for the whole round (a fixed count lets one finish early and run
// alone, uncontended, for a while).
static void *worker(void *unusedArgument) {
    (void)unusedArgument;
    uint64_t accepted = 0, attempted = 0;
    while (!started) {}
    if (!modelRound) {
        for (long i = 0; !stopped; i += 256) {
            for (long j = i; j < i + 256; j++) {
                uint64_t *cell = &rawCounter + cellIndex[j & 4095];
                uint64_t used = __atomic_load_n(cell, __ATOMIC_RELAXED);
                while (used + 1 <= (1ull << 60)) {
                    if (__atomic_compare_exchange_n(cell, &used, used + 1, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) { accepted++; break; }
                }
            }
            attempted += 256;
        }
    } else {
        for (long i = 0; !stopped; i += 256) {
            for (long j = i; j < i + 256; j++) {
#ifdef CONSTANT_OPERANDS
                accepted += debit(&ledger, handles[j & 4095], 7, 1);
#else
                accepted += debit(ledgerInUse, handles[j & 4095], featureInUse, 1);
#endif
            }
            attempted += 256;
        }
    }
    if (accepted != attempted) { fprintf(stderr, "a debit was refused\n"); exit(1); }
    return (void *)(uintptr_t)accepted;
}

// Millions of accepted debits per second over one round of `roundSeconds`.
static double run(int threads) {
    pthread_t workers[64];
    started = 0;
    stopped = 0;
    for (int i = 0; i < threads; i++) pthread_create(&workers[i], 0, worker, 0);
    double start = seconds();
    started = 1;
    // Sleeps, so that the workers have the cores to themselves.
    struct timespec round = {(time_t)roundSeconds, (long)((roundSeconds - (time_t)roundSeconds) * 1e9)};
    nanosleep(&round, 0);
    stopped = 1;
    uint64_t accepted = 0;
    for (int i = 0; i < threads; i++) { void *result; pthread_join(workers[i], &result); accepted += (uintptr_t)result; }
    return accepted / (seconds() - start) / 1e6;
}

static int byValue(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    roundSeconds = (argc > 2 ? atoi(argv[2]) : 300) / 1000.0;
    if (threads < 1 || threads > 64 || roundSeconds <= 0) { fprintf(stderr, "usage: hot-model THREADS MILLISECONDS\n"); return 2; }
    ledger.token = 5;
    ledger.fast = fastWords;
    ledger.day = &clockDay;
    for (int i = 0; i < 4096; i++) fastWords[i] = (uint64_t)0x7FFFFFFF << 32;      // absent
    fastWords[7] = (uint64_t)19000 << 32 | 1u << 8;                                  // 1 credit from day 19000
    bucket.terms = 1000000000ull | (uint64_t)30000 << 32 | 1ull << 59;              // limit, period end, edition
    bucket.gate = 0xFFFFFFFFull | 0xFFFFFFFEull << 32;                              // no cap, bound far away
    bucket.recentKey = 1ull << 52 | (uint64_t)7 << 40 | (uint64_t)20000 << 20 | 1;  // today's row for feature 7
    for (int i = 0; i < 4096; i++) { handles[i].bucket = &bucket; handles[i].token = 5; }
    enum { rounds = 7 };
    double ratios[rounds];
    for (int round = 0; round < rounds; round++) {
        modelRound = 0;
        double raw = run(threads);
        modelRound = 1;
        double model = run(threads);
        ratios[round] = model / raw;
        printf("raw %6.1f M/s   model %6.1f M/s   ratio %.3f\n", raw, model, ratios[round]);
    }
    qsort(ratios, rounds, sizeof ratios[0], byValue);
    printf("threads %d: median ratio %.3f (%.3f..%.3f); checked-path calls %llu\n", threads, ratios[rounds / 2],
           ratios[0], ratios[rounds - 1], (unsigned long long)checkedCalls);
    return 0;
}
