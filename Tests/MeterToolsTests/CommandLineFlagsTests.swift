import MeterTools
import Testing

@Suite("Command-line flags")
struct CommandLineFlagsTests {
    enum Distribution: String, CaseIterable, Sendable {
        case uniform, zipf
    }

    struct Declared {
        var flags = CommandLineFlags(command: "loadgen", summary: "Drives the engine.")
        let threads: CommandLineFlags.Flag<Int>
        let skew: CommandLineFlags.Flag<Double>
        let name: CommandLineFlags.Flag<String>
        let distribution: CommandLineFlags.Flag<Distribution>
        let verbose: CommandLineFlags.Flag<Bool>

        init() {
            threads = flags.int("threads", default: 2, in: 1...64, help: "Worker threads.")
            skew = flags.double("skew", default: 1.1, in: 0.1...4, help: "Zipf exponent.")
            name = flags.string("name", default: "run", help: "Run name.")
            distribution = flags.choice("distribution", default: Distribution.zipf, help: "Key distribution.")
            verbose = flags.switch("verbose", help: "Print progress.")
        }
    }

    struct Accepted: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let threads: Int
        let skew: Double
        let name: String
        let distribution: Distribution
        let verbose: Bool
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let accepted: [Accepted] = [
        Accepted(arguments: [], threads: 2, skew: 1.1, name: "run", distribution: .zipf, verbose: false),
        Accepted(arguments: ["--threads", "8"], threads: 8, skew: 1.1, name: "run", distribution: .zipf, verbose: false),
        Accepted(arguments: ["--threads=64", "--skew=0.1"], threads: 64, skew: 0.1, name: "run", distribution: .zipf, verbose: false),
        Accepted(arguments: ["--verbose", "--threads", "1"], threads: 1, skew: 1.1, name: "run", distribution: .zipf, verbose: true),
        Accepted(arguments: ["--verbose=false"], threads: 2, skew: 1.1, name: "run", distribution: .zipf, verbose: false),
        Accepted(arguments: ["--name", "-odd-", "--distribution", "uniform"], threads: 2, skew: 1.1, name: "-odd-", distribution: .uniform, verbose: false),
        Accepted(arguments: ["--name=a=b", "--name="], threads: 2, skew: 1.1, name: "", distribution: .zipf, verbose: false),
        Accepted(arguments: ["--threads", "3", "--threads", "5"], threads: 5, skew: 1.1, name: "run", distribution: .zipf, verbose: false),
    ]

    @Test("accepted command lines give typed values", arguments: accepted)
    func acceptedLines(_ c: Accepted) throws {
        let declared = Declared()
        let values = try declared.flags.parse(c.arguments)
        #expect(!values.isHelpRequested)
        #expect(values[declared.threads] == c.threads)
        #expect(values[declared.skew] == c.skew)
        #expect(values[declared.name] == c.name)
        #expect(values[declared.distribution] == c.distribution)
        #expect(values[declared.verbose] == c.verbose)
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let error: ArgumentError
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let rejected: [Rejected] = [
        Rejected(arguments: ["--thread", "2"], error: .unknownFlag("--thread")),
        Rejected(arguments: ["--"], error: .unknownFlag("--")),
        Rejected(arguments: ["--=3"], error: .unknownFlag("--")),
        Rejected(arguments: ["--threads"], error: .missingValue(flag: "--threads")),
        Rejected(arguments: ["--threads", "--verbose"], error: .missingValue(flag: "--threads")),
        Rejected(arguments: ["--threads", "two"], error: .notANumber(flag: "--threads", value: "two")),
        Rejected(arguments: ["--threads=99999999999999999999999"], error: .notANumber(flag: "--threads", value: "99999999999999999999999")),
        Rejected(arguments: ["--threads", "0"], error: .outOfRange(flag: "--threads", value: "0", allowed: "1...64")),
        Rejected(arguments: ["--threads=65"], error: .outOfRange(flag: "--threads", value: "65", allowed: "1...64")),
        Rejected(arguments: ["--skew", "nan"], error: .outOfRange(flag: "--skew", value: "nan", allowed: "0.1...4.0")),
        Rejected(arguments: ["--skew", "1,5"], error: .notANumber(flag: "--skew", value: "1,5")),
        Rejected(arguments: ["--distribution", "Zipf"], error: .notOneOf(flag: "--distribution", value: "Zipf", choices: ["uniform", "zipf"])),
        Rejected(arguments: ["--verbose=yes"], error: .notOneOf(flag: "--verbose", value: "yes", choices: ["true", "false"])),
        Rejected(arguments: ["-v"], error: .unexpectedArgument("-v")),
        Rejected(arguments: ["--verbose", "extra"], error: .unexpectedArgument("extra")),
        Rejected(arguments: [""], error: .unexpectedArgument("")),
    ]

    @Test("rejected command lines throw the matching ArgumentError", arguments: rejected)
    func rejectedLines(_ c: Rejected) {
        let declared = Declared()
        #expect(throws: c.error) { try declared.flags.parse(c.arguments) }
        #expect(!c.error.description.isEmpty)
    }

    @Test("--help wins wherever it appears, even after a bad flag")
    func help() throws {
        let declared = Declared()
        #expect(try declared.flags.parse(["--bogus", "--help"]).isHelpRequested)
        let text = declared.flags.helpText
        for expected in ["USAGE: loadgen", "--threads <int>", "1...64; default 2", "one of uniform, zipf; default zipf", "--verbose", "--help"] {
            #expect(text.contains(expected), "\(expected)")
        }
    }

    @Test("usage errors exit with EX_USAGE")
    func exitCode() {
        #expect(ArgumentError.exitCode == 64)
    }

    @Test("random command lines never crash the parser")
    func fuzz() {
        let declared = Declared()
        let words = ["--threads", "--skew", "--name", "--distribution", "--verbose", "--help", "--", "-", "=", "--threads=",
                     "--skew=1e308", "-1", "1", "0x10", "zipf", "", " ", "é", "--verbose=", "9223372036854775808", "inf"]
        var generator = Xoshiro256(seed: 7)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...5, using: &generator)
            let arguments = (0..<length).map { _ in words.randomElement(using: &generator) ?? "" }
            _ = try? declared.flags.parse(arguments)
        }
    }
}
