/// The ceilings every engine case is divided by, registered at each thread count.
enum CeilingCases {
    /// Uniform debits over 100k accounts, the bound for handle, batch and actor cases.
    static let uniform = AccessPattern.uniform(accounts: 100_000)
    /// Zipf (s = 1.1) debits over 1M accounts, the bound for the zipf case.
    static let zipf = AccessPattern.zipf(accounts: 1_000_000, exponent: 1.1)

    /// Name of the arena CAS ceiling for uniform 100k.
    static let uniformName = "ceiling/arena-cas-uniform-100k"
    /// Name of the arena CAS ceiling for zipf 1M.
    static let zipfName = "ceiling/arena-cas-zipf-1m"
    /// Name of the arena CAS ceiling whose counters all sit at their limit.
    static let refusalName = "ceiling/arena-cas-full-100k"
    /// Name of the hot ceiling: every thread on one counter.
    static let hotName = "ceiling/hot-cas"
    /// Name of the uniform ceiling that prefetches each counter 16 operations ahead, as the
    /// engine's batches do: a reference for them, divided by the raw uniform ceiling.
    static let prefetchName = "ceiling/arena-cas-prefetch-100k"

    /// The ceiling cases at one thread count.
    /// - Parameter threads: the thread count.
    /// - Returns: uniform, zipf, refusal and hot ceilings, and the prefetching reference.
    static func all(threads: Int) -> [BenchmarkCase] {
        [
            arena(uniformName, uniform, full: false, threads: threads),
            arena(zipfName, zipf, full: false, threads: threads),
            arena(refusalName, uniform, full: true, threads: threads),
            arena(hotName, .uniform(accounts: 1), full: false, threads: threads),
            BenchmarkCase(name: prefetchName, threads: threads, ceiling: uniformName, shape: .fixedDuration) { config in
                ArenaCeiling(pattern: scaled(uniform, config), full: false, prefetch: true, config: config)
            },
        ]
    }

    /// An arena CAS case.
    private static func arena(_ name: String, _ pattern: AccessPattern, full: Bool,
                              threads: Int) -> BenchmarkCase {
        BenchmarkCase(name: name, threads: threads, ceiling: nil, shape: .fixedDuration) { config in
            ArenaCeiling(pattern: scaled(pattern, config), full: full, config: config)
        }
    }

    /// The pattern with its account count scaled for smoke runs.
    /// - Parameters:
    ///   - pattern: the real-run pattern.
    ///   - config: holds the scale divisor.
    /// - Returns: the pattern to build.
    static func scaled(_ pattern: AccessPattern, _ config: CaseConfig) -> AccessPattern {
        switch pattern {
        case let .uniform(accounts):
            accounts == 1 ? pattern : .uniform(accounts: config.scaled(accounts))
        case let .zipf(accounts, exponent):
            .zipf(accounts: config.scaled(accounts), exponent: exponent)
        }
    }
}
