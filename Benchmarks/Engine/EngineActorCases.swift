/// The actor family: batches of 1,000 (by id and through handles) and one `await` per debit,
/// through the `Meter`.
enum EngineActorCases {
    /// Name of the batch case.
    static let batchName = "engine/actor-batch-1000"
    /// Name of the batch case through handles.
    static let handleBatchName = "engine/actor-batch-handles-1000"
    /// Name of the one-await-per-debit case.
    static let awaitName = "engine/actor-await-per-debit"

    /// The family at one thread count.
    /// - Parameter threads: concurrent tasks.
    /// - Returns: the cases.
    static func all(threads: Int) -> [BenchmarkCase] {
        [
            BenchmarkCase(name: batchName, threads: threads, ceiling: CeilingCases.uniformName,
                          shape: .fixedDuration) { config throws(BenchmarkFailure) in
                try await BatchDebit(name: batchName, throughActor: true,
                                     pattern: CeilingCases.scaled(CeilingCases.uniform, config), config: config)
            },
            BenchmarkCase(name: handleBatchName, threads: threads, ceiling: CeilingCases.uniformName,
                          shape: .fixedDuration) { config throws(BenchmarkFailure) in
                try await BatchDebit(name: handleBatchName, throughActor: true, byHandle: true,
                                     pattern: CeilingCases.scaled(CeilingCases.uniform, config), config: config)
            },
            BenchmarkCase(name: awaitName, threads: threads, ceiling: PeerCases.actorName,
                          shape: .fixedDuration) { config throws(BenchmarkFailure) in
                try await StreamDebit(name: awaitName, path: .actor,
                                      pattern: CeilingCases.scaled(CeilingCases.uniform, config), config: config)
            },
        ]
    }
}
