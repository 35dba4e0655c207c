/// The kind of seat of the user a debit is made for (R3). A debit made by an automation
/// carries no seat (`nil`) and is allowed.
public enum Seat: UInt8, Sendable, Hashable, CaseIterable, Codable {
    case core, sales, service, commerce, partner
    case free, viewOnly

    /// Whether a user on this seat may consume credits: paid seats and partner seats may,
    /// free users and view-only seats may not (R3).
    @inlinable
    public var mayConsumeCredits: Bool { rawValue <= Seat.partner.rawValue }
}
