/// Why a command line was rejected, with a message fit to show the user.
///
/// The associated flag names include their leading `--`.
public enum ArgumentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `--flag` that was never declared.
    case unknownFlag(String)
    /// A flag that takes a value came last, or was followed by another flag.
    case missingValue(flag: String)
    /// The value of a numeric flag does not parse as a number of its type.
    case notANumber(flag: String, value: String)
    /// The value parses but lies outside the declared range (which `allowed` spells out).
    case outOfRange(flag: String, value: String, allowed: String)
    /// The value is not one of the declared choices.
    case notOneOf(flag: String, value: String, choices: [String])
    /// A word that is not a `--flag` (this parser takes no positional arguments).
    case unexpectedArgument(String)

    /// The process exit status for a usage error: `EX_USAGE` from `sysexits.h`.
    public static let exitCode: Int32 = 64

    /// One line saying what is wrong and what is expected.
    public var description: String {
        switch self {
        case .unknownFlag(let flag):
            "unknown flag '\(flag)' (see --help)"
        case .missingValue(let flag):
            "flag '\(flag)' needs a value"
        case .notANumber(let flag, let value):
            "flag '\(flag)' expects a number, got '\(value)'"
        case .outOfRange(let flag, let value, let allowed):
            "flag '\(flag)' must be in \(allowed), got '\(value)'"
        case .notOneOf(let flag, let value, let choices):
            "flag '\(flag)' must be one of \(choices.joined(separator: ", ")), got '\(value)'"
        case .unexpectedArgument(let argument):
            "unexpected argument '\(argument)': flags start with '--' (see --help)"
        }
    }
}
