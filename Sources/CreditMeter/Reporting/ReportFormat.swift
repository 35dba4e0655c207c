import Foundation

/// The formats reports export to (R21, R22).
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// RFC 4180 CSV with a header record of the row type's column names (``CSVWriter``).
    case csv
    /// A JSON array with one object per row, keyed by column name, keys sorted.
    case json

    /// Renders rows in this format.
    /// - Parameter rows: the rows, in the order to write them.
    /// - Returns: the document as UTF-8 text.
    /// - Throws: ``BillingError/exportFailed(_:)`` when the JSON encoder fails.
    /// - Complexity: O(total size of the rows).
    public func render<Rows: Sequence>(_ rows: Rows) throws(BillingError) -> String where Rows.Element: ReportRow {
        let columns = Rows.Element.columns
        switch self {
        case .csv:
            var writer = CSVWriter(header: columns)
            for row in rows { writer.append(row.values.map(\.csvField)) }
            return writer.text
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let records = rows.map { JSONRecord(columns: columns, values: $0.values) }
            do {
                return String(decoding: try encoder.encode(records), as: UTF8.self)
            } catch {
                throw .exportFailed(String(describing: error))
            }
        }
    }
}

/// One row as a JSON object keyed by column name.
private struct JSONRecord: Encodable {
    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    let columns: [String]
    let values: [ReportValue]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (column, value) in zip(columns, values) {
            try container.encode(value, forKey: Key(stringValue: column))
        }
    }
}
