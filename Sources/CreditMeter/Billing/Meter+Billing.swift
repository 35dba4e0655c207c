/// Billing and reporting on a running meter (R14, R15, R21, R22): the thin layer between
/// the engine's facts and logs and the pure types of `Billing/` and `Reporting/`.
///
/// The price book and contract are either stored per account with
/// ``setBilling(_:priceBook:term:)`` or passed to each call.
extension Meter {
    /// Stores the account's price book and contract term, for ``invoices(for:from:to:)``
    /// and ``scheduleDowngrade(_:packs:)``.
    /// - Parameters:
    ///   - id: the account.
    ///   - priceBook: the embedder's prices for it.
    ///   - term: its contract.
    /// - Throws: ``BillingError/unknownAccount(_:)`` when no open account has the id;
    ///   ``BillingError/invalidAnchor(start:anchorDay:)`` when the term's anchor day is not
    ///   the account's: its contract periods would not be the account's usage periods, so
    ///   a downgrade would land up to a month after the term's end (R14);
    ///   ``BillingError/outsideContract(_:)`` with the first day the account has to be
    ///   billed for (the day of its first billing fact, or the start of its first usage
    ///   period when that is earlier) when the term starts after it: that period's close
    ///   and those facts could never be invoiced (see ``CapacitySchedule``), so the term
    ///   must start no later than the account's usage.
    public func setBilling(_ id: AccountID, priceBook: PriceBook, term: ContractTerm) throws(BillingError) {
        try checkAnchorDay(of: id, matches: term)
        guard let handle = ledger.handle(for: id), let current = ledger.snapshot(of: id)?.period else { throw .unknownAccount(id) }
        // Found by a review: with no fact yet, a term starting after the opening period was
        // accepted, and that period's close fact then made every invoice call fail. Every
        // period since the opening one closes with a fact, so the earliest of the facts and
        // the current period's start is where billing begins.
        let first = ledger.billingFacts(of: id).lazy.map(\.day).reduce(current.start) { Swift.min($0, $1) }
        if first < term.start { throw .outsideContract(first) }
        billing[id] = (AccountBilling(priceBook: priceBook, term: term), handle.bucket.pointee.slot)
    }

    /// The account's stored price book and contract, if set: kept after the account
    /// closes, and forgotten once its id is opened again as a new account (through the
    /// meter or straight on its ledger).
    /// - Parameter id: the account.
    /// - Returns: what ``setBilling(_:priceBook:term:)`` stored for this account, or `nil`.
    public func billingTerms(of id: AccountID) -> AccountBilling? {
        guard let stored = billing[id], ledger.registry.slot(of: id.rawValue) == stored.slot else { return nil }
        return stored.terms
    }

    /// The invoices of one account for every contract period starting in `[from, to)`
    /// that has begun by today, priced with its stored price book and contract.
    /// - Parameters:
    ///   - id: the account.
    ///   - from: the first day.
    ///   - to: the end of the range, exclusive.
    /// - Returns: the invoices in period order, capacity before overage within a period.
    /// - Throws: ``BillingError/missingBillingTerms(_:)`` when none were stored, and the
    ///   errors of ``invoices(for:priceBook:term:from:to:)``.
    public func invoices(for id: AccountID, from: CalendarDay, to: CalendarDay) throws(BillingError) -> [Invoice] {
        guard let terms = billingTerms(of: id) else { throw .missingBillingTerms(id) }
        return try invoices(for: id, priceBook: terms.priceBook, term: terms.term, from: from, to: to)
    }

    /// Requests a downgrade (R14) under the account's stored contract.
    /// - Parameters:
    ///   - id: the account.
    ///   - packs: packs to remove.
    /// - Returns: the day the removal takes effect.
    /// - Throws: ``BillingError/missingBillingTerms(_:)`` when none were stored, and the
    ///   errors of ``scheduleDowngrade(_:packs:term:)``.
    public func scheduleDowngrade(_ id: AccountID, packs: Int) throws(BillingError) -> CalendarDay {
        guard let terms = billingTerms(of: id) else { throw .missingBillingTerms(id) }
        return try scheduleDowngrade(id, packs: packs, term: terms.term)
    }

    /// The invoices of one account for every contract period starting in `[from, to)`
    /// that has begun by today.
    ///
    /// Reads the ledger's billing facts, which first closes any period that has ended.
    /// The current period's invoices are drafts (``Invoice/isFinal`` is `false`); a period
    /// that has not begun is not billed: a downgrade the engine holds (R14) becomes a fact
    /// only when it takes effect, so its invoice could only be a projection.
    /// - Parameters:
    ///   - id: the account.
    ///   - priceBook: the embedder's prices.
    ///   - term: the account's contract.
    ///   - from: the first day.
    ///   - to: the end of the range, exclusive.
    /// - Returns: the invoices in period order, capacity before overage within a period.
    /// A closed account keeps its invoices (its last period's overage, R11) until its id is
    /// opened again.
    /// - Throws: ``BillingError/unknownAccount(_:)`` for an id never opened, and any error
    ///   of ``InvoiceBuilder/invoices(from:to:facts:)``.
    /// - Complexity: O(f log f + p × f) for `f` facts and `p` periods.
    public nonisolated func invoices(for id: AccountID, priceBook: PriceBook, term: ContractTerm,
                                     from: CalendarDay, to: CalendarDay) throws(BillingError) -> [Invoice] {
        guard ledger.registry.slot(of: id.rawValue) != nil else { throw .unknownAccount(id) }
        guard from <= to else { throw .invalidDateRange(from: from, to: to) }
        // Found by a review: future periods were billed as if final, at full price, with a
        // scheduled downgrade left out. Periods starting after today are left out now.
        let begun = min(to, ledger.today.adding(days: 1))
        return try InvoiceBuilder(priceBook: priceBook, term: term)
            .invoices(from: from, to: max(from, begun), facts: ledger.billingFacts(of: id))
    }

