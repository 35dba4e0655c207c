/// Turns the engine's billing facts into invoices, per usage period (R9, R11, R14, R22).
///
/// Pure and deterministic: the same facts, contract and price book always give the same
/// invoices, and bad input throws before anything is built. A period the facts do not
/// close yet is billed from the facts so far, as a draft (``Invoice/isFinal`` is `false`):
/// its capacity invoice may still grow, and its overage invoice appears only once the
/// engine has closed it. A period that has not begun is billed as the facts project it
/// (packs carried at full price); ``Meter/invoices(for:priceBook:term:from:to:)`` bills
/// only periods that have begun, since a removal scheduled in the engine becomes a fact only
/// when it takes effect.
public struct InvoiceBuilder: Sendable {
    /// The prices charged.
    public let priceBook: PriceBook
    /// The account's contract.
    public let term: ContractTerm

    /// Creates a builder for one account.
    /// - Parameters:
    ///   - priceBook: the embedder's prices.
    ///   - term: the account's contract.
    public init(priceBook: PriceBook, term: ContractTerm) {
        self.priceBook = priceBook
        self.term = term
    }

    /// The invoices of one usage period: a capacity invoice when any packs are charged,
    /// and an overage invoice when the period closed in pay-as-you-go past its limit by
    /// 10 credits or more.
    /// - Parameters:
    ///   - period: a usage period of the contract.
    ///   - facts: all the account's facts so far, in any order (``Ledger/billingFacts(of:)``).
    /// - Returns: zero, one or two invoices, capacity first.
    /// - Throws: ``BillingError/notAContractPeriod(_:)`` when `period` is not one of the
    ///   contract's periods, and any error of ``CapacitySchedule/init(term:facts:)``.
    /// - Complexity: O(f log f) for `f` facts.
    public func invoices(for period: UsagePeriod, facts: [BillingFact]) throws(BillingError) -> [Invoice] {
        let schedule = try CapacitySchedule(term: term, facts: facts)
        try checkPeriod(period)
        try checkClosedPeriods(facts)
        return try invoices(for: period, schedule: schedule, facts: facts)
    }

    /// The invoices of every contract period that starts in `[from, to)`, period by period.
    /// - Parameters:
    ///   - from: the first day.
    ///   - to: the end of the range, exclusive.
    ///   - facts: all the account's facts so far, in any order (``Ledger/billingFacts(of:)``).
    /// - Returns: the invoices in period order, capacity before overage within a period.
    /// - Throws: ``BillingError/invalidDateRange(from:to:)`` when `to < from`, and any
    ///   error of ``invoices(for:facts:)``.
    /// - Complexity: O(f log f + p × f) for `p` periods.
    public func invoices(from: CalendarDay, to: CalendarDay, facts: [BillingFact]) throws(BillingError) -> [Invoice] {
        guard from <= to else { throw .invalidDateRange(from: from, to: to) }
        let schedule = try CapacitySchedule(term: term, facts: facts)
        try checkClosedPeriods(facts)
        var result: [Invoice] = []
        for period in term.periods(startingFrom: from, to: to) {
            result += try invoices(for: period, schedule: schedule, facts: facts)
        }
        return result
    }

    private func invoices(for period: UsagePeriod, schedule: CapacitySchedule, facts: [BillingFact]) throws(BillingError) -> [Invoice] {
        var result: [Invoice] = []
        let close = closeFact(of: period, in: facts)
        let capacity = try capacityLines(for: period, schedule: schedule, facts: facts)
        if !capacity.isEmpty {
            result.append(try Invoice(kind: .capacity, period: period, currency: priceBook.currency, lines: capacity,
                                      isFinal: close != nil))
        }
        if let overage = try overageLine(close) {
            result.append(try Invoice(kind: .overage, period: period, currency: priceBook.currency, lines: [overage],
                                      isFinal: true))
        }
        return result
    }

