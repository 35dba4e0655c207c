/// One cell of a report row, typed so that JSON keeps numbers as numbers.
public enum ReportValue: Sendable, Hashable, Encodable {
    /// Text, written as is in CSV (quoted when needed) and as a JSON string.
    case text(String)
    /// A signed integer, such as an amount in minor units.
    case integer(Int64)
    /// An unsigned integer, such as a credit count.
    case unsigned(UInt64)
    /// No value: an empty CSV field and JSON `null` (a monthly limit with no cap).
    case empty

    /// The value as a CSV field, before quoting. Text that a spreadsheet would read as a
    /// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return; feature keys
    /// come from catalog data) gets a leading `'`, so it opens as text (CSV injection).
    /// Numbers are written as they are.
    public var csvField: String {
        switch self {
        case .text(let text): text.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true ? "'" + text : text
        case .integer(let value): String(value)
        case .unsigned(let value): String(value)
        case .empty: ""
        }
    }

    /// Encodes the bare value: a string, a number or `null`.
    /// - Parameter encoder: the encoder.
    /// - Throws: whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .integer(let value): try container.encode(value)
        case .unsigned(let value): try container.encode(value)
        case .empty: try container.encodeNil()
        }
    }
}
