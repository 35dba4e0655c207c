import Foundation
import CreditMeter
import LoadGenKit
import MeterTools
import Testing

/// loadgen's command line: every flag parses into the configuration; bad input is a typed
/// `ArgumentError` and exit status 64, never a crash.
@Suite("loadgen flags")
struct LoadGenFlagsTests {
    @Test("no flags give the defaults")
    func defaults() throws {
        let config = try #require(try LoadGenFlags().parse([]))
        #expect(config == LoadGenConfig())
        #expect(config.accounts == 100_000 && config.duration == 10 && config.workload == .mixed && config.rate == nil)
    }

    @Test("every flag sets its field")
    func everyFlag() throws {
        let config = try #require(try LoadGenFlags().parse([
            "--accounts", "200", "--threads=3", "--duration", "0.5", "--workload", "rollover", "--skew", "1.2",
            "--api", "batch", "--batch", "16", "--rate", "5000", "--control-rate", "50", "--seed", "7",
            "--json", "out.json", "--html", "out.html", "--quiet", "--usage-row-blocks", "5",
        ]))
        var expected = LoadGenConfig()
        expected.accounts = 200
        expected.threads = 3
        expected.duration = 0.5
        expected.workload = .rollover
        expected.skew = 1.2
        expected.api = .batch
        expected.batch = 16
        expected.rate = 5_000
        expected.controlRate = 50
        expected.seed = 7
        expected.jsonPath = "out.json"
        expected.htmlPath = "out.html"
        expected.quiet = true
        expected.usageRowBlocks = 5
        #expect(config == expected)
    }

    @Test("--help asks for the help text")
    func help() throws {
        #expect(try LoadGenFlags().parse(["--threads", "2", "--help"]) == nil)
        #expect(LoadGenFlags().helpText.contains("--control-rate"))
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let error: ArgumentError
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let badCases: [BadCase] = [
        BadCase(arguments: ["--bogus"], error: .unknownFlag("--bogus")),
        BadCase(arguments: ["--accounts", "many"], error: .notANumber(flag: "--accounts", value: "many")),
        BadCase(arguments: ["--accounts", "0"], error: .outOfRange(flag: "--accounts", value: "0", allowed: "1...1000000")),
        BadCase(arguments: ["--threads", "-1"], error: .outOfRange(flag: "--threads", value: "-1", allowed: "1...1024")),
        BadCase(arguments: ["--duration", "nan"], error: .outOfRange(flag: "--duration", value: "nan", allowed: "0.1...86400.0")),
        BadCase(arguments: ["--workload", "spiky"],
                error: .notOneOf(flag: "--workload", value: "spiky", choices: ["uniform", "zipf", "hot", "mixed", "rollover"])),
        BadCase(arguments: ["--api", "grpc"], error: .notOneOf(flag: "--api", value: "grpc", choices: ["handle", "id", "batch", "handle-batch", "actor"])),
        BadCase(arguments: ["--batch"], error: .missingValue(flag: "--batch")),
        BadCase(arguments: ["--usage-row-blocks", "0"],
                error: .outOfRange(flag: "--usage-row-blocks", value: "0", allowed: "1...\(Ledger.maximumUsageRowBlocks)")),
        BadCase(arguments: ["--seed", "99999999999999999999"], error: .notANumber(flag: "--seed", value: "99999999999999999999")),
        BadCase(arguments: ["10"], error: .unexpectedArgument("10")),
    ]

    @Test("accounts × threads past the shadow-book budget is a usage error, not an out-of-memory crash")
    func memoryBudget() throws {
        #expect(throws: ArgumentError.outOfRange(flag: "--accounts", value: "1000000",
                                                 allowed: "1...30615 with 1024 threads (shadow books fit in 4 GiB)")) {
            try LoadGenFlags().parse(["--accounts", "1000000", "--threads", "1024", "--workload", "mixed"])
        }
        #expect(try LoadGenFlags().parse(["--accounts", "30615", "--threads", "1024"])?.accounts == 30_615)
    }

    @Test("bad input is a typed error", arguments: badCases)
    func bad(_ c: BadCase) {
        #expect(throws: c.error) { try LoadGenFlags().parse(c.arguments) }
    }

    @Test("a report path that cannot be written exits with status 73 before any run, touching no report",
          arguments: [false, true])
    func unwritableReport(olderReport: Bool) async throws {
        // The JSON path can be written, the HTML path cannot. Checked before the run, the
        // JSON path is left as it was: no file, or an older report with its contents.
        // Checked after the run, it would hold the new report.
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("loadgen-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: json) }
        let older = Data("{\"older\":true}".utf8)
        if olderReport { #expect(FileManager.default.createFile(atPath: json, contents: older)) }
        let html = "/nonexistent-\(UUID().uuidString)/report.html"
        let status = await LoadGenCommand.main(["--json", json, "--html", html, "--duration", "0.1", "--accounts", "10", "--quiet"])
        #expect(status == 73)
        #expect(FileManager.default.contents(atPath: json) == (olderReport ? older : nil))
    }

    @Test("a worker thread the OS refuses exits with status 71 without running",
          arguments: ["loadgen-join", "loadgen-0", "loadgen-1"])
    func refusedThread(refused: String) async {
        let spawner = ThreadGang.Spawner { name, entry in
            name == refused ? EAGAIN : ThreadGang.Spawner.posix.start(name, entry)
        }
        // A run that missed the refusal would either wait forever for its workers or, with
        // fewer workers, run its second and pass its audit: status 0.
        let status = await LoadGenCommand.main(["--threads", "2", "--duration", "1", "--accounts", "10", "--quiet"],
                                               spawner: spawner)
        #expect(status == LoadGenCommand.cannotStartThreads)
        #expect(status == 71)
    }

    @Test("bad input exits with status 64 before any run", arguments: badCases)
    func exitStatus(_ c: BadCase) async {
        #expect(await LoadGenCommand.main(c.arguments) == 64)
    }
}
