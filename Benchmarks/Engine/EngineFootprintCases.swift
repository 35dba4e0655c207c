/// The footprint family: opening 1M accounts, and bytes per account at 1M (and 10M with
/// `--big`, single-threaded, since the figure does not depend on threads).
enum EngineFootprintCases {
    /// Name of the open case.
    static let openName = "engine/open-1m"

    /// The family at one thread count.
    /// - Parameters:
    ///   - threads: concurrent tasks.
    ///   - big: whether to add the 10M-account footprint.
    /// - Returns: the cases.
    static func all(threads: Int, big: Bool) -> [BenchmarkCase] {
        var cases = [
            BenchmarkCase(name: openName, threads: threads, ceiling: nil,
                          shape: .fixedWork(samples: OpenAccounts.samples)) { config in
                OpenAccounts(accounts: 1_000_000, config: config)
            },
        ]
        guard threads == 1 else { return cases }
        for accounts in big ? [1_000_000, 10_000_000] : [1_000_000] {
            let name = "engine/bytes-per-account-\(SizeLabel.of(accounts))"
            cases.append(BenchmarkCase(name: name, threads: 1, ceiling: nil, shape: .fixedWork(samples: 1)) { config in
                BytesPerAccount(accounts: accounts, config: config)
            })
        }
        return cases
    }
}
