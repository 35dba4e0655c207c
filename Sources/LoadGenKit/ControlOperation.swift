/// One control-plane operation the `mixed` workload sends while debits run.
public struct ControlOperation: Sendable, Equatable {
    /// What the operation does.
    public enum Kind: Sendable, Equatable {
        /// Buy capacity packs (R9); ends a hard stop (R10).
        case buyCapacity(packs: Int)
        /// Raise, lower or remove the cap (R13).
        case setCap(UInt64?)
        /// Switch the overage setting (R12); `true` for pay-as-you-go.
        case setOverageMode(payAsYouGo: Bool)
        /// Pause the whole account (R17).
        case pauseAccount
        /// Resume the account.
        case resumeAccount
        /// Pause one feature of the mix for the account (R17).
        case pauseFeature(Int)
        /// Resume that feature.
        case resumeFeature(Int)

        /// A short name for reports.
        public var name: String {
            switch self {
            case .buyCapacity: "buyCapacity"
            case .setCap(let cap): cap == nil ? "removeCap" : "setCap"
            case .setOverageMode: "setOverageMode"
            case .pauseAccount: "pauseAccount"
            case .resumeAccount: "resumeAccount"
            case .pauseFeature: "pauseFeature"
            case .resumeFeature: "resumeFeature"
            }
        }
    }

    /// The account index.
    public let account: Int
    /// The operation.
    public let kind: Kind

    /// Creates an operation.
    /// - Parameters:
    ///   - account: the account index.
    ///   - kind: what the operation does.
    public init(account: Int, kind: Kind) {
        self.account = account
        self.kind = kind
    }
}
