import CreditMeter

/// The one place the benchmarks call the engine's API: meters with a manual clock,
/// accounts opened on known terms, debits decoded into tallies, usage summed from snapshots.
final class EngineFixture: Sendable {
    /// The terms accounts are opened on.
    enum Terms: Sendable {
        /// Data Hub Enterprise plus a million packs (a limit near 10^9 credits): no debit
        /// of a run reaches a threshold, so every debit stays on the fast path.
        case open
        /// Smart CRM Starter without capacity: a hard limit of 500 credits (R2, R10).
        case hard
    }

    /// The usage past which a one-account case moves to the next period between samples:
    /// a quarter of an `.open` account's limit, so even a 2.5 s sample at 200 M debits/s
    /// stays below its 75 % threshold (see `StreamDebit.beforeSample`).
    static let rollAbove: UInt64 = 250_000_000

    /// The hard limit of `.hard` accounts, in credits.
    static let hardLimit: UInt64 = 500
    /// The first day on the manual clock: a Monday in January, anchor day 1.
    static let startDay = CalendarDay(year: 2026, month: 1, day: 1)!
    /// The feature every case debits: a Starter feature at 1 credit per action.
    static let featureKey = "workflow.communication.send-email"
    /// The price of one action of ``featureKey``, checked against the catalog data (not the
    /// engine) when a fixture is set up.
    static let creditsPerAction: UInt64 = 1

    /// The control plane.
    let meter: Meter
    /// The synchronous hot path.
    let ledger: Ledger
    /// The manual clock the meter reads.
    let clock: ManualClock
    /// The debited feature.
    let feature: FeatureIndex
    /// Account ids by index.
    let ids: [UInt64]
    /// Account handles by index.
    let handles: [AccountHandle]

    /// Opens `ids.count` accounts on one new meter, straight on its ledger (untimed set-up
    /// should not pay an actor hop per account).
    /// - Parameters:
    ///   - ids: the account ids.
    ///   - terms: what every account is opened with.
    ///   - rowsShort: leave the ledger short of usage row blocks (`Ledger.usageRowBlocks`),
    ///     each account's recent row already holding today's row of ``featureKey``: every
    ///     debit then takes the checked path and finds its row there.
    ///   - name: the case, for error messages.
    /// - Throws: when the engine refuses an account or lacks the feature.
    init(ids: [UInt64], terms: Terms, rowsShort: Bool = false, name: String) async throws(BenchmarkFailure) {
        (meter, clock) = EngineFixture.newMeter(usageRowBlocks: rowsShort ? 1 : 1 << 26)
        ledger = meter.ledger
        guard let feature = ledger.feature(EngineFixture.featureKey),
              let rate = FeatureCatalog.example.features.first(where: { $0.key == EngineFixture.featureKey })?
                .rate(on: EngineFixture.startDay),
              UInt64(rate) == EngineFixture.creditsPerAction else {
            throw .setUp(case: name, reason: "the catalog has no feature \(EngineFixture.featureKey) at \(EngineFixture.creditsPerAction) credit")
        }
        self.feature = feature
        self.ids = ids
        var handles: [AccountHandle] = []
        handles.reserveCapacity(ids.count)
        for id in ids {
            do {
                handles.append(try ledger.open(EngineFixture.spec(id, terms: terms)))
            } catch {
                throw .setUp(case: name, reason: "open(\(id)): \(error)")
            }
        }
        self.handles = handles
        if rowsShort { try makeRowsShort(name: name) }
    }

    /// Debits every account once (its recent row takes today's row of the feature), then one
    /// account a second feature, whose row takes the ledger's only block.
    private func makeRowsShort(name: String) throws(BenchmarkFailure) {
        var counts = Tally.Counts()
        for handle in handles { debit(handle, into: &counts) }
        let second = ledger.feature("workflow.crm.create-record")
        guard counts.refused == 0, let second, let first = handles.first,
              ledger.debit(first, feature: second).isAccepted,
              ledger.usageRowBlocksInUse >= ledger.usageRowBlocks else {
            throw .setUp(case: name, reason: "the ledger did not run short of usage row blocks")
        }
    }

    /// A new meter on a manual clock at `startDay`.
    /// - Parameter usageRowBlocks: the ledger's usage row blocks (`Ledger.usageRowBlocks`).
    /// - Returns: the meter and its clock.
    static func newMeter(usageRowBlocks: Int = 1 << 26) -> (Meter, ManualClock) {
        let clock = MeterClock.manual(start: startDay)
        return (Meter(catalog: .example, clock: clock, usageRowBlocks: usageRowBlocks), clock)
    }

    /// The specification of an account on `terms`.
    /// - Parameters:
    ///   - id: the raw account id.
    ///   - terms: what it is opened with.
    /// - Returns: the specification.
    static func spec(_ id: UInt64, terms: Terms) -> AccountSpec {
        switch terms {
        case .open:
            AccountSpec(id: AccountID(id), subscriptions: [Subscription(.dataHub, .enterprise)],
                        anchorDay: 1, capacityPacks: 1_000_000)
        case .hard:
            AccountSpec(id: AccountID(id), subscriptions: [Subscription(.smartCRM, .starter)],
                        anchorDay: 1)
        }
    }

