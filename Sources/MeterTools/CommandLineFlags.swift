import Foundation

/// A small declarative parser for `--name value`, `--name=value` and `--switch` flags.
///
/// Declare each flag once, keep the typed handle it returns, parse, then read values
/// through the handles:
///
/// ```swift
/// var flags = CommandLineFlags(command: "loadgen", summary: "Drives the engine.")
/// let threads = flags.int("threads", default: 2, in: 1...256, help: "Worker threads.")
/// let verbose = flags.switch("verbose", help: "Print progress.")
/// let values = flags.parseOrExit()
/// if values[verbose] { print(values[threads]) }
/// ```
///
/// `--help` is always understood. No user input can crash the parser: every problem is an
/// ``ArgumentError``. Declaring a flag twice, or naming one `help`, is a programmer error
/// and stops the program at declaration.
public struct CommandLineFlags: Sendable {
    /// The command name shown in the usage line.
    public let command: String
    /// One or two sentences shown under the usage line.
    public let summary: String
    private var declarations: [Declaration] = []

    private struct Declaration: Sendable {
        let name: String
        let help: String
        /// The value's placeholder such as `<int>`; `nil` for a switch.
        let placeholder: String?
        /// Allowed values and default, for the help text.
        let detail: String
        let convert: @Sendable (_ flag: String, _ text: String) throws(ArgumentError) -> any Sendable
    }

    /// Creates an empty declaration list.
    /// - Parameters:
    ///   - command: The program name for the usage line.
    ///   - summary: What the program does, for the help text.
    public init(command: String, summary: String) {
        self.command = command
        self.summary = summary
    }

    /// Declares a boolean switch: absent is `false`, `--name` or `--name=true` is `true`,
    /// `--name=false` is `false`. A switch never takes the next word as its value.
    /// - Parameters:
    ///   - name: The flag name without `--`.
    ///   - help: One line for the help text.
    /// - Returns: The handle to read the value with.
    public mutating func `switch`(_ name: String, help: String) -> Flag<Bool> {
        declare(name, help: help, placeholder: nil, detail: "", default: false) { flag, text throws(ArgumentError) in
            guard let value = Bool(text) else { throw .notOneOf(flag: flag, value: text, choices: ["true", "false"]) }
            return value
        }
    }

