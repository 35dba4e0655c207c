import Foundation

/// Everything that defines one load run; the defaults make a good first run.
public struct LoadGenConfig: Sendable, Equatable {
    /// Accounts opened before the run, spread over editions and overage modes.
    public var accounts: Int = 100_000
    /// Worker threads (tasks for `--api actor`); defaults to the number of cores.
    public var threads: Int = LoadGenConfig.defaultThreads
    /// How long the workers send debits, in seconds.
    public var duration: Double = 10
    /// The traffic shape.
    public var workload: Workload = .mixed
    /// The zipf exponent for account (and feature) popularity.
    public var skew: Double = 0.99
    /// The engine entry point the workers use.
    public var api: DebitAPI = .handle
    /// Debits per call with `--api batch` or `handle-batch`.
    public var batch: Int = 64
    /// Total debits per second in open loop; `nil` runs closed loop (each worker as fast as it can).
    public var rate: Double?
    /// Control operations per second in the `mixed` workload.
    public var controlRate: Double = 200
    /// The seed of every random choice: the same seed gives the same accounts and traffic.
    public var seed: UInt64 = 1
    /// Where to write the JSON report, if anywhere.
    public var jsonPath: String?
    /// Where to write the HTML report, if anywhere.
    public var htmlPath: String?
    /// Whether to leave out the progress lines (the summary is still printed).
    public var quiet: Bool = false
    /// The engine's usage row blocks (`Ledger.usageRowBlocks`): a small number makes the
    /// engine run short of rows during the run, so that debits needing a new row are refused
    /// with `usageStorageFull` while the audit checks that no accepted debit was lost.
    public var usageRowBlocks: Int = 1 << 26

    /// The default configuration.
    public init() {}

    /// The most memory the workers' shadow books may take together (4 GiB): a larger
    /// `--accounts` × `--threads` is refused as a usage error rather than run out of memory.
    public static let shadowBookBudget = 4 << 30

    /// Bytes of shadow books one worker keeps per account: per epoch 41 (charged 8, highest
    /// usage 8, excess 8, level 1, two cheapest refusals 16), plus 8 per feature.
    public var shadowBookBytesPerAccount: Int { workload.periods * 41 + FeatureMix.maximumCount * 8 }

    /// The most accounts the shadow-book budget allows with this many threads.
    public var maximumAccounts: Int { max(1, Self.shadowBookBudget / (threads * shadowBookBytesPerAccount)) }

    /// The number of active cores, within `--threads`' range (1...1,024).
    public static var defaultThreads: Int { min(max(1, ProcessInfo.processInfo.activeProcessorCount), 1_024) }
}