    /// Opens one account with one hop onto the meter actor.
    /// - Parameters:
    ///   - id: the raw account id.
    ///   - meter: the meter to open it on.
    /// - Returns: whether the account opened.
    static func openThroughActor(_ id: UInt64, on meter: Meter) async -> Bool {
        (try? await meter.open(spec(id, terms: .open))) != nil
    }

    /// Opens one account directly on the meter's ledger, without a hop.
    /// - Parameters:
    ///   - id: the raw account id.
    ///   - terms: what it is opened with.
    ///   - meter: the meter to open it on.
    /// - Returns: whether the account opened.
    static func openDirectly(_ id: UInt64, terms: Terms, on meter: Meter) -> Bool {
        (try? meter.ledger.open(spec(id, terms: terms))) != nil
    }

    /// The number of open accounts on a meter.
    /// - Parameter meter: the meter.
    static func accountCount(of meter: Meter) -> Int { meter.ledger.accountCount }

    /// Debits `quantity` credits' worth by handle.
    /// - Parameters:
    ///   - handle: the account's handle.
    ///   - quantity: actions (1 credit each).
    ///   - counts: where the decision is counted.
    @inline(__always)
    func debit(_ handle: AccountHandle, quantity: UInt32 = 1, into counts: inout Tally.Counts) {
        counts.record(ledger.debit(handle, feature: feature, quantity: quantity), quantity: quantity)
    }

    /// Debits one credit by account id (registry lookup, then the handle path).
    /// - Parameters:
    ///   - id: the raw account id.
    ///   - counts: where the decision is counted.
    @inline(__always)
    func debit(id: UInt64, into counts: inout Tally.Counts) {
        counts.record(ledger.debit(account: AccountID(id), feature: feature))
    }

    /// Debits one credit by account id with one hop onto the meter actor.
    /// - Parameters:
    ///   - id: the raw account id.
    ///   - counts: where the decision is counted.
    func debitThroughActor(id: UInt64, into counts: inout Tally.Counts) async {
        counts.record(await meter.debit(account: AccountID(id), feature: feature))
    }

    /// A batch of one-credit debits, by id or through handles, built ahead of the measured
    /// loop.
    /// - Parameters:
    ///   - indices: the accounts, in order.
    ///   - byHandle: debit through the accounts' handles instead of their ids.
    /// - Returns: the batch as the meter takes it.
    func batch(_ indices: some Sequence<UInt32>, byHandle: Bool) -> DebitBatch {
        byHandle
            ? .handles(indices.map { HandleDebit(handle: handles[Int($0)], feature: feature) })
            : .ids(indices.map { Debit(account: AccountID(ids[Int($0)]), feature: feature) })
    }

    /// Debits a whole batch with one hop onto the meter actor.
    /// - Parameters:
    ///   - batch: the debits.
    ///   - counts: where the decisions are counted.
    func debit(_ batch: DebitBatch, into counts: inout Tally.Counts) async {
        let decisions = switch batch {
        case let .ids(debits): await meter.debit(batch: debits)
        case let .handles(debits): await meter.debit(batch: debits)
        }
        for decision in decisions { counts.record(decision) }
    }

    /// Debits a whole batch on the calling thread through the nonisolated ledger.
    /// - Parameters:
    ///   - batch: the debits.
    ///   - storage: decision storage reused across batches.
    ///   - counts: where the decisions are counted.
    func debit(_ batch: DebitBatch, reusing storage: inout DebitDecisions, into counts: inout Tally.Counts) {
        storage.decisions.removeAll(keepingCapacity: true)
        switch batch {
        case let .ids(debits): ledger.debit(batch: debits, into: &storage.decisions)
        case let .handles(debits): ledger.debit(batch: debits, into: &storage.decisions)
        }
        for decision in storage.decisions { counts.record(decision) }
    }

    /// Moves the manual clock 31 days on, into every account's next period, and touches
    /// each account so its period closes now rather than in the next timed debit.
    func rollToNextPeriod() {
        clock.advance(days: 31)
        for id in ids { _ = ledger.snapshot(of: AccountID(id)) }
    }

    /// Usage this period summed over every account's snapshot.
    var recordedUsage: UInt64 {
        ids.reduce(0) { sum, id in sum &+ (ledger.snapshot(of: AccountID(id))?.usage ?? 0) }
    }

    /// Bytes per account the engine's own layout accounts for: bucket, profile and one
    /// registry entry (before the registry's free slots and retired tables).
    static var layoutBytesPerAccount: Int {
        let layout = Ledger.layout
        return layout.bucketBytes + layout.profileBytes + layout.registryEntryBytes
    }

    /// Events the engine dropped because no listener kept up.
    var droppedEvents: UInt64 { UInt64(meter.droppedEvents) }

    /// Moves the manual clock to `months` months after `startDay` (the 1st plus drift of a
    /// few days, always inside that month), so every account's period rolls (R6).
    /// - Parameter months: months after the start, at most 12.
    func moveClock(monthsAfterStart months: Int) {
        clock.set(to: EngineFixture.startDay.adding(days: Int32(31 * months)))
    }
}
