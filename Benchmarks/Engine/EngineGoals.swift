/// The engine's performance goals (issue 3), stated at the largest thread count, ratios
/// taken from one run.
enum EngineGoals {
    /// The goals for a run whose largest thread count is `threads`.
    /// - Parameter threads: the largest thread count.
    /// - Returns: the goals.
    static func all(threads: Int) -> [Goal] {
        [
            Goal(title: "handle uniform >= 0.5x arena CAS ceiling", name: "engine/debit-handle-uniform-100k",
                 threads: threads, target: .ratioAtLeast(0.5)),
            Goal(title: "by id >= 1.5x sharded-dictionary peer", name: "engine/debit-by-id-1m",
                 threads: threads, target: .ratioAtLeast(1.5)),
            Goal(title: "hot >= 0.8x hot CAS ceiling", name: "engine/debit-handle-hot",
                 threads: threads, target: .ratioAtLeast(0.8)),
            Goal(title: "actor batch by id >= 0.5x arena CAS ceiling", name: "engine/actor-batch-1000",
                 threads: threads, target: .ratioAtLeast(0.5)),
            Goal(title: "actor batch through handles >= 0.5x arena CAS ceiling", name: "engine/actor-batch-handles-1000",
                 threads: threads, target: .ratioAtLeast(0.5)),
            Goal(title: "<= 64 B per account at 10M", name: "engine/bytes-per-account-10m",
                 threads: 1, target: .figureAtMost("bytes_per_account", 64)),
            Goal(title: "<= 64 B per account at 1M (indicative)", name: "engine/bytes-per-account-1m",
                 threads: 1, target: .figureAtMost("bytes_per_account", 64)),
        ]
    }
}