    /// Declares an integer flag.
    /// - Parameters:
    ///   - name: The flag name without `--`.
    ///   - defaultValue: The value when the flag is absent (not checked against `range`).
    ///   - range: The accepted values.
    ///   - help: One line for the help text.
    /// - Returns: The handle to read the value with.
    public mutating func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>, help: String) -> Flag<Int> {
        number(name, default: defaultValue, in: range, placeholder: "<int>", help: help)
    }

    /// Declares a floating-point flag; NaN and infinities are rejected as out of range.
    /// - Parameters:
    ///   - name: The flag name without `--`.
    ///   - defaultValue: The value when the flag is absent (not checked against `range`).
    ///   - range: The accepted values.
    ///   - help: One line for the help text.
    /// - Returns: The handle to read the value with.
    public mutating func double(_ name: String, default defaultValue: Double, in range: ClosedRange<Double>, help: String) -> Flag<Double> {
        number(name, default: defaultValue, in: range, placeholder: "<number>", help: help)
    }

    /// Declares a free-text flag.
    /// - Parameters:
    ///   - name: The flag name without `--`.
    ///   - defaultValue: The value when the flag is absent.
    ///   - help: One line for the help text.
    /// - Returns: The handle to read the value with.
    public mutating func string(_ name: String, default defaultValue: String, help: String) -> Flag<String> {
        declare(name, help: help, placeholder: "<text>", detail: "default \"\(defaultValue)\"", default: defaultValue) { _, text in text }
    }

    /// Declares a flag whose value is one case of an enumeration, spelled as its raw value.
    /// - Parameters:
    ///   - name: The flag name without `--`.
    ///   - defaultValue: The value when the flag is absent.
    ///   - help: One line for the help text.
    /// - Returns: The handle to read the value with.
    public mutating func choice<Choice>(_ name: String, default defaultValue: Choice, help: String) -> Flag<Choice>
    where Choice: RawRepresentable & CaseIterable & Sendable, Choice.RawValue == String {
        let choices = Choice.allCases.map(\.rawValue)
        let detail = "one of \(choices.joined(separator: ", ")); default \(defaultValue.rawValue)"
        return declare(name, help: help, placeholder: "<choice>", detail: detail, default: defaultValue) { flag, text throws(ArgumentError) in
            guard let value = Choice(rawValue: text) else { throw .notOneOf(flag: flag, value: text, choices: choices) }
            return value
        }
    }

    /// Parses arguments against the declarations.
    /// - Parameter arguments: The words after the program name.
    /// - Returns: The values; if `--help` appears anywhere, values with
    ///   ``Values/isHelpRequested`` set and nothing else parsed.
    /// - Throws: ``ArgumentError`` for the first word that does not fit. A flag given
    ///   twice keeps its last value. A value that itself starts with `--` must be written
    ///   `--name=--value`; negative numbers (`--offset -5`) need no such care.
    public func parse(_ arguments: [String]) throws(ArgumentError) -> Values {
        if arguments.contains("--help") { return Values(settings: [:], isHelpRequested: true) }
        var settings: [String: any Sendable] = [:]
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--") else { throw .unexpectedArgument(argument) }
            let body = argument.dropFirst(2)
            let equals = body.firstIndex(of: "=")
            let name = String(body[..<(equals ?? body.endIndex)])
            let inline = equals.map { String(body[body.index(after: $0)...]) }
            guard let declaration = declarations.first(where: { $0.name == name }) else { throw .unknownFlag("--\(name)") }
            let text: String
            if let inline {
                text = inline
            } else if declaration.placeholder == nil {
                text = "true"
            } else if let next = remaining.first, !next.hasPrefix("--") {
                text = next
                remaining.removeFirst()
            } else {
                throw .missingValue(flag: "--\(name)")
            }
            settings[name] = try declaration.convert("--\(name)", text)
        }
        return Values(settings: settings, isHelpRequested: false)
    }

    /// Parses the process's arguments, and exits on `--help` (status 0, help on standard
    /// output) or on an error (status 64, message and help on standard error).
    /// - Parameter arguments: The words after the program name; by default the process's.
    /// - Returns: The values, when the program should go on.
    public func parseOrExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Values {
        do {
            let values = try parse(arguments)
            guard values.isHelpRequested else { return values }
            print(helpText, terminator: "")
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n\n\(helpText)".utf8))
            exit(ArgumentError.exitCode)
        }
    }

    /// The help text generated from the declarations, ending in a newline.
    public var helpText: String {
        let help = Declaration(name: "help", help: "Show this help and exit.", placeholder: nil, detail: "") { _, _ in false }
        let rows = (declarations + [help]).map { declaration in
            let left = "--\(declaration.name)" + (declaration.placeholder.map { " \($0)" } ?? "")
            let right = declaration.help + (declaration.detail.isEmpty ? "" : " (\(declaration.detail))")
            return (left, right)
        }
        let width = rows.map(\.0.count).max() ?? 0
        let lines = rows.map { left, right in
            "  " + left + String(repeating: " ", count: width - left.count + 2) + right
        }
        return "USAGE: \(command) [flags]\n\n\(summary)\n\nFLAGS:\n" + lines.joined(separator: "\n") + "\n"
    }

    private mutating func number<Number>(
        _ name: String, default defaultValue: Number, in range: ClosedRange<Number>, placeholder: String, help: String
    ) -> Flag<Number> where Number: LosslessStringConvertible & Comparable & Sendable {
        let allowed = "\(range.lowerBound)...\(range.upperBound)"
        return declare(name, help: help, placeholder: placeholder, detail: "\(allowed); default \(defaultValue)", default: defaultValue) {
            flag, text throws(ArgumentError) in
            guard let value = Number(text) else { throw .notANumber(flag: flag, value: text) }
            guard range.contains(value) else { throw .outOfRange(flag: flag, value: text, allowed: allowed) }
            return value
        }
    }

    private mutating func declare<Value: Sendable>(
        _ name: String, help: String, placeholder: String?, detail: String, default defaultValue: Value,
        convert: @escaping @Sendable (_ flag: String, _ text: String) throws(ArgumentError) -> any Sendable
    ) -> Flag<Value> {
        precondition(!name.isEmpty && !name.contains("=") && name != "help", "invalid flag name '\(name)'")
        precondition(!declarations.contains { $0.name == name }, "flag '--\(name)' declared twice")
        declarations.append(Declaration(name: name, help: help, placeholder: placeholder, detail: detail, convert: convert))
        return Flag(name: name, defaultValue: defaultValue)
    }
}

extension CommandLineFlags {
    /// A typed handle to one declared flag, returned by the declaring method.
    public struct Flag<Value: Sendable>: Sendable {
        /// The flag name without `--`.
        public let name: String
        /// The value when the flag is absent.
        public let defaultValue: Value
    }

    /// The result of a parse: read each value through its ``Flag`` handle.
    public struct Values: Sendable {
        fileprivate let settings: [String: any Sendable]
        /// Whether `--help` was given; the caller should print ``CommandLineFlags/helpText``.
        public let isHelpRequested: Bool

        /// The parsed value of a flag, or its default when it was not given.
        /// - Parameter flag: A handle from the same ``CommandLineFlags``.
        /// - Returns: The value.
        public subscript<Value>(flag: Flag<Value>) -> Value {
            settings[flag.name] as? Value ?? flag.defaultValue
        }
    }
}
