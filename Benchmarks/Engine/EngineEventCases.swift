/// The slow-path family: threshold crossings and a period-rollover storm.
enum EngineEventCases {
    /// Name of the threshold case.
    static let thresholdName = "engine/threshold-crossings"
    /// Name of the rollover case.
    static let rolloverName = "engine/rollover-storm-100k"

    /// The family at one thread count.
    /// - Parameter threads: the thread count.
    /// - Returns: the cases.
    static func all(threads: Int) -> [BenchmarkCase] {
        [
            BenchmarkCase(name: thresholdName, threads: threads, ceiling: nil,
                          shape: .fixedWork(samples: ThresholdCrossings.samples)) { config throws(BenchmarkFailure) in
                try await ThresholdCrossings(name: thresholdName, perSample: 25_000, config: config)
            },
            BenchmarkCase(name: rolloverName, threads: threads, ceiling: nil,
                          shape: .fixedWork(samples: RolloverStorm.samples)) { config throws(BenchmarkFailure) in
                try await RolloverStorm(name: rolloverName, accounts: 100_000, config: config)
            },
        ]
    }
}
