/// The footprint family: opening 1M accounts, and bytes per account at 1M (and 10M with
/// `--big`).
enum EngineFootprintCases {
    /// Name of the open case.
    static let openName = "engine/open-1m"

    /// The open case at one thread count.
    /// - Parameter threads: concurrent tasks.
    /// - Returns: the case.
    static func open(threads: Int) -> BenchmarkCase {
        BenchmarkCase(name: openName, threads: threads, ceiling: nil,
                      shape: .fixedWork(samples: OpenAccounts.samples)) { config in
            OpenAccounts(accounts: 1_000_000, config: config)
        }
    }

    /// The bytes-per-account cases, single-threaded (the figure does not depend on threads).
    /// The registry runs them first, on a heap no other case has used.
    /// - Parameter big: whether to add 10M accounts.
    /// - Returns: the cases.
    static func footprint(big: Bool) -> [BenchmarkCase] {
        (big ? [1_000_000, 10_000_000] : [1_000_000]).map { accounts in
            let name = "engine/bytes-per-account-\(SizeLabel.of(accounts))"
            return BenchmarkCase(name: name, threads: 1, ceiling: nil, shape: .fixedWork(samples: 1)) { config in
                BytesPerAccount(accounts: accounts, config: config)
            }
        }
    }
}
