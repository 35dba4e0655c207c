public import CreditMeter
public import MeterTools

/// The workload model: which account, feature, seat and quantity the next debit uses.
///
/// Accounts: uniform, zipf-ranked by `--skew` (rank = account index, so the plan of a hot
/// account is as random as any other's), or *hot* (nine in ten debits to 8 accounts).
/// Features: zipf with exponent 1 over the mix. Seats: 90 % automation, 8 % paid seats,
/// 2 % free or view-only (refused, R3). Quantities: 1, or 2–3 one time in ten.
public struct DebitPicker: Sendable {
    /// One debit to send.
    public struct Pick: Sendable, Equatable {
        /// The account index.
        public var account: Int
        /// The feature's position in the mix.
        public var feature: Int
        /// Actions in the debit.
        public var quantity: UInt32
        /// The seat, `nil` for automation.
        public var seat: Seat?
    }

    /// How many accounts the `hot` workload concentrates on.
    public static let hotAccounts = 8

    let accounts: Int
    let workload: Workload
    let accountZipf: ZipfDistribution?
    let featureZipf: ZipfDistribution?
    let features: Int

    /// Creates a picker.
    /// - Parameters:
    ///   - accounts: the number of accounts (≥ 1).
    ///   - features: the number of features in the mix (≥ 1).
    ///   - workload: the traffic shape.
    ///   - skew: the zipf exponent for accounts.
    public init(accounts: Int, features: Int, workload: Workload, skew: Double) {
        self.accounts = accounts
        self.features = features
        self.workload = workload
        self.accountZipf = workload == .uniform || workload == .hot ? nil : ZipfDistribution(count: accounts, exponent: skew)
        self.featureZipf = ZipfDistribution(count: features, exponent: 1)
    }

    /// The next account index.
    /// - Parameter rng: the worker's generator, advanced by the draw.
    /// - Returns: an account index in `0..<accounts`.
    /// - Complexity: O(1) expected, no allocation.
    @inline(__always)
    public func account(using rng: inout Xoshiro256) -> Int {
        if let accountZipf { return accountZipf.sample(using: &rng) }
        if workload == .hot, rng.next() % 10 != 0 { return Int(rng.next() % UInt64(min(Self.hotAccounts, accounts))) }
        return Int(rng.next() % UInt64(accounts))
    }

    /// The next debit.
    /// - Parameter rng: the worker's generator, advanced by the draws.
    /// - Returns: the account, feature, quantity and seat of the debit to send.
    /// - Complexity: O(1) expected, no allocation.
    @inline(__always)
    public func next(using rng: inout Xoshiro256) -> Pick {
        let account = account(using: &rng)
        let feature = featureZipf?.sample(using: &rng) ?? 0
        let bits = rng.next()
        let quantity: UInt32 = bits % 10 == 0 ? UInt32(2 + (bits >> 8) % 2) : 1
        let seatRoll = (bits >> 16) % 100
        let seat: Seat? = seatRoll < 90 ? nil : seatRoll < 94 ? .core : seatRoll < 96 ? .sales
            : seatRoll < 98 ? .partner : seatRoll < 99 ? .free : .viewOnly
        return Pick(account: account, feature: feature, quantity: quantity, seat: seat)
    }
}
