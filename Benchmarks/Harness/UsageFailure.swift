import MeterTools

#if canImport(Glibc)
import Glibc
#endif

/// Ends the process for a usage problem the flag parser cannot see (a combination of
/// flags, an unreadable file): message on standard error, exit 64 like the parser.
enum UsageFailure {
    /// Prints `error: message` and the help text to standard error and exits 64.
    /// - Parameters:
    ///   - message: what is wrong.
    ///   - help: the help text, or empty.
    static func exit(_ message: String, help: String = "") -> Never {
        StandardError.write("error: \(message)\n" + (help.isEmpty ? "" : "\n" + help))
        Glibc.exit(ArgumentError.exitCode)
    }
}
