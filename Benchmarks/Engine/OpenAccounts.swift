import CreditMeter
import Synchronization

/// Opening accounts through the `Meter` actor, onto a fresh meter each sample.
final class OpenAccounts: PreparedCase {
    /// The most samples this case runs (each opens every account again).
    static let samples = 3

    /// The ids opened each sample.
    private let ids: [UInt64]
    /// The meter of the current sample.
    private let current = Mutex<Meter?>(nil)
    /// What the workers counted (a failed open counts as refused).
    private let tally = Tally()

    /// Draws the ids.
    /// - Parameters:
    ///   - accounts: accounts opened per sample (before scaling).
    ///   - config: threads, scale and seed.
    init(accounts: Int, config: CaseConfig) {
        ids = AccountIDs.make(count: config.scaled(accounts), seed: config.seed)
    }

    /// Drops the previous sample's meter, then makes an empty one (untimed).
    func beforeSample(_ sample: Int) async throws(BenchmarkFailure) {
        current.withLock { $0 = nil }
        let (meter, _) = EngineFixture.newMeter()
        current.withLock { $0 = meter }
    }

    /// Each worker opens its share of the ids.
    var loop: MeasuredLoop {
        .tasks { [self] context in
            guard let meter = current.withLock({ $0 }) else { return 0 }
            var counts = Tally.Counts()
            let mine = context.share(of: ids.count)
            for index in mine {
                counts.record(accepted: await EngineFixture.openThroughActor(ids[index], on: meter), credits: 0)
            }
            tally.add(counts, sample: context.sample)
            return mine.count
        }
    }

    /// Checks that the last meter holds every account and no open failed.
    func finish() async -> CaseOutcome {
        var outcome = CaseOutcome(counters: tally.counters)
        let open = current.withLock { $0 }.map(EngineFixture.accountCount(of:)) ?? 0
        outcome.expectEqual("open accounts", expected: UInt64(ids.count), recorded: UInt64(open))
        outcome.expectEqual("failed opens", expected: 0, recorded: tally.total.refused)
        current.withLock { $0 = nil }
        return outcome
    }
}