    /// The fact that closed `period`, if the engine has closed it. One close per period is
    /// expected; should the engine repeat one, the last counts.
    private func closeFact(of period: UsagePeriod, in facts: [BillingFact]) -> BillingFact? {
        facts.last { fact in
            if case .periodClosed(let closed, _, _, _) = fact { closed == period } else { false }
        }
    }

    private func capacityLines(for period: UsagePeriod, schedule: CapacitySchedule, facts: [BillingFact]) throws(BillingError) -> [InvoiceLine] {
        let price = priceBook.packPriceMinorUnits
        var lines: [InvoiceLine] = []
        let carried = schedule.packsCarried(into: period)
        if carried > 0 {
            lines.append(try InvoiceLine(kind: .packsCarried, day: period.start, quantity: Int64(carried), rateMinorUnits: price,
                                         daysCharged: period.dayCount, periodDays: period.dayCount))
        }
        var added: [(kind: InvoiceLine.Kind, day: CalendarDay, packs: Int)] = []
        for fact in facts {
            switch fact {
            case .capacityPurchased(let day, let packs) where period.contains(day):
                added.append((.packPurchase, day, packs))
            case .autoUpgraded(let day, let packs) where period.contains(day):
                added.append((.autoUpgrade, day, packs))
            default:
                continue
            }
        }
        // Sorting by (day, position) keeps same-day facts in the order the engine recorded them.
        let ordered = added.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }
        // One line per kind and day: the engine records an upgrade per crossing debit, and
        // rounding each of 30 one-pack lines billed up to 30 minor units more than one
        // 30-pack line (found by a review; R22 rounds once per line).
        var merged: [(kind: InvoiceLine.Kind, day: CalendarDay, packs: Int)] = []
        var lineOf: [LineKey: Int] = [:]
        for fact in ordered.map(\.element) {
            if let index = lineOf[LineKey(kind: fact.kind, day: fact.day)] {
                let (sum, overflow) = merged[index].packs.addingReportingOverflow(fact.packs)
                guard !overflow else { throw .amountOverflow }
                merged[index].packs = sum
            } else {
                lineOf[LineKey(kind: fact.kind, day: fact.day)] = merged.count
                merged.append(fact)
            }
        }
        for (kind, day, packs) in merged {
            lines.append(try InvoiceLine(kind: kind, day: day, quantity: Int64(packs), rateMinorUnits: price,
                                         daysCharged: day.days(to: period.end), periodDays: period.dayCount))
        }
        return lines
    }

    /// The kind and day that one capacity line covers.
    private struct LineKey: Hashable {
        let kind: InvoiceLine.Kind
        let day: CalendarDay
    }

    /// The overage line of the period `close` closed, if any (R11).
    private func overageLine(_ close: BillingFact?) throws(BillingError) -> InvoiceLine? {
        guard case .periodClosed(let period, let usage, let limit, .payAsYouGo) = close, usage > limit else { return nil }
        let billed = (usage - limit) / 10 * 10
        guard billed > 0 else { return nil }
        guard let quantity = Int64(exactly: billed) else { throw .amountOverflow }
        let rate = priceBook.payAsYouGo
        return try InvoiceLine(kind: .overage, day: period.start, quantity: quantity, rateMinorUnits: rate.minorUnits,
                               ratePer: rate.perCredits, daysCharged: period.dayCount, periodDays: period.dayCount)
    }

    private func checkPeriod(_ period: UsagePeriod) throws(BillingError) {
        guard (try? term.period(containing: period.start)) == period else { throw .notAContractPeriod(period) }
    }

    /// Closed periods must be contract periods; those after a non-renewing contract's end
    /// are the engine running on and bill nothing.
    private func checkClosedPeriods(_ facts: [BillingFact]) throws(BillingError) {
        for case .periodClosed(let period, _, _, _) in facts where term.end.map({ period.start < $0 }) ?? true {
            try checkPeriod(period)
        }
    }
}
