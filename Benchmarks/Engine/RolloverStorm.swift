/// A period-rollover storm: before each sample the manual clock moves a month, then every
/// account is debited once, so every debit is the first of a new period (R5, R6) and takes
/// the slow path that closes the old period.
final class RolloverStorm: PreparedCase {
    /// The most samples this case runs (one month each).
    static let samples = 5

    /// The engine with its accounts.
    private let engine: EngineFixture
    /// What the workers counted.
    private let tally = Tally()

    /// Opens the accounts on the first day of the clock.
    /// - Parameters:
    ///   - name: the case, for error messages.
    ///   - accounts: accounts rolled per sample (before scaling).
    ///   - config: threads, scale and seed.
    init(name: String, accounts: Int, config: CaseConfig) async throws(BenchmarkFailure) {
        engine = try await EngineFixture(ids: AccountIDs.make(count: config.scaled(accounts), seed: config.seed),
                                         terms: .open, name: name)
    }

    /// Moves the clock into the next month (untimed).
    func beforeSample(_ sample: Int) async throws(BenchmarkFailure) {
        engine.moveClock(monthsAfterStart: sample + 1)
    }

    /// Each worker debits its share of the accounts once.
    var loop: MeasuredLoop {
        .threads { [self] context in
            var counts = Tally.Counts()
            let mine = context.share(of: engine.ids.count)
            for index in mine { engine.debit(engine.handles[index], into: &counts) }
            tally.add(counts, sample: context.sample)
            return mine.count
        }
    }

    /// Checks that this period's usage is exactly the last storm's accepted credits.
    func finish() async -> CaseOutcome {
        var outcome = CaseOutcome(counters: tally.counters)
        let last = tally.lastSample.map(tally.counts(ofSample:)) ?? Tally.Counts()
        outcome.expectEqual("usage after the last rollover", expected: last.credits, recorded: engine.recordedUsage)
        outcome.expectEvery(in: tally)
        outcome.counters["dropped_events"] = engine.droppedEvents
        return outcome
    }
}
