// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: Swift 6 mode (complete concurrency checking) and the
/// upcoming features that keep the API surface honest.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// `METER_INTERNAL_CHECKS` re-verifies invariants after operations in debug builds.
let engineSettings: [SwiftSetting] = strictSettings + [
    .define("METER_INTERNAL_CHECKS", .when(configuration: .debug)),
]

let package = Package(
    name: "CreditMeter",
    products: [
        .library(name: "CreditMeter", targets: ["CreditMeter"]),
        .executable(name: "loadgen", targets: ["loadgen"]),
    ],
    targets: [
        .target(name: "CreditMeter", dependencies: ["CreditMeterPrefetch"], swiftSettings: engineSettings),
        // Two inline C functions, prefetches, which Swift cannot spell (debits and batches).
        .target(name: "CreditMeterPrefetch"),
        .target(
            name: "LoadGenKit",
            dependencies: ["CreditMeter", "MeterTools"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "loadgen",
            dependencies: ["LoadGenKit"],
            path: "LoadGen",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LoadGenTests",
            dependencies: ["LoadGenKit", "CreditMeter"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CreditMeterTests",
            dependencies: ["CreditMeter", "MeterTools"],
            swiftSettings: strictSettings
        ),
        // Hand-written tooling shared by LoadGen and the benchmark harness (no dependencies).
        .target(name: "MeterTools", swiftSettings: strictSettings),
        .testTarget(
            name: "MeterToolsTests",
            dependencies: ["MeterTools"],
            swiftSettings: strictSettings
        ),
        // `swift run -c release benchmarks`: engine cases against same-run ceilings and peers.
        .executableTarget(
            name: "benchmarks",
            dependencies: ["CreditMeter", "MeterTools", "CreditMeterPrefetch"],
            path: "Benchmarks",
            exclude: ["baseline.json"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BenchmarksTests",
            dependencies: ["benchmarks", "MeterTools"],
            swiftSettings: strictSettings
        ),
    ]
)