    /// The usage reports of one account: limit, cap and usage this period, usage by
    /// feature this period, and the usage log and daily usage over `[from, to)`.
    ///
    /// The summary (limit, cap, usage) is read at one instant, in a snapshot; the log just
    /// after it (see ``UsageReport``). A closed account, until its id is opened again, is
    /// reported as it closed: "this period" is the period it closed in.
    /// - Parameters:
    ///   - id: the account.
    ///   - from: the first day of the history; the current period's start by default (or
    ///     `to`, when that is earlier: an empty history).
    ///   - to: the end of the history, exclusive; the current period's end by default.
    /// - Returns: the report; its log covers the history and the current period, and its
    ///   ``UsageReport/coverage`` says so: a range query outside it throws.
    /// - Throws: ``BillingError/unknownAccount(_:)`` for an id never opened, or
    ///   ``BillingError/invalidDateRange(from:to:)`` when the range ends before it starts.
    /// - Complexity: O(n log n) for `n` usage rows of the account.
    public nonisolated func usageReport(for id: AccountID, from: CalendarDay? = nil, to: CalendarDay? = nil) throws(BillingError) -> UsageReport {
        // Found by a review: a closed account's report was refused, though its log stays readable.
        guard let snapshot = ledger.snapshot(of: id, includingClosed: true) else { throw .unknownAccount(id) }
        let period = snapshot.period
        let end = to ?? period.end
        // An end before the period with no start asks for an empty history, not for an
        // error naming a start the caller never gave.
        let start = from ?? min(period.start, end)
        guard start <= end else { throw .invalidDateRange(from: start, to: end) }
        // The log always spans the current period, so usage this period and by feature are whole.
        let covered = min(start, period.start)..<max(end, period.end)
        let log = ledger.usageLog(of: id, from: covered.lowerBound, until: covered.upperBound)
        return UsageReport(period: period, monthlyLimit: snapshot.monthlyLimit, cap: snapshot.cap, usage: snapshot.usage,
                           log: log, coverage: covered)
    }

    /// Requests a downgrade (R14): `packs` packs leave at the end of the contract term that
    /// contains today; until then they, and the limit they give, stay.
    /// - Parameters:
    ///   - id: the account.
    ///   - packs: packs to remove, at least 1 and at most those held.
    ///   - term: the account's contract.
    /// - Returns: the day the removal takes effect (the start of the next term).
    /// - Throws: ``BillingError/outsideContract(_:)`` when today is outside the contract,
    ///   ``BillingError/invalidAnchor(start:anchorDay:)`` when the term's anchor day is not
    ///   the account's (the removal would land at the account's next period start, after
    ///   the term's end), ``BillingError/unknownAccount(_:)``, and
    ///   ``BillingError/engine(_:)`` with the engine's refusal (a bad count).
    public func scheduleDowngrade(_ id: AccountID, packs: Int, term: ContractTerm) throws(BillingError) -> CalendarDay {
        try checkAnchorDay(of: id, matches: term)
        let effective = try term.termEnd(containing: ledger.today)
        do {
            try ledger.scheduleCapacityRemoval(id, packs: packs, at: effective)
        } catch {
            throw .engine(error)
        }
        return effective
    }

    /// Checks that `term`'s contract periods are the account's usage periods: otherwise a
    /// downgrade would land at the account's next period start, after the term's end (R14).
    /// - Parameters:
    ///   - id: the account.
    ///   - term: its contract.
    /// - Throws: ``BillingError/unknownAccount(_:)`` when no open account has the id,
    ///   ``BillingError/invalidAnchor(start:anchorDay:)`` when the anchor days differ.
    private nonisolated func checkAnchorDay(of id: AccountID, matches term: ContractTerm) throws(BillingError) {
        guard let anchorDay = ledger.anchorDay(of: id) else { throw .unknownAccount(id) }
        guard term.anchorDay == anchorDay else { throw .invalidAnchor(start: term.start, anchorDay: term.anchorDay) }
    }

    /// Migrates legacy credit packs into monthly capacity (R15): 100 → 3,000,
    /// 1,000 → 15,000, 10,000 → 125,000 credits each, summed.
    /// - Parameters:
    ///   - id: the account.
    ///   - sizes: one entry per legacy pack held.
    /// - Returns: the monthly credits added.
    /// - Throws: ``BillingError/unknownAccount(_:)`` when no open account has the id (even
    ///   with no packs to migrate), ``BillingError/unknownLegacyPackSize(_:)`` before
    ///   anything changes, ``BillingError/engine(_:)`` with the engine's refusal.
    @discardableResult
    public func migrateLegacyPacks(_ id: AccountID, sizes: [Int]) throws(BillingError) -> UInt64 {
        let credits = try LegacyPack.monthlyCredits(forSizes: sizes)
        guard ledger.handle(for: id) != nil else { throw .unknownAccount(id) }
        guard credits > 0 else { return 0 }
        do {
            try ledger.addCapacity(id, credits: credits)
        } catch {
            throw .engine(error)
        }
        return credits
    }
}
