/// The synchronous debit family: by handle (uniform, zipf, hot, refusal, and uniform on a
/// ledger short of usage row blocks), batches of 1,000 by id straight through the ledger,
/// and single debits by id.
enum EngineDebitCases {
    /// The family at one thread count, each case with the ceiling or peer it is divided by.
    /// - Parameter threads: the thread count.
    /// - Returns: the cases.
    static func all(threads: Int) -> [BenchmarkCase] {
        [
            handle("engine/debit-handle-uniform-100k", CeilingCases.uniform, full: false,
                   ceiling: CeilingCases.uniformName, threads: threads),
            handle("engine/debit-handle-zipf-1m", CeilingCases.zipf, full: false,
                   ceiling: CeilingCases.zipfName, threads: threads),
            handle("engine/debit-handle-hot", .uniform(accounts: 1), full: false,
                   ceiling: CeilingCases.hotName, threads: threads),
            handle("engine/debit-refusal-100k", CeilingCases.uniform, full: true,
                   ceiling: CeilingCases.refusalName, threads: threads),
            handle("engine/debit-rows-short-100k", CeilingCases.uniform, full: false, rowsShort: true,
                   ceiling: CeilingCases.uniformName, threads: threads),
            BenchmarkCase(name: "engine/ledger-batch-1000", threads: threads, ceiling: CeilingCases.uniformName,
                          shape: .fixedDuration) { config throws(BenchmarkFailure) in
                try await BatchDebit(name: "engine/ledger-batch-1000", throughActor: false,
                                     pattern: CeilingCases.scaled(CeilingCases.uniform, config), config: config)
            },
            BenchmarkCase(name: "engine/debit-by-id-1m", threads: threads, ceiling: PeerCases.shardedName,
                          shape: .fixedDuration) { config throws(BenchmarkFailure) in
                try await StreamDebit(name: "engine/debit-by-id-1m", path: .id,
                                      pattern: CeilingCases.scaled(PeerCases.byID, config), config: config)
            },
        ]
    }

    /// A by-handle case.
    private static func handle(_ name: String, _ pattern: AccessPattern, full: Bool, rowsShort: Bool = false,
                               ceiling: String, threads: Int) -> BenchmarkCase {
        BenchmarkCase(name: name, threads: threads, ceiling: ceiling, shape: .fixedDuration) {
            config throws(BenchmarkFailure) in
            try await StreamDebit(name: name, path: .handle, pattern: CeilingCases.scaled(pattern, config),
                                  full: full, rowsShort: rowsShort, config: config)
        }
    }
}
