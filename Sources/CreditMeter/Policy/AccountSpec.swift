/// Everything needed to open an account.
public struct AccountSpec: Sendable, Hashable {
    /// The embedder's id for the account; nonzero.
    public var id: AccountID
    /// The account's subscriptions (R1); at least one.
    public var subscriptions: [Subscription]
    /// The day of the month its usage periods start on (R5), 1...31; `nil` means the day
    /// of the month on the clock when the account opens.
    public var anchorDay: Int?
    /// 1,000-credit packs bought at opening (R9).
    public var capacityPacks: Int
    /// Extra monthly capacity in credits, for example converted legacy packs (R15).
    public var extraCapacityCredits: UInt64
    /// The overage setting (R11); only meaningful with purchased capacity.
    public var overageMode: OverageMode
    /// The maximum monthly credit limit (R13); needs purchased capacity.
    public var cap: UInt64?

    /// Creates an account specification.
    /// - Parameters:
    ///   - id: the account id, nonzero.
    ///   - subscriptions: at least one subscription.
    ///   - anchorDay: day of month periods start on (1...31), or `nil` for today's.
    ///   - capacityPacks: packs bought at opening, 0 or more.
    ///   - extraCapacityCredits: other monthly capacity in credits (legacy packs, R15).
    ///   - overageMode: what happens past the limit with capacity; auto-upgrade by default.
    ///   - cap: the monthly cap, or `nil` for none.
    public init(
        id: AccountID, subscriptions: [Subscription], anchorDay: Int? = nil,
        capacityPacks: Int = 0, extraCapacityCredits: UInt64 = 0,
        overageMode: OverageMode = .autoUpgrade, cap: UInt64? = nil
    ) {
        self.id = id
        self.subscriptions = subscriptions
        self.anchorDay = anchorDay
        self.capacityPacks = capacityPacks
        self.extraCapacityCredits = extraCapacityCredits
        self.overageMode = overageMode
        self.cap = cap
    }
}
