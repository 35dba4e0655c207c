public import CreditMeter

/// The engine as the load generator drives it: the ONLY file that calls CreditMeter, so
/// wiring a changed engine API touches one place.
///
/// Built once per run; the debit methods are the hot path and do no allocation.
public final class MeterUnderLoad: Sendable {
    /// The control plane.
    public let meter: Meter
    /// The synchronous hot path.
    public let ledger: Ledger
    /// The manual clock the run moves (R7).
    public let clock: ManualClock
    /// The features workers debit.
    public let mix: FeatureMix
    /// Handles of the run's accounts, `handles[i]` for `AccountID(i + 1)`.
    public let handles: [AccountHandle]
    /// Included credits of each account from LoadGen's own R2 table, by account index.
    public let included: [UInt64]
    /// The highest edition of each account's plan (R4), by account index.
    public let editions: [Edition]

    /// Opens every planned account on a fresh engine.
    /// - Parameters:
    ///   - plans: the accounts, `plans[i].id == AccountID(i + 1)`.
    ///   - startDay: the manual clock's first day.
    ///   - eventBuffer: room for events the consumer has not read yet.
    ///   - usageRowBlocks: the engine's usage row blocks (`Ledger.usageRowBlocks`).
    /// - Throws: `MeterError` when the engine refuses an account.
    public init(plans: [AccountPlan], startDay: CalendarDay, eventBuffer: Int, usageRowBlocks: Int = 1 << 26) async throws(MeterError) {
        let clock = MeterClock.manual(start: startDay)
        let meter = Meter(catalog: .example, clock: clock, eventBuffer: eventBuffer, usageRowBlocks: usageRowBlocks)
        self.clock = clock
        self.meter = meter
        self.ledger = meter.ledger
        self.mix = Self.mix(of: FeatureCatalog.example, on: startDay)
        var handles: [AccountHandle] = []
        var included: [UInt64] = []
        handles.reserveCapacity(plans.count)
        included.reserveCapacity(plans.count)
        for plan in plans {
            let spec = AccountSpec(id: plan.id, subscriptions: plan.subscriptions, anchorDay: plan.anchorDay,
                                   capacityPacks: plan.capacityPacks, overageMode: plan.overageMode, cap: plan.cap)
            handles.append(try await meter.open(spec))
            // LoadGen's own R2 figure; the engine's is checked against it (ExactnessAudit).
            included.append(plan.includedCredits)
        }
        self.handles = handles
        self.included = included
        editions = plans.map(\.highestEdition)
    }

    /// Up to `FeatureMix.maximumCount` features spread evenly over the catalog, so every
    /// category, rate and minimum edition of the example catalog is represented.
    static func mix(of catalog: FeatureCatalog, on day: CalendarDay) -> FeatureMix {
        let all = catalog.features.count
        let count = min(all, FeatureMix.maximumCount)
        let positions = (0..<count).map { $0 * all / count }
        return FeatureMix(
            indices: positions.map { FeatureIndex(rawValue: UInt16($0)) },
            costs: positions.map { UInt64(catalog.features[$0].rate(on: day) ?? 0) },
            minimumEditions: positions.map { catalog.features[$0].minimumEdition })
    }

    // MARK: - Debits (hot path)

    /// Debits through a resolved handle.
    @inline(__always)
    func debit(account index: Int, feature position: Int, quantity: UInt32, seat: Seat?) -> DebitDecision {
        ledger.debit(handles[index], feature: mix.indices[position], quantity: quantity, seat: seat)
    }

    /// Debits by account identifier (one lookup per debit).
    @inline(__always)
    func debitByID(account index: Int, feature position: Int, quantity: UInt32, seat: Seat?) -> DebitDecision {
        ledger.debit(account: AccountID(UInt64(index + 1)), feature: mix.indices[position], quantity: quantity, seat: seat)
    }

    /// The engine value for one debit of a batch.
    @inline(__always)
    func batchDebit(account index: Int, feature position: Int, quantity: UInt32, seat: Seat?) -> Debit {
        Debit(account: AccountID(UInt64(index + 1)), feature: mix.indices[position], quantity: quantity, seat: seat)
    }

    /// The engine value for one debit of a batch through handles.
    @inline(__always)
    func handleBatchDebit(account index: Int, feature position: Int, quantity: UInt32, seat: Seat?) -> HandleDebit {
        HandleDebit(handle: handles[index], feature: mix.indices[position], quantity: quantity, seat: seat)
    }

    /// Debits a batch by id in one call.
    @inline(__always)
    func debit(batch: [Debit], into decisions: inout [DebitDecision]) {
        ledger.debit(batch: batch, into: &decisions)
    }

    /// Debits a batch through handles in one call.
    @inline(__always)
    func debit(batch: [HandleDebit], into decisions: inout [DebitDecision]) {
        ledger.debit(batch: batch, into: &decisions)
    }

