/// A minimal RFC 4180 CSV writer.
///
/// Fields that contain a comma, a double quote, a line break, or that start or end with a
/// space are quoted, with inner quotes doubled; every record ends with CRLF.
public struct CSVWriter: Sendable {
    /// The document written so far.
    public private(set) var text = ""

    /// Creates a writer, optionally with a header record.
    /// - Parameter header: column names written as the first record; none when empty.
    public init(header: [String] = []) {
        if !header.isEmpty { append(header) }
    }

    /// Appends one record.
    /// - Parameter fields: the fields, unquoted.
    /// - Complexity: O(total length of the fields).
    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.quoted).joined(separator: ",")
        text += "\r\n"
    }

    /// A field as it appears in a record: itself, or quoted when RFC 4180 requires it.
    /// - Parameter field: the raw field.
    /// - Returns: the field, quoted with inner quotes doubled when needed.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0.isNewline }
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
