/// Debits that each cross a notification threshold (75, 85, 90 and 100 % of a 500-credit
/// hard limit, R19): every one takes the engine's slow path and emits an event. Each sample
/// uses fresh accounts, opened during set-up.
final class ThresholdCrossings: PreparedCase {
    /// The most samples this case runs (accounts are opened for all of them up front).
    static let samples = 5
    /// Debit sizes that take usage to 375, 425, 450 and 500 credits of 500.
    static let steps: [UInt32] = [375, 50, 25, 50]

    /// The engine with every sample's accounts.
    private let engine: EngineFixture
    /// Accounts each sample uses.
    private let perSample: Int
    /// What the workers counted.
    private let tally = Tally()

    /// Opens `samples × perSample` hard-limit accounts.
    /// - Parameters:
    ///   - name: the case, for error messages.
    ///   - perSample: accounts crossed per sample (before scaling).
    ///   - config: threads, scale and seed.
    init(name: String, perSample: Int, config: CaseConfig) async throws(BenchmarkFailure) {
        self.perSample = config.scaled(perSample)
        let ids = AccountIDs.make(count: self.perSample * ThresholdCrossings.samples, seed: config.seed)
        engine = try await EngineFixture(ids: ids, terms: .hard, name: name)
    }

    /// Each worker walks its share of the sample's accounts, four crossing debits each.
    var loop: MeasuredLoop {
        .threads { [self] context in
            var counts = Tally.Counts()
            let base = (context.sample % ThresholdCrossings.samples) * perSample
            for index in context.share(of: perSample) {
                for step in ThresholdCrossings.steps { engine.debit(engine.handles[base + index], quantity: step, into: &counts) }
            }
            tally.add(counts, sample: context.sample)
            return context.share(of: perSample).count * ThresholdCrossings.steps.count
        }
    }

    /// Checks that every crossing was accepted and recorded.
    func finish() async -> CaseOutcome {
        var outcome = CaseOutcome(tally: tally, "engine usage", recorded: engine.recordedUsage)
        outcome.counters["dropped_events"] = engine.droppedEvents
        outcome.expectEvery(in: tally)
        return outcome
    }
}
