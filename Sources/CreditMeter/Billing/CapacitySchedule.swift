/// How many capacity packs an account holds on each day of its contract, from the engine's
/// facts: packs bought (R9), added by auto-upgrade (R11) and removed at a term end (R14).
///
/// Bought and auto-upgraded packs are held from their day on and renew with the contract
/// until a removal, which the engine applies at the start of the first period on or after
/// the term end it was scheduled for.
public struct CapacitySchedule: Sendable {
    /// The contract the schedule runs in.
    public let term: ContractTerm
    /// Packs added, by day, in day order.
    let additions: [(day: CalendarDay, packs: Int)]
    /// Packs removed, by the day the removal took effect, in day order.
    let removals: [(day: CalendarDay, packs: Int)]

    /// Builds and checks a schedule.
    /// - Parameters:
    ///   - term: the account's contract.
    ///   - facts: the engine's facts in any order; closed periods are ignored here, and so
    ///     is any fact on or after the end of a contract that does not renew.
    /// - Throws: ``BillingError/invalidPacks(_:)`` for a non-positive pack count,
    ///   ``BillingError/outsideContract(_:)`` for a fact before the contract start,
    ///   ``BillingError/downgradeExceedsHeldPacks(requested:held:)`` when a removal takes
    ///   more packs than were held, ``BillingError/amountOverflow`` for absurd totals.
    /// - Complexity: O(f log f) for `f` facts.
    public init(term: ContractTerm, facts: [BillingFact]) throws(BillingError) {
        var additions: [(day: CalendarDay, packs: Int)] = []
        var removals: [(day: CalendarDay, packs: Int)] = []
        var added = 0
        for fact in facts {
            switch fact {
            case .capacityPurchased(let day, let packs), .autoUpgraded(let day, let packs):
                guard try Self.counts(day: day, packs: packs, in: term) else { continue }
                // Bounding the grand total here keeps every partial sum below exact.
                let (sum, overflow) = added.addingReportingOverflow(packs)
                guard !overflow else { throw .amountOverflow }
                added = sum
                additions.append((day, packs))
            case .capacityRemoved(let day, let packs):
                guard try Self.counts(day: day, packs: packs, in: term) else { continue }
                removals.append((day, packs))
            case .periodClosed:
                continue
            }
        }
        self.term = term
        self.additions = additions.sorted { $0.day < $1.day }
        self.removals = removals.sorted { $0.day < $1.day }
        try checkRemovals()
    }

    /// The packs held on `day`, counting that day's purchases, upgrades and removals.
    /// - Parameter day: a day of the contract.
    /// - Returns: the packs in force; the engine's limit is included credits plus
    ///   1,000 credits for each, plus any legacy capacity (R8, R15).
    /// - Complexity: O(f).
    public func packs(on day: CalendarDay) -> Int {
        Self.total(additions, through: day, inclusive: true) - Self.total(removals, through: day, inclusive: true)
    }

    /// The packs carried into a period from earlier ones, after any removal at its start:
    /// what is billed at full price for the period.
    /// - Parameter period: a period of the contract.
    /// - Returns: the packs held at the start of `period`, before that day's purchases.
    /// - Complexity: O(f).
    public func packsCarried(into period: UsagePeriod) -> Int {
        Self.total(additions, through: period.start, inclusive: false)
            - Self.total(removals, through: period.start, inclusive: true)
    }

    /// Whether a pack fact falls in the contract; throws when it is malformed or early.
    private static func counts(day: CalendarDay, packs: Int, in term: ContractTerm) throws(BillingError) -> Bool {
        guard packs > 0 else { throw .invalidPacks(packs) }
        guard day >= term.start else { throw .outsideContract(day) }
        return term.contains(day)
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
