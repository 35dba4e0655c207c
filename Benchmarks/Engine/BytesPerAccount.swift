import CreditMeter
import MeterTools
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Memory per account: resident growth of the process while one meter opens `accounts`
/// accounts, divided by the number of accounts. Ids are drawn before the first reading.
final class BytesPerAccount: PreparedCase {
    /// What every account is opened with.
    private let terms: EngineFixture.Terms
    /// The ids to open.
    private let ids: [UInt64]
    /// The meter, kept alive until `finish` so its memory is still resident when read.
    private let meter = Mutex<Meter?>(nil)
    /// Resident bytes just before the accounts were opened.
    private let residentBefore = Mutex<UInt64>(0)
    /// Growth of transparent-huge-page memory divided by accounts, once measured.
    private let hugeBytesPerAccount = Mutex<Double>(0)
    /// Resident growth divided by accounts, once measured.
    private let bytesPerAccount = Mutex<Double>(0)
    /// What the loop counted (a failed open counts as refused).
    private let tally = Tally()

    /// Draws the ids.
    /// - Parameters:
    ///   - accounts: accounts to open (before scaling).
    ///   - terms: what every account is opened with.
    ///   - config: scale and seed.
    init(accounts: Int, terms: EngineFixture.Terms, config: CaseConfig) {
        self.terms = terms
        ids = AccountIDs.make(count: config.scaled(accounts), seed: config.seed)
    }

    /// One worker opens every account on a new meter (straight on its ledger: the figure is
    /// memory, not time) and reads resident memory around it.
    var loop: MeasuredLoop {
        .tasks { [self] context in
            guard context.worker == 0 else { return 0 }
            // Hand freed heap pages (the id set) back first: otherwise the engine reuses
            // them and resident growth undercounts its memory.
            HeapTrim.returnFreePages()
            let before = ProcessStats.current().residentBytes ?? 0
            let hugeBefore = BytesPerAccount.anonymousHugePageBytes()
            residentBefore.withLock { $0 = before }
            let (meter, _) = EngineFixture.newMeter()
            var counts = Tally.Counts()
            for id in ids {
                counts.record(accepted: EngineFixture.openDirectly(id, terms: terms, on: meter), credits: 0)
            }
            let after = ProcessStats.current().residentBytes ?? 0
            let hugeAfter = BytesPerAccount.anonymousHugePageBytes()
            hugeBytesPerAccount.withLock {
                $0 = Double(hugeAfter &- min(hugeBefore, hugeAfter)) / Double(max(ids.count, 1))
            }
            self.meter.withLock { $0 = meter }
            bytesPerAccount.withLock { $0 = Double(after &- min(before, after)) / Double(max(ids.count, 1)) }
            tally.add(counts, sample: context.sample)
            return ids.count
        }
    }

    /// Reports bytes per account and checks that every account opened.
    func finish() async -> CaseOutcome {
        var outcome = CaseOutcome(counters: tally.counters)
        outcome.figures["bytes_per_account"] = bytesPerAccount.withLock { $0 }
        outcome.figures["layout_bytes"] = Double(EngineFixture.layoutBytesPerAccount)
        outcome.figures["huge_page_bytes"] = hugeBytesPerAccount.withLock { $0 }
        let open = meter.withLock { $0 }.map(EngineFixture.accountCount(of:)) ?? 0
        outcome.expectEqual("open accounts", expected: UInt64(ids.count), recorded: UInt64(open))
        meter.withLock { $0 = nil }
        // Whether dropping the meter gives its memory back: what is still resident after
        // a heap trim, above the reading taken before the accounts were opened.
        HeapTrim.returnFreePages()
        let now = ProcessStats.current().residentBytes ?? 0
        let retained = now &- min(residentBefore.withLock { $0 }, now)
        outcome.figures["retained_mib_after_release"] = Double(retained) / 1_048_576
        return outcome
    }

    /// The process's anonymous transparent-huge-page memory (`AnonHugePages` in
    /// `/proc/self/smaps_rollup`), in bytes; 0 where it cannot be read.
    private static func anonymousHugePageBytes() -> UInt64 {
        let field = "AnonHugePages:"
        let line = (TextFile.read("/proc/self/smaps_rollup") ?? "").split(separator: "\n")
            .first { $0.hasPrefix(field) }
        let kib = line.flatMap { $0.dropFirst(field.count).split(separator: " ").first }.flatMap { UInt64($0) }
        return (kib ?? 0) * 1024
    }
}
