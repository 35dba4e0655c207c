/// One named benchmark at one thread count, as listed in the registry.
struct BenchmarkCase: Sendable {
    /// Family and variant, e.g. `engine/debit-handle-uniform-100k`.
    let name: String
    /// Workers that run the measured loop together.
    let threads: Int
    /// The name of the same-run case this one is divided by (same thread count), if any.
    let ceiling: String?
    /// How long a sample lasts.
    let shape: SampleShape
    /// Untimed set-up; returns the state the measured loop runs against.
    let prepare: @Sendable (CaseConfig) async throws(BenchmarkFailure) -> any PreparedCase

    /// The key a case is known by in reports and baselines: `name@threads`.
    var key: String { BenchmarkCase.key(name, threads) }

    /// The key of a case name at a thread count.
    /// - Parameters:
    ///   - name: the case name.
    ///   - threads: the thread count.
    /// - Returns: `name@threads`.
    static func key(_ name: String, _ threads: Int) -> String { "\(name)@\(threads)" }
}
