/// An account's contract: when it starts, how many monthly usage periods one term
/// commits to, and whether it renews (R5, R14).
///
/// The contract is a run of usage periods anchored on `anchorDay` (R5). A term is
/// `months` consecutive periods; an auto-renewing contract starts a new term of the same
/// length at each term end, a non-renewing one ends there.
public struct ContractTerm: Sendable, Hashable, Codable {
    /// What happens at the end of a term.
    public enum Renewal: String, Sendable, Hashable, Codable {
        /// A new term of the same length starts; scheduled downgrades apply (R14).
        case autoRenew
        /// The contract ends; nothing is billed after it.
        case endAtTermEnd
    }

    /// The first day of the contract; the start of its first usage period.
    public let start: CalendarDay
    /// The day of the month usage periods start on, 1...31 (R5).
    public let anchorDay: Int
    /// The commitment: usage periods per term, 1...1200.
    public let months: Int
    /// What happens at the end of each term.
    public let renewal: Renewal

    /// Creates a contract.
    /// - Parameters:
    ///   - start: the first day; must be a period start for `anchorDay`, from ``firstDay``
    ///     and before ``horizon``.
    ///   - months: the commitment in months, 1...1200.
    ///   - renewal: whether terms renew; auto-renew by default.
    ///   - anchorDay: the anchor day of usage periods; `start`'s day of month by default.
    ///     Pass it when the start is clamped, e.g. an anchor of 31 starting on 30 April.
    /// - Throws: ``BillingError/invalidCommitment(months:)``, or
    ///   ``BillingError/invalidAnchor(start:anchorDay:)`` when the anchor is outside 1...31,
    ///   `start` is not a period start for it, or `start` is outside ``firstDay`` ..<
    ///   ``horizon``.
    public init(start: CalendarDay, months: Int, renewal: Renewal = .autoRenew, anchorDay: Int? = nil) throws(BillingError) {
        let anchor = anchorDay ?? start.civil.day
        guard (1...1200).contains(months) else { throw .invalidCommitment(months: months) }
        guard (1...31).contains(anchor), start >= Self.firstDay, start < Self.horizon,
              UsagePeriod.containing(start, anchorDay: anchor).start == start else {
            throw .invalidAnchor(start: start, anchorDay: anchor)
        }
        self.start = start
        self.anchorDay = anchor
        self.months = months
        self.renewal = renewal
    }

    /// Decodes a contract, checking it like ``init(start:months:renewal:anchorDay:)``.
    /// - Parameter decoder: the decoder.
    /// - Throws: a `DecodingError` for malformed input, a ``BillingError`` for bad values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(start: container.decode(CalendarDay.self, forKey: .start),
                      months: container.decode(Int.self, forKey: .months),
                      renewal: container.decode(Renewal.self, forKey: .renewal),
                      anchorDay: container.decode(Int.self, forKey: .anchorDay))
    }

    /// The first day after the contract, or `nil` when it auto-renews.
    public var end: CalendarDay? {
        // Past year 9999 there is no day to end on; ``horizon`` bounds the contract instead.
        renewal == .autoRenew ? nil : periodStart(index: months) ?? CalendarDay(daysSinceEpoch: .max)
    }

    /// The earliest day a contract may start: 0001-01-01, the first day ``CalendarDay`` can
    /// name.
    public static let firstDay = CalendarDay(daysSinceEpoch: -719_162)

    /// The first day no contract reaches: periods after it would end past year 9999, the
    /// last year ``CalendarDay`` can name.
    public static let horizon = CalendarDay(daysSinceEpoch: 2_932_836)  // 9999-11-01

    /// Whether `day` is inside the contract.
    /// - Parameter day: any day.
    /// - Returns: `true` from `start` until `end` (exclusive), and before ``horizon``.
    public func contains(_ day: CalendarDay) -> Bool {
        day >= start && day < Self.horizon && (end.map { day < $0 } ?? true)
    }

    /// The usage period of the contract that contains `day`.
    /// - Parameter day: a day inside the contract.
    /// - Returns: the period, anchored on `anchorDay`.
    /// - Throws: ``BillingError/outsideContract(_:)`` when `day` is outside the contract.
    /// - Complexity: O(1).
    public func period(containing day: CalendarDay) throws(BillingError) -> UsagePeriod {
        guard contains(day) else { throw .outsideContract(day) }
        return .containing(day, anchorDay: anchorDay)
    }

    /// The first day after the term that contains `day`: when a downgrade requested on
    /// `day` takes effect (R14).
    /// - Parameter day: a day inside the contract.
    /// - Returns: the start of the next term (or the contract's end).
    /// - Throws: ``BillingError/outsideContract(_:)`` when `day` is outside the contract.
    /// - Complexity: O(1).
    public func termEnd(containing day: CalendarDay) throws(BillingError) -> CalendarDay {
        let index = try periodIndex(of: day)
        guard let end = periodStart(index: (index / months + 1) * months) else { throw .outsideContract(day) }
        return end
    }

    /// The usage periods of the contract that start in `[from, to)`, in order.
    /// - Parameters:
    ///   - from: the first day; clamped to the contract start.
    ///   - to: the end (exclusive); clamped to the contract end.
    /// - Returns: the periods; empty when the clamped range is empty.
    /// - Complexity: O(number of periods returned).
    public func periods(startingFrom from: CalendarDay, to: CalendarDay) -> [UsagePeriod] {
        let last = min(end ?? to, to, Self.horizon)
        let first = max(from, start)
        guard first < last, var period = try? period(containing: first) else { return [] }
        if period.start < first { period = period.next(anchorDay: anchorDay) }
        var result: [UsagePeriod] = []
        while period.start < last {
            result.append(period)
            period = period.next(anchorDay: anchorDay)
        }
        return result
    }

    /// How many periods after the first one the period containing `day` is.
    func periodIndex(of day: CalendarDay) throws(BillingError) -> Int {
        let periodStart = try period(containing: day).start.civil
        let first = start.civil
        return (periodStart.year - first.year) * 12 + (periodStart.month - first.month)
    }

    /// The start of the period `index` periods after the first one, or `nil` past 9999.
    func periodStart(index: Int) -> CalendarDay? {
        let first = start.civil
        let months = first.month - 1 + index
        guard first.year + months / 12 <= 9999 else { return nil }
        return UsagePeriod.startDay(year: first.year + months / 12, month: months % 12 + 1, anchorDay: anchorDay)
    }
}
