/// A row of an exportable report: a fixed list of column names and one value per column.
///
/// Column names are part of the public contract: they are the CSV header and the JSON
/// keys, snake_case, and they do not change between releases.
public protocol ReportRow: Sendable {
    /// The column names, in CSV order.
    static var columns: [String] { get }
    /// This row's values, one per column, in the same order.
    var values: [ReportValue] { get }
}
