import MeterTools

/// Why a benchmark run cannot go on or must not be trusted.
enum BenchmarkFailure: Error, Sendable, CustomStringConvertible {
    /// A case could not be set up (the engine refused its configuration, for example).
    case setUp(case: String, reason: String)
    /// A case's own totals disagree with what the system under test recorded.
    case totalsMismatch(case: String, detail: String)
    /// The OS refused one of a sample's threads; no worker ran.
    case threadsRefused(case: String, failure: ThreadGang.StartFailure)

    /// A one-line explanation for the terminal.
    var description: String {
        switch self {
        case let .setUp(name, reason): "set-up of \(name) failed: \(reason)"
        case let .totalsMismatch(name, detail): "TOTALS MISMATCH in \(name): \(detail)"
        case let .threadsRefused(name, failure): "\(name) did not run: \(failure)"
        }
    }
}
