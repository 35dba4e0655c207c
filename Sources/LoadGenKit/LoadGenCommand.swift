import Foundation
package import MeterTools

/// The `loadgen` executable's whole behaviour, in a library so tests can run it in-process.
public enum LoadGenCommand {
    /// Exit status of a run whose audit passed.
    public static let success: Int32 = 0
    /// Exit status of a run whose audit found a violation.
    public static let auditFailed: Int32 = 1
    /// Exit status of a bad command line (`EX_USAGE`).
    public static let usageError: Int32 = ArgumentError.exitCode
    /// Exit status when the engine refused the setup (`EX_SOFTWARE`).
    public static let setupFailed: Int32 = 70
    /// Exit status when the OS refuses a worker thread (`EX_OSERR`).
    public static let cannotStartThreads: Int32 = 71
    /// Exit status when a report file cannot be written (`EX_CANTCREAT`).
    public static let cannotWrite: Int32 = 73

    /// Parses the arguments, runs, prints progress (stderr) and the summary (stdout), writes
    /// the reports and returns the exit status; never crashes on bad input.
    /// - Parameter arguments: the words after the program name.
    /// - Returns: 0 (audit passed), 1 (audit failed), 64 (bad command line), 70, 71, 73.
    public static func main(_ arguments: [String]) async -> Int32 {
        await main(arguments, spawner: .posix)
    }

    /// ``main(_:)`` with the worker threads started by `spawner` (tests inject one that fails).
    package static func main(_ arguments: [String], spawner: ThreadGang.Spawner) async -> Int32 {
        let flags = LoadGenFlags()
        let config: LoadGenConfig
        do {
            guard let parsed = try flags.parse(arguments) else {
                print(flags.helpText, terminator: "")
                return success
            }
            config = parsed
        } catch {
            standardError("error: \(error)\n\n\(flags.helpText)")
            return usageError
        }
        // A report path that cannot be written fails now, not after a run of up to a day.
        // The check creates nothing and leaves an older report as it was.
        for path in [config.jsonPath, config.htmlPath].compactMap({ $0 }) where !ReportPath.isWritable(path) {
            standardError("error: cannot write a report to \(path)\n")
            return cannotWrite
        }
        #if DEBUG
        standardError("*** loadgen built in DEBUG: figures are not representative; use `swift run -c release loadgen` ***\n")
        #endif
        let result: RunResult
        do {
            result = try await LoadRun.run(config, spawner: spawner) { standardError($0 + "\n") }
        } catch let failure as ThreadGang.StartFailure {
            standardError("error: no debit was made: \(failure)\n")
            return cannotStartThreads
        } catch {
            standardError("error: the engine refused the setup: \(error)\n")
            return setupFailed
        }
        print(result.summary)
        let date = ISO8601DateFormatter().string(from: Date())
        do {
            if let path = config.jsonPath { try result.json(date: date).write(to: URL(fileURLWithPath: path)) }
            if let path = config.htmlPath { try Data(result.html(date: date).utf8).write(to: URL(fileURLWithPath: path)) }
        } catch {
            standardError("error: cannot write a report: \(error.localizedDescription)\n")
            return cannotWrite
        }
        return result.audit.passed ? success : auditFailed
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