    /// Debits through the actor: one hop per debit.
    func debitThroughActor(account index: Int, feature position: Int, quantity: UInt32, seat: Seat?) async -> DebitDecision {
        await meter.debit(account: AccountID(UInt64(index + 1)), feature: mix.indices[position], quantity: quantity, seat: seat)
    }

    // MARK: - Control plane

    /// Runs one control operation; returns the engine's error text when it refused it.
    func perform(_ operation: ControlOperation) async -> String? {
        let id = AccountID(UInt64(operation.account + 1))
        do {
            switch operation.kind {
            case .buyCapacity(let packs): try await meter.buyCapacity(id, packs: packs)
            case .setCap(let cap): try await meter.setCap(id, to: cap)
            case .setOverageMode(let payAsYouGo): _ = try await meter.setOverageMode(id, to: payAsYouGo ? .payAsYouGo : .autoUpgrade)
            case .pauseAccount: try await meter.pause(id)
            case .resumeAccount: try await meter.resume(id)
            case .pauseFeature(let position): try await meter.pause(mix.indices[position], for: id)
            case .resumeFeature(let position): try await meter.resume(mix.indices[position], for: id)
            }
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// The current usage of an account (for choosing cap values).
    func usage(account index: Int) -> UInt64 {
        ledger.snapshot(of: AccountID(UInt64(index + 1)))?.usage ?? 0
    }

    // MARK: - Clock and events

    /// Moves the manual clock.
    func advanceClock(days: Int) { clock.advance(days: days) }

    /// The engine's event stream (R19, R20).
    func events() -> AsyncStream<MeterEvent> { meter.events() }

    /// Events the engine dropped because the consumer fell behind.
    var droppedEvents: Int { meter.droppedEvents }

    /// Opens the sentinel account with a cap of 0, which notifies "cap reached" as it opens
    /// (R13, R19), so that one more event follows every event of the run in the stream. It
    /// needs no debit: a run on an engine short of usage rows (`--usage-row-blocks`) would
    /// refuse a new account's debits.
    /// - Parameter raw: the sentinel's account id.
    /// - Returns: the sentinel's identifier.
    /// - Throws: `MeterError` when the engine refuses the account.
    func sendSentinel(id raw: UInt64) async throws(MeterError) -> AccountID {
        let id = AccountID(raw)
        _ = try await meter.open(AccountSpec(
            id: id, subscriptions: [Subscription(.smartCRM, .enterprise)], capacityPacks: 1, cap: 0))
        return id
    }

    // MARK: - Final state

    /// The engine's own invariant check (I1 against each period's peak hard limit, I3 feature
    /// sums), run once no debit is in flight.
    func selfAudit() -> [String] { ledger.auditInvariants() }

    /// Whether the engine filled every usage row block it was given (`Ledger.usageRowBlocks`):
    /// only then may it refuse a debit as `usageStorageFull`. Blocks are never freed, so a
    /// run that ran out still has them full at the end.
    var usageRowsRanOut: Bool { ledger.usageRowBlocksInUse >= ledger.usageRowBlocks }

    /// What the engine reports about one account after the run.
    /// - Parameters:
    ///   - index: the account index.
    ///   - days: the days the run used (for the usage log).
    func facts(of index: Int, days: [CalendarDay]) -> AccountFacts {
        let id = AccountID(UInt64(index + 1))
        guard let snapshot = ledger.snapshot(of: id) else { return AccountFacts(periodStart: 0) }
        var byFeature = [UInt64](repeating: 0, count: mix.count)
        var outside: UInt64 = 0
        for (feature, credits) in ledger.usageByFeature(of: id) {
            if let position = mix.position(of: feature) { byFeature[position] += credits } else { outside += credits }
        }
        var closed: [AccountFacts.ClosedPeriod] = []
        var upgraded = 0
        for fact in ledger.billingFacts(of: id) {
            switch fact {
            case .autoUpgraded(_, let packs): upgraded += packs
            case .periodClosed(let period, let usage, let limit, _):
                closed.append(.init(start: period.start.daysSinceEpoch, usage: usage, monthlyLimit: limit))
            case .capacityPurchased, .capacityRemoved: break
            }
        }
        var log: [Int32: UInt64] = [:]
        if let first = days.min(), let last = days.max() {
            for entry in ledger.usageLog(of: id, from: first, until: last.adding(days: 1)) {
                log[entry.day.daysSinceEpoch, default: 0] += entry.creditsUsed
            }
        }
        return AccountFacts(periodStart: snapshot.period.start.daysSinceEpoch, usage: snapshot.usage,
                            monthlyLimit: snapshot.monthlyLimit, cap: snapshot.cap,
                            upgradedPacks: snapshot.upgradedPacks,
                            usageByFeature: byFeature, usageOutsideMix: outside, closedPeriods: closed,
                            upgradeFactPacks: upgraded, usageLogByDay: log)
    }
}
