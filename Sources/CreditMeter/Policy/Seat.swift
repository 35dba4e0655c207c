/// The kind of seat of the user a debit is made for (R3). A debit made by an automation
/// carries no seat (`nil`) and is allowed.
public enum Seat: UInt8, Sendable, Hashable, CaseIterable, Codable {
    /// A paid Core seat: may consume credits.
    case core
    /// A paid Sales seat: may consume credits.
    case sales
    /// A paid Service seat: may consume credits.
    case service
    /// A paid Commerce seat: may consume credits.
    case commerce
    /// A partner seat: may consume credits.
    case partner
    /// A free user: may not consume credits.
    case free
    /// A view-only seat: may not consume credits.
    case viewOnly

    /// Whether a user on this seat may consume credits: paid seats and partner seats may,
    /// free users and view-only seats may not (R3).
    @inlinable
    public var mayConsumeCredits: Bool { rawValue <= Seat.partner.rawValue }
}
