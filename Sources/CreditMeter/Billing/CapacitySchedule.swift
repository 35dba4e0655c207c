/// How many capacity packs an account holds on each day of its contract, from what it
/// bought (R9), what auto-upgrade added (R11) and the downgrades it scheduled (R14).
///
/// Bought and auto-upgraded packs are held from their day on and renew with the contract;
/// a downgrade removes packs only from the start of the next term.
public struct CapacitySchedule: Sendable {
    /// The contract the schedule runs in.
    public let term: ContractTerm
    /// Packs added, by day, in day order.
    let additions: [(day: CalendarDay, packs: Int)]
    /// Packs removed, by the day the removal takes effect, in day order.
    let removals: [(day: CalendarDay, packs: Int)]

    /// Builds and checks a schedule.
    /// - Parameters:
    ///   - term: the account's contract.
    ///   - facts: the engine's facts; purchases and auto-upgrades count, closes are ignored.
    ///   - downgrades: the downgrade requests.
    /// - Throws: ``BillingError/invalidPacks(_:)`` for a non-positive pack count,
    ///   ``BillingError/outsideContract(_:)`` for a fact or request outside the contract,
    ///   ``BillingError/downgradeExceedsHeldPacks(requested:held:)`` when a term end would
    ///   remove more packs than are held, ``BillingError/amountOverflow`` for absurd totals.
    /// - Complexity: O((f + d) log(f + d)) for `f` facts and `d` downgrades.
    public init(term: ContractTerm, facts: [BillingFact], downgrades: [Downgrade]) throws(BillingError) {
        var additions: [(day: CalendarDay, packs: Int)] = []
        var added = 0
        for fact in facts {
            switch fact {
            case .capacityPurchased(let day, let packs), .autoUpgraded(let day, let packs):
                guard packs > 0 else { throw .invalidPacks(packs) }
                guard term.contains(day) else { throw .outsideContract(day) }
                // Bounding the grand total here keeps every partial sum below exact.
                let (sum, overflow) = added.addingReportingOverflow(packs)
                guard !overflow else { throw .amountOverflow }
                added = sum
                additions.append((day, packs))
            case .periodClosed:
                continue
            }
        }
        var removals: [(day: CalendarDay, packs: Int)] = []
        for downgrade in downgrades {
            removals.append((try term.termEnd(containing: downgrade.requestedOn), downgrade.packs))
        }
        self.term = term
        self.additions = additions.sorted { $0.day < $1.day }
        self.removals = removals.sorted { $0.day < $1.day }
        try checkRemovals()
    }

    /// The packs held on `day`, counting that day's purchases and upgrades.
    /// - Parameter day: any day.
    /// - Returns: the packs in force; the engine's limit is included credits plus
    ///   1,000 credits for each (R8).
    /// - Complexity: O(f + d).
    public func packs(on day: CalendarDay) -> Int {
        Self.total(additions, through: day, inclusive: true) - Self.total(removals, through: day, inclusive: true)
    }

    /// The packs carried into a period from earlier ones, after any downgrade the period's
    /// start applies: what is billed at full price for the period.
    /// - Parameter period: a period of the contract.
    /// - Returns: the packs held at the start of `period`, before that day's purchases.
    /// - Complexity: O(f + d).
    public func packsCarried(into period: UsagePeriod) -> Int {
        Self.total(additions, through: period.start, inclusive: false)
            - Self.total(removals, through: period.start, inclusive: true)
    }

    private func checkRemovals() throws(BillingError) {
        var index = removals.startIndex
        while index < removals.endIndex {
            let day = removals[index].day
            var requested = 0
            while index < removals.endIndex, removals[index].day == day {
                let (sum, overflow) = requested.addingReportingOverflow(removals[index].packs)
                guard !overflow else { throw .amountOverflow }
                requested = sum
                index += 1
            }
            let held = Self.total(additions, through: day, inclusive: false)
                - Self.total(removals, through: day, inclusive: false)
            guard requested <= held else { throw .downgradeExceedsHeldPacks(requested: requested, held: held) }
        }
    }

    private static func total(_ changes: [(day: CalendarDay, packs: Int)], through day: CalendarDay, inclusive: Bool) -> Int {
        var sum = 0
        for change in changes where change.day < day || (inclusive && change.day == day) {
            sum += change.packs
        }
        return sum
    }
}
