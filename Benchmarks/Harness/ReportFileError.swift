/// A report or baseline file that could not be read or written.
struct ReportFileError: Error, CustomStringConvertible {
    /// The file.
    let path: String
    /// Whether reading (rather than writing) failed.
    var reading = false

    /// A one-line explanation.
    var description: String { "cannot \(reading ? "read" : "write") '\(path)'" }
}
