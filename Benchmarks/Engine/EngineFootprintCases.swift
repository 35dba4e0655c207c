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
        (big ? [1_000_000, 10_000_000] : [1_000_000]).flatMap { accounts in
            [
                footprint(accounts: accounts, terms: .hard, label: ""),
                footprint(accounts: accounts, terms: .open, label: "-with-packs"),
            ]
        }
    }

    /// One bytes-per-account case.
    /// - Parameters:
    ///   - accounts: accounts to open.
    ///   - terms: `.hard` is a plain subscription; `.open` adds purchased packs (a billing fact).
    ///   - label: the name's suffix for the terms.
    /// - Returns: the case.
    private static func footprint(accounts: Int, terms: EngineFixture.Terms, label: String) -> BenchmarkCase {
        let name = "engine/bytes-per-account-\(SizeLabel.of(accounts))\(label)"
        return BenchmarkCase(name: name, threads: 1, ceiling: nil, shape: .fixedWork(samples: 1)) { config in
            BytesPerAccount(accounts: accounts, terms: terms, config: config)
        }
    }
}
