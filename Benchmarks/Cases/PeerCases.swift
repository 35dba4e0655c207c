/// The peers: what an embedder could write in a few lines instead of using the engine.
enum PeerCases {
    /// Name of the mutex-per-account peer (uniform 100k).
    static let mutexName = "peer/mutex-per-account-100k"
    /// Name of the sharded-dictionary peer for debits by id (uniform 1M).
    static let shardedName = "peer/sharded-dictionary-1m"
    /// Name of the actor-per-debit peer (uniform 100k).
    static let actorName = "peer/actor-per-debit-100k"
    /// Uniform debits over 1M accounts, for the by-id comparison.
    static let byID = AccessPattern.uniform(accounts: 1_000_000)

    /// The peer cases at one thread count.
    /// - Parameter threads: the thread count.
    /// - Returns: mutex, sharded dictionary and actor peers.
    static func all(threads: Int) -> [BenchmarkCase] {
        [
            BenchmarkCase(name: mutexName, threads: threads, ceiling: CeilingCases.uniformName,
                          shape: .fixedDuration) { config in
                MutexPerAccountPeer(pattern: CeilingCases.scaled(CeilingCases.uniform, config), config: config)
            },
            BenchmarkCase(name: shardedName, threads: threads, ceiling: nil, shape: .fixedDuration) { config in
                ShardedDictionaryPeer(pattern: CeilingCases.scaled(byID, config), config: config)
            },
            BenchmarkCase(name: actorName, threads: threads, ceiling: nil, shape: .fixedDuration) { config in
                ActorPerDebitPeer(pattern: CeilingCases.scaled(CeilingCases.uniform, config), config: config)
            },
        ]
    }
}
